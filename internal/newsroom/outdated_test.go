package newsroom_test

import (
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// TestOutdated follows one release through source edits, typo fixes and
// translator confirmations, checking after every step whether the Kyrgyz
// translation is outdated.
func TestOutdated(t *testing.T) {
	rel := testRelease()
	editor := user("editor", []newsroom.Role{newsroom.RoleEditor})
	kyTranslator := user("aida", []newsroom.Role{newsroom.RoleTranslator}, thisLang)
	enTranslator := user("john", []newsroom.Role{newsroom.RoleTranslator}, sourceLang)
	source := newsroom.Version{ReleaseID: "r1", Lang: sourceLang, State: newsroom.StateUntranslated}
	ky := newsroom.Version{ReleaseID: "r1", Lang: thisLang, State: newsroom.StateUntranslated}

	saveSource := func(ch newsroom.Change) newsroom.Change {
		ch.Action, ch.BaseRev, ch.Content = newsroom.ActionSave, source.Rev, newsroom.Content{Title: "Source"}
		return ch
	}
	saveKy := func(sourceRev int) newsroom.Change {
		return newsroom.Change{Action: newsroom.ActionSave, BaseRev: ky.Rev, SourceRev: sourceRev, Content: newsroom.Content{Title: "Котормо"}}
	}
	markNS := func(reason string) newsroom.Change {
		return newsroom.Change{Action: newsroom.ActionMarkNotSubstantive, Comment: reason}
	}

	steps := []struct {
		name string
		// onSource applies the change to the source version, else to the translation.
		onSource     bool
		actor        *newsroom.User
		ch           func() newsroom.Change
		wantCode     string
		wantOutdated bool
		wantPin      int // the translation's SourceRev after the step
	}{
		{name: "the editor writes source revision 1", onSource: true, actor: editor,
			ch: func() newsroom.Change { return saveSource(newsroom.Change{}) }},
		{name: "an untranslated translation is not outdated", onSource: true, actor: editor,
			ch: func() newsroom.Change { return saveSource(newsroom.Change{}) }, wantOutdated: false},
		{name: "a translation saved with source revision 0 pins to the current source revision", actor: kyTranslator,
			ch: func() newsroom.Change { return saveKy(0) }, wantPin: 2},
		{name: "a translation saved from an older source revision pins to it and is outdated", actor: kyTranslator,
			ch: func() newsroom.Change { return saveKy(1) }, wantPin: 1, wantOutdated: true},
		{name: "a source revision beyond the current one is invalid", actor: kyTranslator,
			ch: func() newsroom.Change { return saveKy(3) }, wantCode: newsroom.EInvalid, wantPin: 1, wantOutdated: true},
		{name: "a negative source revision is invalid", actor: kyTranslator,
			ch: func() newsroom.Change { return saveKy(-1) }, wantCode: newsroom.EInvalid, wantPin: 1, wantOutdated: true},
		{name: "the translation pinned to source revision 2 is current", actor: kyTranslator,
			ch: func() newsroom.Change { return saveKy(2) }, wantPin: 2},
		{name: "the editor's source revision 3 outdates the translation", onSource: true, actor: editor,
			ch: func() newsroom.Change { return saveSource(newsroom.Change{}) }, wantPin: 2, wantOutdated: true},
		{name: "marking the source change not substantive without a reason is invalid", onSource: true, actor: editor,
			ch: func() newsroom.Change { return markNS("  ") }, wantCode: newsroom.EInvalid, wantPin: 2, wantOutdated: true},
		{name: "a translator of the source language may not mark the source change not substantive", onSource: true, actor: enTranslator,
			ch: func() newsroom.Change { return markNS("Typo.") }, wantCode: newsroom.EForbidden, wantPin: 2, wantOutdated: true},
		{name: "the translator of the outdated language may not mark the source change either", onSource: true, actor: kyTranslator,
			ch: func() newsroom.Change { return markNS("Typo.") }, wantCode: newsroom.EForbidden, wantPin: 2, wantOutdated: true},
		{name: "the editor marking the source change not substantive un-outdates the translation", onSource: true, actor: editor,
			ch: func() newsroom.Change { return markNS("Typo: Bishek → Bishkek.") }, wantPin: 2},
		{name: "the same source change cannot be marked twice", onSource: true, actor: editor,
			ch: func() newsroom.Change { return markNS("Again.") }, wantCode: newsroom.EConflict, wantPin: 2},
		{name: "the translator confirming a translation that is not outdated conflicts", actor: kyTranslator,
			ch: func() newsroom.Change { return markNS("Still matches.") }, wantCode: newsroom.EConflict, wantPin: 2},
		{name: "source revision 4 outdates the translation again", onSource: true, actor: editor,
			ch: func() newsroom.Change { return saveSource(newsroom.Change{}) }, wantPin: 2, wantOutdated: true},
		{name: "the translator confirming without a reason is invalid", actor: kyTranslator,
			ch: func() newsroom.Change { return markNS("") }, wantCode: newsroom.EInvalid, wantPin: 2, wantOutdated: true},
		{name: "a translator of another language may not confirm the translation", actor: user("rus", []newsroom.Role{newsroom.RoleTranslator}, otherLang),
			ch: func() newsroom.Change { return markNS("Fine.") }, wantCode: newsroom.EForbidden, wantPin: 2, wantOutdated: true},
		{name: "the translator confirming the outdated translation re-pins it to the current source revision", actor: kyTranslator,
			ch: func() newsroom.Change { return markNS("Only the dateline changed.") }, wantPin: 4},
		{name: "source revision 5 outdates the translation once more", onSource: true, actor: editor,
			ch: func() newsroom.Change { return saveSource(newsroom.Change{}) }, wantPin: 4, wantOutdated: true},
		{name: "an editor may confirm a translation too", actor: editor,
			ch: func() newsroom.Change { return markNS("Checked with the translator.") }, wantPin: 5},
	}
	for _, st := range steps {
		ok := t.Run(st.name, func(t *testing.T) {
			ch := st.ch()
			ch.Now = testNow
			target := &ky
			if st.onSource {
				target = &source
			}
			before := *target
			next, entry, err := newsroom.Apply(st.actor, rel, *target, &source, ch)
			if code := newsroom.ErrorCode(err); code != st.wantCode {
				t.Fatalf("error = %v (code %q), want code %q", err, code, st.wantCode)
			}
			if err == nil {
				*target = next
				if ch.Action == newsroom.ActionMarkNotSubstantive {
					if next.State != before.State || next.Rev != before.Rev {
						t.Errorf("marking not substantive changed state or revision: %+v -> %+v", before, next)
					}
					if entry.Comment != strings.TrimSpace(ch.Comment) || entry.Action != string(newsroom.ActionMarkNotSubstantive) || entry.Actor != st.actor.ID {
						t.Errorf("audit entry %+v does not record the reason and the actor", entry)
					}
				}
			}
			if ky.Rev > 0 && ky.SourceRev != st.wantPin {
				t.Errorf("translation pinned to source revision %d, want %d", ky.SourceRev, st.wantPin)
			}
			if got := newsroom.Outdated(&ky, &source); got != st.wantOutdated {
				t.Errorf("Outdated = %v, want %v (translation pinned to %d; source at %d, substantive %d)", got, st.wantOutdated, ky.SourceRev, source.Rev, source.SubstantiveRev)
			}
		})
		if !ok {
			t.FailNow() // later steps build on this one
		}
	}
}

// TestOutdatedEdgeCases checks Outdated on versions that cannot be outdated.
func TestOutdatedEdgeCases(t *testing.T) {
	source := &newsroom.Version{Lang: "en", Rev: 3, SubstantiveRev: 3}
	tests := []struct {
		name        string
		translation *newsroom.Version
		source      *newsroom.Version
		want        bool
	}{
		{"a translation pinned to an older source revision is outdated", &newsroom.Version{Lang: "ky", Rev: 1, SourceRev: 2}, source, true},
		{"a translation pinned to the latest substantive revision is current", &newsroom.Version{Lang: "ky", Rev: 1, SourceRev: 3}, source, false},
		{"an untranslated version is never outdated", &newsroom.Version{Lang: "ky"}, source, false},
		{"the source version is never outdated against itself", source, source, false},
		{"a missing translation is not outdated", nil, source, false},
		{"a translation without a source head is not outdated", &newsroom.Version{Lang: "ky", Rev: 1, SourceRev: 1}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newsroom.Outdated(tt.translation, tt.source); got != tt.want {
				t.Errorf("Outdated = %v, want %v", got, tt.want)
			}
		})
	}
}
