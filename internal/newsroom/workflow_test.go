package newsroom_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// The tests below never ask the code which action applies from which state or
// who may do it: productTable is a hand-made copy of the table "The workflow,
// per language version" in /work/shared/product.md, and the role facts of each
// test user are written out explicitly.

var (
	testNow = time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC)
)

const (
	sourceLang = "en"
	thisLang   = "ky" // the translation under test
	otherLang  = "ru"
)

// roleFacts says what an actor may do to one language version, in the words of product.md.
type roleFacts struct {
	editor           bool // an enabled editor
	translatorOfLang bool // an enabled translator of the version's language
	reviewerOfLang   bool // an enabled reviewer of the version's language
}

// rule is one row of product.md's workflow table.
type rule struct {
	from []newsroom.State
	to   newsroom.State // "" keeps the state
	// may says who may act; translation is false for the source version.
	may func(f roleFacts, translation bool) bool
}

var (
	editable = []newsroom.State{newsroom.StateUntranslated, newsroom.StateDraft, newsroom.StateChangesRequested, newsroom.StateApproved, newsroom.StatePublished}

	translatorOrEditor = func(f roleFacts, _ bool) bool { return f.editor || f.translatorOfLang }
	reviewerOnly       = func(f roleFacts, _ bool) bool { return f.reviewerOfLang }
	editorOnly         = func(f roleFacts, _ bool) bool { return f.editor }

	productTable = map[newsroom.Action]rule{
		// save | untranslated, draft, changes_requested, approved, published | translator of that language (editor for any language)
		newsroom.ActionSave: {from: editable, to: newsroom.StateDraft, may: translatorOrEditor},
		// History: "an old revision can be restored as a new draft" — a restore is a save of old text.
		newsroom.ActionRestore: {from: editable, to: newsroom.StateDraft, may: translatorOrEditor},
		// submit | draft, changes_requested | translator of that language, editor
		newsroom.ActionSubmit: {from: []newsroom.State{newsroom.StateDraft, newsroom.StateChangesRequested}, to: newsroom.StateInReview, may: translatorOrEditor},
		// request changes (comment required) | in_review | reviewer of that language
		newsroom.ActionRequestChanges: {from: []newsroom.State{newsroom.StateInReview}, to: newsroom.StateChangesRequested, may: reviewerOnly},
		// approve | in_review | reviewer of that language who is not the last saver
		newsroom.ActionApprove: {from: []newsroom.State{newsroom.StateInReview}, to: newsroom.StateApproved, may: reviewerOnly},
		// publish | approved | editor
		newsroom.ActionPublish: {from: []newsroom.State{newsroom.StateApproved}, to: newsroom.StatePublished, may: editorOnly},
		// unpublish | published | editor
		newsroom.ActionUnpublish: {from: []newsroom.State{newsroom.StatePublished}, to: newsroom.StateApproved, may: editorOnly},
		// Outdated translations: an editor marks a source change not substantive
		// (with a reason); the translator of a language confirms that their
		// translation still matches the source. The state does not change.
		newsroom.ActionMarkNotSubstantive: {
			from: []newsroom.State{newsroom.StateUntranslated, newsroom.StateDraft, newsroom.StateInReview, newsroom.StateChangesRequested, newsroom.StateApproved, newsroom.StatePublished},
			may: func(f roleFacts, translation bool) bool {
				return f.editor || (translation && f.translatorOfLang)
			},
		},
	}
)

// actorKind is one kind of person in the matrix.
type actorKind struct {
	name  string
	user  func(lang, other string) *newsroom.User // nil user for "nobody"
	facts roleFacts
}

func user(id string, roles []newsroom.Role, langs ...string) *newsroom.User {
	return &newsroom.User{ID: id, Email: id + "@example.org", Name: "User " + id, Roles: roles, Langs: langs}
}

