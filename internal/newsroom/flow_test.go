package newsroom_test

import (
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// TestWholeWorkflowWithFourLanguages runs one release through the workflow on
// a server configured with a fourth language, Uzbek, using nothing but Apply:
// the editor writes the source, the Uzbek translator translates, one reviewer
// sends it back, the translator fixes it, another reviewer approves, the
// editor publishes.
func TestWholeWorkflowWithFourLanguages(t *testing.T) {
	langs := newsroom.MustLanguages("en,ru,ky,uz")
	editor := user("editor", []newsroom.Role{newsroom.RoleEditor})
	translator := user("dilnoza", []newsroom.Role{newsroom.RoleTranslator, newsroom.RoleReviewer}, "uz")
	reviewer1 := user("rustam", []newsroom.Role{newsroom.RoleReviewer}, "uz")
	reviewer2 := user("zarina", []newsroom.Role{newsroom.RoleReviewer}, "uz", "ky")

	in := newsroom.NewRelease{Date: time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC), Places: map[string]string{"en": "Bishkek", "uz": "Bishkek"},
		Content: newsroom.Content{Title: "UN marks 20 years in Kyrgyzstan", Lead: "Bishkek, 14 October 2016 – over $62 million…", Body: "Quote."}}
	if err := in.Validate(langs); err != nil {
		t.Fatal(err)
	}
	rel := &newsroom.Release{ID: "r1", Slug: in.Slug, SourceLang: in.SourceLang, Date: in.Date, Places: in.Places, Versions: map[string]*newsroom.Version{}}
	for _, l := range langs.Codes() {
		rel.Versions[l] = &newsroom.Version{ReleaseID: rel.ID, Lang: l, State: newsroom.StateUntranslated}
	}
	var audit []newsroom.AuditEntry
	clock := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)

	steps := []struct {
		name      string
		actor     *newsroom.User
		lang      string
		ch        newsroom.Change
		wantCode  string
		wantState newsroom.State
		wantRev   int
	}{
		{"the editor creates the English source", editor, "en",
			newsroom.Change{Action: newsroom.ActionSave, BaseRev: 0, Content: in.Content}, "", newsroom.StateDraft, 1},
		{"the Uzbek translator saves a first translation", translator, "uz",
			newsroom.Change{Action: newsroom.ActionSave, BaseRev: 0, Content: newsroom.Content{Title: "BMT Qirg'izistonda 20 yilligini nishonlaydi"}}, "", newsroom.StateDraft, 1},
		{"the Uzbek translator submits it", translator, "uz",
			newsroom.Change{Action: newsroom.ActionSubmit}, "", newsroom.StateInReview, 1},
		{"the translator, who also reviews Uzbek, may not approve her own text", translator, "uz",
			newsroom.Change{Action: newsroom.ActionApprove}, newsroom.EForbidden, newsroom.StateInReview, 1},
		{"the first reviewer requests changes with a comment", reviewer1, "uz",
			newsroom.Change{Action: newsroom.ActionRequestChanges, Comment: "The figure in paragraph 2 is missing."}, "", newsroom.StateChangesRequested, 1},
		{"the editor may not publish a translation that is not approved", editor, "uz",
			newsroom.Change{Action: newsroom.ActionPublish}, newsroom.EConflict, newsroom.StateChangesRequested, 1},
		{"the translator saves the fix", translator, "uz",
			newsroom.Change{Action: newsroom.ActionSave, BaseRev: 1, Content: newsroom.Content{Title: "BMT Qirg'izistonda 20 yilligini nishonlaydi", Lead: "62 million dollardan ortiq"}}, "", newsroom.StateDraft, 2},
		{"the translator resubmits", translator, "uz",
			newsroom.Change{Action: newsroom.ActionSubmit}, "", newsroom.StateInReview, 2},
		{"a second reviewer approves", reviewer2, "uz",
			newsroom.Change{Action: newsroom.ActionApprove}, "", newsroom.StateApproved, 2},
		{"the editor publishes the Uzbek version", editor, "uz",
			newsroom.Change{Action: newsroom.ActionPublish}, "", newsroom.StatePublished, 2},
	}
	for _, st := range steps {
		ok := t.Run(st.name, func(t *testing.T) {
			clock = clock.Add(time.Minute)
			st.ch.Now = clock
			v := rel.Versions[st.lang]
			next, entry, err := newsroom.Apply(st.actor, rel, *v, rel.Versions[rel.SourceLang], st.ch)
			if code := newsroom.ErrorCode(err); code != st.wantCode {
				t.Fatalf("error = %v (code %q), want code %q", err, code, st.wantCode)
			}
			if err == nil {
				if entry.Seq != v.Seq+1 || entry.From != v.State || entry.To != next.State || entry.Actor != st.actor.ID || entry.Lang != st.lang || entry.Comment != st.ch.Comment || !entry.At.Equal(clock) {
					t.Errorf("audit entry %+v does not match the step", entry)
				}
				*v = next
				audit = append(audit, entry)
			}
			if v.State != st.wantState || v.Rev != st.wantRev {
				t.Errorf("uz is %s at revision %d, want %s at revision %d", v.State, v.Rev, st.wantState, st.wantRev)
			}
		})
		if !ok {
			t.FailNow()
		}
	}

	uz := rel.Versions["uz"]
	if uz.PublishedRev != 2 || !uz.PublishedAt.Equal(clock) || uz.SourceRev != 1 || uz.Seq != 7 {
		t.Errorf("published Uzbek head: %+v", uz)
	}
	if newsroom.Outdated(uz, rel.Versions["en"]) {
		t.Error("the Uzbek version is outdated though the source did not change")
	}
	for _, l := range []string{"ru", "ky"} {
		if v := rel.Versions[l]; v.State != newsroom.StateUntranslated || v.Seq != 0 {
			t.Errorf("%s was touched by work on other languages: %+v", l, v)
		}
	}
	wantTrail := []struct {
		lang, action string
		from, to     newsroom.State
	}{
		{"en", "save", newsroom.StateUntranslated, newsroom.StateDraft},
		{"uz", "save", newsroom.StateUntranslated, newsroom.StateDraft},
		{"uz", "submit", newsroom.StateDraft, newsroom.StateInReview},
		{"uz", "request-changes", newsroom.StateInReview, newsroom.StateChangesRequested},
		{"uz", "save", newsroom.StateChangesRequested, newsroom.StateDraft},
		{"uz", "submit", newsroom.StateDraft, newsroom.StateInReview},
		{"uz", "approve", newsroom.StateInReview, newsroom.StateApproved},
		{"uz", "publish", newsroom.StateApproved, newsroom.StatePublished},
	}
	if len(audit) != len(wantTrail) {
		t.Fatalf("audit has %d entries, want %d: %+v", len(audit), len(wantTrail), audit)
	}
	for i, w := range wantTrail {
		if e := audit[i]; e.Lang != w.lang || e.Action != w.action || e.From != w.from || e.To != w.to || e.ReleaseID != "r1" {
			t.Errorf("audit[%d] = %+v, want %s %s %s→%s", i, e, w.lang, w.action, w.from, w.to)
		}
	}
}
