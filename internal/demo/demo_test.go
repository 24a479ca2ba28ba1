package demo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kotormo/kotormo/internal/demo"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestDemoLoadsTheSampleReleaseOnce(t *testing.T) {
	for _, langs := range []string{"en,ru,ky", "en,ru,ky,uz"} {
		t.Run("with languages "+langs, func(t *testing.T) {
			ctx := context.Background()
			s := mongotest.Store(t, langs)
			logins, err := demo.Load(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(logins) != 4 {
				t.Fatalf("logins: %v", logins)
			}
			for _, l := range logins {
				if _, err := s.Authenticate(ctx, l.Email, l.Password); err != nil {
					t.Errorf("demo login %s: %v", l.Email, err)
				}
			}
			r, err := s.Release(ctx, "solar-water-naryn")
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]newsroom.State{"en": newsroom.StatePublished, "ru": newsroom.StatePublished, "ky": newsroom.StateInReview, "uz": newsroom.StateUntranslated}
			for _, l := range s.Langs().Codes() {
				if r.Versions[l].State != want[l] {
					t.Errorf("%s is %s, want %s", l, r.Versions[l].State, want[l])
				}
			}
			pubs, _ := s.PublishedOf(ctx, r.ID)
			if len(pubs) != 2 {
				t.Fatalf("published: %d", len(pubs))
			}
			if _, err := demo.Load(ctx, s); !errors.Is(err, demo.ErrNotEmpty) {
				t.Fatalf("second load: %v", err)
			}
		})
	}
}

func TestDemoShowsWhatKotormoIsFor(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Store(t, "en,ru,ky")
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListReleases(ctx, newsroom.ReleaseFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total < 5 {
		t.Fatalf("the demo has %d releases, want at least 5", page.Total)
	}
	states := map[newsroom.State]bool{}
	fully, outdatedKy := false, false
	for _, it := range page.Releases {
		r, err := s.Release(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		all := true
		for _, l := range []string{"en", "ru", "ky"} {
			states[r.Versions[l].State] = true
			all = all && r.Versions[l].State == newsroom.StatePublished
		}
		fully = fully || all
		if newsroom.Outdated(r.Versions["ky"], r.Versions[r.SourceLang]) && r.Versions["ky"].State == newsroom.StatePublished {
			outdatedKy = true
		}
	}
	if !fully {
		t.Error("no release is published in all three languages")
	}
	if !outdatedKy {
		t.Error("no release has an outdated Kyrgyz translation")
	}
	for _, st := range []newsroom.State{newsroom.StateUntranslated, newsroom.StateDraft, newsroom.StateInReview, newsroom.StateChangesRequested, newsroom.StateApproved, newsroom.StatePublished} {
		if !states[st] {
			t.Errorf("no language version is %s", st)
		}
	}
}