var actorKinds = []actorKind{
	{"an admin with no other role", func(l, o string) *newsroom.User { return user("admin", []newsroom.Role{newsroom.RoleAdmin}, l, o) }, roleFacts{}},
	{"an editor", func(l, o string) *newsroom.User { return user("editor", []newsroom.Role{newsroom.RoleEditor}) }, roleFacts{editor: true}},
	{"a translator of this language", func(l, o string) *newsroom.User {
		return user("tr-this", []newsroom.Role{newsroom.RoleTranslator}, l)
	}, roleFacts{translatorOfLang: true}},
	{"a translator of another language", func(l, o string) *newsroom.User {
		return user("tr-other", []newsroom.Role{newsroom.RoleTranslator}, o)
	}, roleFacts{}},
	{"a reviewer of this language", func(l, o string) *newsroom.User {
		return user("rv-this", []newsroom.Role{newsroom.RoleReviewer}, l)
	}, roleFacts{reviewerOfLang: true}},
	{"a reviewer of another language", func(l, o string) *newsroom.User {
		return user("rv-other", []newsroom.Role{newsroom.RoleReviewer}, o)
	}, roleFacts{}},
	{"an editor who reviews this language", func(l, o string) *newsroom.User {
		return user("ed-rv", []newsroom.Role{newsroom.RoleEditor, newsroom.RoleReviewer}, l)
	}, roleFacts{editor: true, reviewerOfLang: true}},
	{"a disabled editor", func(l, o string) *newsroom.User {
		u := user("ed-off", []newsroom.Role{newsroom.RoleEditor, newsroom.RoleTranslator, newsroom.RoleReviewer}, l, o)
		u.Disabled = true
		return u
	}, roleFacts{}},
	{"nobody (a nil user)", func(string, string) *newsroom.User { return nil }, roleFacts{}},
}

// testRelease is a release written in English.
func testRelease() *newsroom.Release {
	return &newsroom.Release{ID: "r1", Slug: "un-launches-programme", SourceLang: sourceLang, Date: time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC)}
}

// sourceHead is the source version that translations in the matrix follow:
// revision 2, whose change from revision 1 is substantive.
func sourceHead() newsroom.Version {
	return newsroom.Version{ReleaseID: "r1", Lang: sourceLang, State: newsroom.StatePublished, Rev: 2, Seq: 5,
		LastSaver: "writer", LastSaverName: "Writer", SubstantiveRev: 2, PrevSubstantiveRev: 1, PublishedRev: 2,
		PublishedAt: testNow.Add(-time.Hour), Title: "Source title", UpdatedAt: testNow.Add(-time.Hour)}
}

// matrixVersion returns a version in state s. Every version that has text was
// last saved by saver; the source's latest change is substantive and the
// translation is pinned to source revision 1, so it is outdated.
func matrixVersion(s newsroom.State, translation bool, saver *newsroom.User) newsroom.Version {
	v := newsroom.Version{ReleaseID: "r1", Lang: sourceLang, State: s, UpdatedAt: testNow.Add(-time.Minute)}
	if translation {
		v.Lang = thisLang
	}
	if s == newsroom.StateUntranslated {
		return v
	}
	v.LastSaver, v.LastSaverName = saver.ID, saver.Name
	v.Title = "Old title"
	if translation {
		v.Rev, v.Seq, v.SourceRev = 3, 7, 1
	} else {
		v.Rev, v.Seq, v.SubstantiveRev, v.PrevSubstantiveRev = 2, 6, 2, 1
	}
	if s == newsroom.StatePublished {
		v.PublishedRev, v.PublishedAt = v.Rev, testNow.Add(-24*time.Hour)
	}
	return v
}

// matrixChange is a well-formed change for action on v: right base revision, a comment.
func matrixChange(a newsroom.Action, v newsroom.Version) newsroom.Change {
	ch := newsroom.Change{Action: a, Comment: "Checked against the source.", Now: testNow}
	if a == newsroom.ActionSave || a == newsroom.ActionRestore {
		ch.BaseRev = v.Rev
		ch.Content = newsroom.Content{Title: "New title", Lead: "Lead.", Body: "Body."}
	}
	if a == newsroom.ActionRestore {
		ch.RestoredFrom = 1
	}
	return ch
}

