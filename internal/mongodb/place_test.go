package mongodb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// publishedPlaces maps each published language of release id to its snapshot's place.
func publishedPlaces(t *testing.T, s *mongodb.Store, id string) map[string]string {
	t.Helper()
	pubs, err := s.PublishedOf(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range pubs {
		out[p.Lang] = p.Place
	}
	return out
}

func TestATranslatorsPlaceIsStoredReviewedAndPublishedBeforeTheReleasesPlace(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Store(t, "en,ru,ky")
	p := newPeople(t, s)
	r := newRelease(t, s, p.editor, "UN Launches Programme")
	ru := newsroom.Content{Title: "ООН запускает программу", Lead: "Лид.", Body: "Первый абзац.\n\nВторой абзац.", Place: " БИШКЕК "}
	v, err := s.Save(ctx, p.trRu, r.ID, "ru", newsroom.Change{Content: ru})
	if err != nil {
		t.Fatal(err)
	}
	rev, err := s.Revision(ctx, r.ID, "ru", v.Rev)
	if err != nil || rev.Content.Place != "БИШКЕК" {
		t.Fatalf("stored revision place = %q (%v), want БИШКЕК", rev.Content.Place, err)
	}

	t.Run("a save that changes only the place is a new revision; the same place is not", func(t *testing.T) {
		same, err := s.Save(ctx, p.trRu, r.ID, "ru", newsroom.Change{BaseRev: v.Rev, Content: ru})
		if err != nil || same.Rev != v.Rev {
			t.Fatalf("unchanged save: rev %d (%v), want %d", same.Rev, err, v.Rev)
		}
		moved := ru
		moved.Place = "Бишкек"
		next, err := s.Save(ctx, p.trRu, r.ID, "ru", newsroom.Change{BaseRev: v.Rev, Content: moved})
		if err != nil || next.Rev != v.Rev+1 {
			t.Fatalf("place-only save: rev %d (%v), want %d", next.Rev, err, v.Rev+1)
		}
		if v, err = s.Save(ctx, p.trRu, r.ID, "ru", newsroom.Change{BaseRev: next.Rev, Content: ru}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("a place over the limit is refused and nothing is written", func(t *testing.T) {
		long := ru
		long.Place = strings.Repeat("ө", newsroom.MaxPlace+1)
		if _, err := s.Save(ctx, p.trRu, r.ID, "ru", newsroom.Change{BaseRev: v.Rev, Content: long}); code(err) != newsroom.EInvalid {
			t.Fatalf("save = %v, want %s", err, newsroom.EInvalid)
		}
		got, _ := s.Release(ctx, r.ID)
		if got.Versions["ru"].Rev != v.Rev {
			t.Fatalf("rev moved to %d", got.Versions["ru"].Rev)
		}
	})

	publish := func(t *testing.T, lang string, tr, rv *newsroom.User) {
		t.Helper()
		for _, st := range []struct {
			u *newsroom.User
			a newsroom.Action
		}{{tr, newsroom.ActionSubmit}, {rv, newsroom.ActionApprove}, {p.editor, newsroom.ActionPublish}} {
			if _, err := s.Transition(ctx, st.u, r.ID, lang, newsroom.Change{Action: st.a, Override: "Checked by hand in this test."}); err != nil {
				t.Fatalf("%s %s: %v", lang, st.a, err)
			}
		}
	}
	publish(t, "ru", p.trRu, p.revRu)
	if _, err := s.Save(ctx, p.trKy, r.ID, "ky", newsroom.Change{Content: newsroom.Content{Title: "БУУ программаны баштады", Lead: "Лид.", Body: "Биринчи.\n\nЭкинчи."}}); err != nil {
		t.Fatal(err)
	}
	publish(t, "ky", p.trKy, p.revKy2)

	if got := publishedPlaces(t, s, r.ID); got["ru"] != "БИШКЕК" || got["ky"] != "Бишкек" {
		t.Fatalf("published places %v, want ru БИШКЕК (the version's), ky Бишкек (the release's)", got)
	}
	pubs, _ := s.PublishedOf(ctx, r.ID)
	for _, pb := range pubs {
		if pb.Lang == "ru" && pb.Content.Place != "БИШКЕК" {
			t.Errorf("ru snapshot's own place = %q", pb.Content.Place)
		}
	}

	// The editor changes the release's places: the Russian snapshot keeps
	// its translator's place, the Kyrgyz one follows the release.
	if _, err := s.UpdateRelease(ctx, p.editor, r.ID, newsroom.ReleaseUpdate{Places: map[string]string{"ru": "г. Бишкек", "ky": "Бишкек ш."}}); err != nil {
		t.Fatal(err)
	}
	if got := publishedPlaces(t, s, r.ID); got["ru"] != "БИШКЕК" || got["ky"] != "Бишкек ш." {
		t.Fatalf("after the release's places changed: %v, want ru БИШКЕК, ky Бишкек ш.", got)
	}
}