// expectation is the outcome product.md asks for.
type expectation struct {
	code   string // "" for success
	reason string // for the test name
}

func expected(a newsroom.Action, s newsroom.State, f roleFacts, translation, actorSaved bool) expectation {
	row := productTable[a]
	switch {
	case !row.may(f, translation):
		return expectation{newsroom.EForbidden, "is forbidden"}
	case !slices.Contains(row.from, s):
		return expectation{newsroom.EConflict, "conflicts with the state"}
	case a == newsroom.ActionApprove && actorSaved:
		return expectation{newsroom.EForbidden, "is forbidden by the four-eyes rule"}
	case a == newsroom.ActionMarkNotSubstantive && s == newsroom.StateUntranslated:
		// An untranslated version has no text: no source change to mark, no translation to re-pin.
		return expectation{newsroom.EConflict, "conflicts because there is nothing to mark"}
	}
	return expectation{"", "succeeds"}
}

var gerunds = map[newsroom.Action]string{
	newsroom.ActionSave: "saving", newsroom.ActionRestore: "restoring", newsroom.ActionSubmit: "submitting",
	newsroom.ActionRequestChanges: "requesting changes to", newsroom.ActionApprove: "approving",
	newsroom.ActionPublish: "publishing", newsroom.ActionUnpublish: "unpublishing",
	newsroom.ActionMarkNotSubstantive: "marking as not substantive",
}

// article is the indefinite article for a state's name.
func article(s newsroom.State) string {
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "an"
	}
	return "a"
}

// TestApplyMatrix runs every action from every state by every kind of actor on
// the source version and on a translation, and checks Apply and Permitted
// against productTable.
func TestApplyMatrix(t *testing.T) {
	if len(newsroom.Actions) != len(productTable) {
		t.Fatalf("newsroom.Actions has %d actions, the test's copy of product.md has %d", len(newsroom.Actions), len(productTable))
	}
	if len(newsroom.States) != 6 {
		t.Fatalf("newsroom.States has %d states, product.md names 6", len(newsroom.States))
	}
	cases := 0
	for _, translation := range []bool{false, true} {
		kind, lang, other := "source version", sourceLang, otherLang
		if translation {
			kind, lang = "translation", thisLang
		}
		for _, ak := range actorKinds {
			for _, s := range newsroom.States {
				for _, a := range newsroom.Actions {
					savers := []string{"someone else"}
					if ak.user(lang, other) != nil && s != newsroom.StateUntranslated {
						savers = append(savers, "the actor")
					}
					for _, savedBy := range savers {
						actor := ak.user(lang, other)
						saver := user("someone-else", []newsroom.Role{newsroom.RoleTranslator}, lang)
						if savedBy == "the actor" {
							saver = actor
						}
						want := expected(a, s, ak.facts, translation, savedBy == "the actor")
						saved := "last saved by " + savedBy
						if s == newsroom.StateUntranslated {
							saved = "nobody has saved yet"
						}
						name := fmt.Sprintf("%s %s %s %s %s %s %s", ak.name, gerunds[a], article(s), s, kind, saved, want.reason)
						cases++
						t.Run(name, func(t *testing.T) {
							checkMatrixCase(t, actor, ak.facts, a, s, translation, saver, want)
						})
					}
				}
			}
		}
	}
	t.Logf("%d matrix cases", cases)
}

func checkMatrixCase(t *testing.T, actor *newsroom.User, f roleFacts, a newsroom.Action, s newsroom.State, translation bool, saver *newsroom.User, want expectation) {
	t.Helper()
	rel := testRelease()
	v := matrixVersion(s, translation, saver)
	src := sourceHead()
	source := &src
	if !translation {
		vv := v
		source = &vv
	}
	lang := v.Lang

	if got, wantMay := newsroom.Permitted(actor, a, lang, sourceLang), productTable[a].may(f, translation); got != wantMay {
		t.Errorf("Permitted = %v, want %v", got, wantMay)
	}

	ch := matrixChange(a, v)
	got, entry, err := newsroom.Apply(actor, rel, v, source, ch)
	if code := newsroom.ErrorCode(err); code != want.code {
		t.Fatalf("Apply error = %v (code %q), want code %q", err, code, want.code)
	}
	if err != nil {
		if got != v {
			t.Errorf("on error Apply returned a changed version:\n got %+v\nwant %+v", got, v)
		}
		if entry != (newsroom.AuditEntry{}) {
			t.Errorf("on error Apply returned an audit entry: %+v", entry)
		}
		e, ok := newsroom.AsError(err)
		if !ok || (e.Message == "" && e.ID == "") {
			t.Errorf("error %v has no user-safe message", err)
		}
		if want.code == newsroom.EConflict && e.CurrentState != s {
			t.Errorf("conflict CurrentState = %q, want %q", e.CurrentState, s)
		}
		if strings.Contains(want.reason, "four-eyes") && e.ID != "ErrFourEyes" {
			t.Errorf("four-eyes refusal does not say so: %q", e.ID)
		}
		return
	}

	// The new head, field by field from product.md.
	wantV := v
	wantV.Seq = v.Seq + 1
	wantV.UpdatedAt = testNow
	if to := productTable[a].to; to != "" {
		wantV.State = to
	}
	switch a {
	case newsroom.ActionSave, newsroom.ActionRestore:
		wantV.Rev = v.Rev + 1
		wantV.LastSaver, wantV.LastSaverName = actor.ID, actor.Name
		wantV.Title = "New title"
		if translation {
			wantV.SourceRev = source.Rev // SourceRev 0 in the change: the current source revision
		} else {
			wantV.SubstantiveRev, wantV.PrevSubstantiveRev = wantV.Rev, v.SubstantiveRev
		}
		// PublishedRev stays: editing a published version never takes it offline.
	case newsroom.ActionPublish:
		wantV.PublishedRev, wantV.PublishedAt = v.Rev, testNow
	case newsroom.ActionUnpublish:
		wantV.PublishedRev, wantV.PublishedAt = 0, time.Time{}
	case newsroom.ActionMarkNotSubstantive:
		if translation {
			wantV.SourceRev = source.Rev
		} else {
			wantV.SubstantiveRev = v.PrevSubstantiveRev
		}
	}
	// The head remembers where its last review is.
	switch a {
	case newsroom.ActionSubmit, newsroom.ActionRequestChanges:
		wantV.ReviewSeq = wantV.Seq
	case newsroom.ActionApprove:
		wantV.ReviewSeq, wantV.ApprovedRev = wantV.Seq, wantV.Rev
	}
	if wantV.Seq == 1 {
		wantV.ReviewKnown = true // its whole history is then known
	}
	if got != wantV {
		t.Errorf("new head:\n got %+v\nwant %+v", got, wantV)
	}
	wantEntry := newsroom.AuditEntry{
		ReleaseID: "r1", Lang: lang, Seq: wantV.Seq, Actor: actor.ID, ActorName: actor.Name,
		Action: string(a), From: s, To: wantV.State, Rev: wantV.Rev, Comment: ch.Comment, At: testNow,
	}
	if entry != wantEntry {
		t.Errorf("audit entry:\n got %+v\nwant %+v", entry, wantEntry)
	}
	if translation && a != newsroom.ActionSave && a != newsroom.ActionRestore && a != newsroom.ActionMarkNotSubstantive {
		if newsroom.Outdated(&got, source) != newsroom.Outdated(&v, source) {
			t.Errorf("%s changed whether the translation is outdated", a)
		}
	}
}

// TestApplyRules checks the rules the matrix does not vary: comments, stale
// revisions, four-eyes in detail, and what publishing and editing do to the
// published snapshot.
func TestApplyRules(t *testing.T) {
	rel := testRelease()
	editor := user("editor", []newsroom.Role{newsroom.RoleEditor})
	translator := user("aida", []newsroom.Role{newsroom.RoleTranslator}, thisLang)
	translatorReviewer := user("bakyt", []newsroom.Role{newsroom.RoleTranslator, newsroom.RoleReviewer}, thisLang)
	reviewer := user("cholpon", []newsroom.Role{newsroom.RoleReviewer}, thisLang)
	editorReviewer := user("dinara", []newsroom.Role{newsroom.RoleEditor, newsroom.RoleReviewer}, thisLang)

	inReviewBy := func(saver *newsroom.User) newsroom.Version {
		return newsroom.Version{ReleaseID: "r1", Lang: thisLang, State: newsroom.StateInReview, Rev: 4, Seq: 9, SourceRev: 2, LastSaver: saver.ID, LastSaverName: saver.Name}
	}
	draftOf := func(rev int) newsroom.Version {
		return newsroom.Version{ReleaseID: "r1", Lang: thisLang, State: newsroom.StateDraft, Rev: rev, Seq: rev + 2, SourceRev: 2, LastSaver: translator.ID}
	}
	src := sourceHead()
	long := strings.Repeat("ы", newsroom.MaxNote)

	tests := []struct {
		name        string
		actor       *newsroom.User
		v           newsroom.Version
		ch          newsroom.Change
		wantCode    string
		wantMessage string // a substring of the error message
		wantRev     int    // on conflict: CurrentRev
		wantState   newsroom.State
	}{
		{name: "requesting changes without a comment is invalid", actor: reviewer, v: inReviewBy(translator),
			ch: newsroom.Change{Action: newsroom.ActionRequestChanges}, wantCode: newsroom.EInvalid, wantMessage: "ErrCommentRequired"},
		{name: "requesting changes with a blank comment is invalid", actor: reviewer, v: inReviewBy(translator),
			ch: newsroom.Change{Action: newsroom.ActionRequestChanges, Comment: " \n\t "}, wantCode: newsroom.EInvalid, wantMessage: "ErrCommentRequired"},
		{name: "requesting changes with a comment sends the version back", actor: reviewer, v: inReviewBy(translator),
			ch: newsroom.Change{Action: newsroom.ActionRequestChanges, Comment: "Paragraph 3 misses the figure."}, wantState: newsroom.StateChangesRequested},
		{name: "a comment of exactly the maximum length is accepted", actor: reviewer, v: inReviewBy(translator),
			ch: newsroom.Change{Action: newsroom.ActionRequestChanges, Comment: long}, wantState: newsroom.StateChangesRequested},
		{name: "a comment longer than the maximum is invalid", actor: reviewer, v: inReviewBy(translator),
			ch: newsroom.Change{Action: newsroom.ActionRequestChanges, Comment: long + "ы"}, wantCode: newsroom.EInvalid},
		{name: "a reviewer who saved the current text may not approve it", actor: translatorReviewer, v: inReviewBy(translatorReviewer),
			ch: newsroom.Change{Action: newsroom.ActionApprove}, wantCode: newsroom.EForbidden, wantMessage: "ErrFourEyes"},
		{name: "an editor who reviews and saved the current text may not approve it either", actor: editorReviewer, v: inReviewBy(editorReviewer),
			ch: newsroom.Change{Action: newsroom.ActionApprove}, wantCode: newsroom.EForbidden, wantMessage: "ErrFourEyes"},
		{name: "a reviewer whose words someone else restored may not approve them (four-eyes over restores)", actor: translatorReviewer,
			v: func() newsroom.Version {
				v := inReviewBy(translator)
				v.RestoredAuthor = translatorReviewer.ID
				return v
			}(),
			ch: newsroom.Change{Action: newsroom.ActionApprove}, wantCode: newsroom.EForbidden, wantMessage: "ErrFourEyes"},
		{name: "a reviewer who translated may approve text someone else saved last", actor: translatorReviewer, v: inReviewBy(translator),
			ch: newsroom.Change{Action: newsroom.ActionApprove}, wantState: newsroom.StateApproved},
		{name: "an editor may not approve without being a reviewer of the language", actor: editor, v: inReviewBy(translator),
			ch: newsroom.Change{Action: newsroom.ActionApprove}, wantCode: newsroom.EForbidden, wantMessage: "ErrOnlyReviewers"},
		{name: "a save based on an older revision conflicts and names the current revision", actor: translator, v: draftOf(5),
			ch: newsroom.Change{Action: newsroom.ActionSave, BaseRev: 4, Content: newsroom.Content{Title: "T"}}, wantCode: newsroom.EConflict, wantRev: 5, wantState: newsroom.StateDraft},
		{name: "a save based on a future revision conflicts too", actor: translator, v: draftOf(5),
			ch: newsroom.Change{Action: newsroom.ActionSave, BaseRev: 6, Content: newsroom.Content{Title: "T"}}, wantCode: newsroom.EConflict, wantRev: 5, wantState: newsroom.StateDraft},
		{name: "a restore based on an older revision conflicts", actor: translator, v: draftOf(5),
			ch: newsroom.Change{Action: newsroom.ActionRestore, BaseRev: 3, RestoredFrom: 2}, wantCode: newsroom.EConflict, wantRev: 5, wantState: newsroom.StateDraft},
		{name: "a first save of an untranslated version is based on revision 0", actor: translator,
			v:  newsroom.Version{ReleaseID: "r1", Lang: thisLang, State: newsroom.StateUntranslated},
			ch: newsroom.Change{Action: newsroom.ActionSave, BaseRev: 0, Content: newsroom.Content{Title: "T"}}, wantState: newsroom.StateDraft},
		{name: "saving a version in review conflicts and names the state", actor: translator, v: inReviewBy(translator),
			ch: newsroom.Change{Action: newsroom.ActionSave, BaseRev: 4, Content: newsroom.Content{Title: "T"}}, wantCode: newsroom.EConflict, wantRev: 4, wantState: newsroom.StateInReview},
		{name: "an unknown action is invalid", actor: editor, v: draftOf(1),
			ch: newsroom.Change{Action: "delete"}, wantCode: newsroom.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ch.Now = testNow
			got, entry, err := newsroom.Apply(tt.actor, rel, tt.v, &src, tt.ch)
			if code := newsroom.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("error = %v (code %q), want code %q", err, code, tt.wantCode)
			}
			if err != nil {
				e, _ := newsroom.AsError(err)
				if !strings.Contains(e.ID, tt.wantMessage) {
					t.Errorf("message %q is not %q", e.ID, tt.wantMessage)
				}
				if tt.wantCode == newsroom.EConflict && (e.CurrentRev != tt.wantRev || e.CurrentState != tt.wantState) {
					t.Errorf("conflict has CurrentRev %d, CurrentState %q; want %d, %q", e.CurrentRev, e.CurrentState, tt.wantRev, tt.wantState)
				}
				return
			}
			if got.State != tt.wantState {
				t.Errorf("state = %q, want %q", got.State, tt.wantState)
			}
			if entry.Comment != strings.TrimSpace(tt.ch.Comment) {
				t.Errorf("audit comment = %q, want %q", entry.Comment, tt.ch.Comment)
			}
		})
	}
}

// TestPublishedVersionStaysOnline follows a correction to a published
// translation: it goes back to draft but keeps its published revision until
// the correction is published.
func TestPublishedVersionStaysOnline(t *testing.T) {
	rel := testRelease()
	src := sourceHead()
	editor := user("editor", []newsroom.Role{newsroom.RoleEditor})
	translator := user("aida", []newsroom.Role{newsroom.RoleTranslator}, thisLang)
	reviewer := user("cholpon", []newsroom.Role{newsroom.RoleReviewer}, thisLang)
	published := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	v := newsroom.Version{ReleaseID: "r1", Lang: thisLang, State: newsroom.StatePublished, Rev: 3, Seq: 8, SourceRev: 2,
		LastSaver: translator.ID, PublishedRev: 3, PublishedAt: published}

	step := func(t *testing.T, actor *newsroom.User, ch newsroom.Change) newsroom.Version {
		t.Helper()
		ch.Now = testNow
		next, _, err := newsroom.Apply(actor, rel, v, &src, ch)
		if err != nil {
			t.Fatalf("%s: %v", ch.Action, err)
		}
		v = next
		return v
	}

	t.Run("saving a published translation makes it a draft that is still published at the old revision", func(t *testing.T) {
		got := step(t, translator, newsroom.Change{Action: newsroom.ActionSave, BaseRev: 3, Content: newsroom.Content{Title: "Fixed"}})
		if got.State != newsroom.StateDraft || got.Rev != 4 || got.PublishedRev != 3 || !got.PublishedAt.Equal(published) {
			t.Errorf("after save: %+v", got)
		}
	})
	t.Run("the correction cannot be unpublished while it is a draft", func(t *testing.T) {
		_, _, err := newsroom.Apply(editor, rel, v, &src, newsroom.Change{Action: newsroom.ActionUnpublish, Now: testNow})
		if newsroom.ErrorCode(err) != newsroom.EConflict {
			t.Errorf("unpublish of a draft: %v, want conflict", err)
		}
	})
	t.Run("submitting and approving the correction keeps the old snapshot online", func(t *testing.T) {
		step(t, translator, newsroom.Change{Action: newsroom.ActionSubmit})
		got := step(t, reviewer, newsroom.Change{Action: newsroom.ActionApprove})
		if got.State != newsroom.StateApproved || got.PublishedRev != 3 {
			t.Errorf("after approve: %+v", got)
		}
	})
	t.Run("publishing the correction replaces the snapshot", func(t *testing.T) {
		got := step(t, editor, newsroom.Change{Action: newsroom.ActionPublish})
		if got.State != newsroom.StatePublished || got.PublishedRev != 4 || !got.PublishedAt.Equal(testNow) || got.Seq != 12 {
			t.Errorf("after publish: %+v", got)
		}
	})
	t.Run("unpublishing takes it offline and leaves it approved", func(t *testing.T) {
		got := step(t, editor, newsroom.Change{Action: newsroom.ActionUnpublish})
		if got.State != newsroom.StateApproved || got.PublishedRev != 0 || !got.PublishedAt.IsZero() || got.Rev != 4 {
			t.Errorf("after unpublish: %+v", got)
		}
	})
}

// TestRestore checks what a restore records.
func TestRestore(t *testing.T) {
	rel := testRelease()
	src := sourceHead()
	translator := user("aida", []newsroom.Role{newsroom.RoleTranslator, newsroom.RoleReviewer}, thisLang)
	v := newsroom.Version{ReleaseID: "r1", Lang: thisLang, State: newsroom.StateDraft, Rev: 5, Seq: 9, SourceRev: 2, LastSaver: "someone"}

	t.Run("a restore without a comment is audited with the revision it restored", func(t *testing.T) {
		got, entry, err := newsroom.Apply(translator, rel, v, &src, newsroom.Change{Action: newsroom.ActionRestore, BaseRev: 5, RestoredFrom: 2, Content: newsroom.Content{Title: "Old"}, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if got.Rev != 6 || got.LastSaver != translator.ID || entry.Comment != "restored revision 2" || entry.Action != "restore" {
			t.Errorf("got %+v, entry %+v", got, entry)
		}
		// The restorer is now the last saver, so four-eyes applies to them.
		got.State = newsroom.StateInReview
		if _, _, err := newsroom.Apply(translator, rel, got, &src, newsroom.Change{Action: newsroom.ActionApprove, Now: testNow}); newsroom.ErrorCode(err) != newsroom.EForbidden {
			t.Errorf("the restorer approving: %v, want forbidden", err)
		}
	})
}

// TestForbiddenMessagesSayWhoMay checks that a refusal tells the user who may act.
func TestForbiddenMessagesSayWhoMay(t *testing.T) {
	rel := testRelease()
	src := sourceHead()
	enTranslator := user("john", []newsroom.Role{newsroom.RoleTranslator}, sourceLang)
	ruTranslator := user("olga", []newsroom.Role{newsroom.RoleTranslator}, otherLang)
	kyDraft := newsroom.Version{ReleaseID: "r1", Lang: thisLang, State: newsroom.StateDraft, Rev: 1, Seq: 1, SourceRev: 1}
	tests := []struct {
		name  string
		actor *newsroom.User
		v     newsroom.Version
		ch    newsroom.Change
		want  string
	}{
		{"a translator of another language is told who may save", ruTranslator, kyDraft,
			newsroom.Change{Action: newsroom.ActionSave, BaseRev: 1}, "ErrOnlyTranslators"},
		{"a translator is told only reviewers may request changes", ruTranslator, kyDraft,
			newsroom.Change{Action: newsroom.ActionRequestChanges, Comment: "x"}, "ErrOnlyReviewers"},
		{"a translator is told only editors may publish", ruTranslator, kyDraft,
			newsroom.Change{Action: newsroom.ActionPublish}, "ErrEditorsOnly"},
		{"a translator of another language is told who may confirm a translation", ruTranslator, kyDraft,
			newsroom.Change{Action: newsroom.ActionMarkNotSubstantive, Comment: "x"}, "ErrOnlyEditorsAndTranslators"},
		{"a translator of the source language is told only editors may mark a source change", enTranslator, src,
			newsroom.Change{Action: newsroom.ActionMarkNotSubstantive, Comment: "x"}, "ErrEditorsOnly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ch.Now = testNow
			_, _, err := newsroom.Apply(tt.actor, rel, tt.v, &src, tt.ch)
			e, _ := newsroom.AsError(err)
			if newsroom.ErrorCode(err) != newsroom.EForbidden || e.ID != tt.want || e.Args["Lang"] != tt.v.Lang {
				t.Errorf("error = %v, want forbidden %s naming the language %s", err, tt.want, tt.v.Lang)
			}
		})
	}
}

func TestRestoreKeepsTheAuthorOfTheRestoredWords(t *testing.T) {
	rel := testRelease()
	src := sourceHead()
	x := user("xenia", []newsroom.Role{newsroom.RoleTranslator, newsroom.RoleReviewer}, thisLang)
	y := user("yrys", []newsroom.Role{newsroom.RoleTranslator}, thisLang)
	v := newsroom.Version{ReleaseID: "r1", Lang: thisLang, State: newsroom.StateDraft, Rev: 3, Seq: 5, SourceRev: 2, LastSaver: y.ID}
	tests := []struct {
		name           string
		actor          *newsroom.User
		restoredAuthor string
		want           string
	}{
		{"restoring someone else's words records their author", y, x.ID, x.ID},
		{"restoring one's own words records no second author", x, x.ID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, _, err := newsroom.Apply(tt.actor, rel, v, &src, newsroom.Change{
				Action: newsroom.ActionRestore, BaseRev: 3, RestoredFrom: 1, RestoredAuthor: tt.restoredAuthor, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if next.RestoredAuthor != tt.want || next.LastSaver != tt.actor.ID {
				t.Errorf("RestoredAuthor = %q, LastSaver = %q; want %q, %q", next.RestoredAuthor, next.LastSaver, tt.want, tt.actor.ID)
			}
			// A plain save afterwards makes the saver the only author again.
			next.State = newsroom.StateDraft
			saved, _, err := newsroom.Apply(tt.actor, rel, next, &src, newsroom.Change{Action: newsroom.ActionSave, BaseRev: next.Rev, Content: newsroom.Content{Title: "T"}, Now: testNow})
			if err != nil || saved.RestoredAuthor != "" {
				t.Errorf("after a save RestoredAuthor = %q (err %v), want none", saved.RestoredAuthor, err)
			}
		})
	}
}
