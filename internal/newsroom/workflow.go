package newsroom

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// transition is one row of the workflow table: the states an action applies
// to and the state it leads to ("" keeps the state).
type transition struct {
	from []State
	to   State
}

// workflow is the table of product.md: which action applies from which state.
var workflow = map[Action]transition{
	ActionSave:               {from: []State{StateUntranslated, StateDraft, StateChangesRequested, StateApproved, StatePublished}, to: StateDraft},
	ActionRestore:            {from: []State{StateUntranslated, StateDraft, StateChangesRequested, StateApproved, StatePublished}, to: StateDraft},
	ActionSubmit:             {from: []State{StateDraft, StateChangesRequested}, to: StateInReview},
	ActionRequestChanges:     {from: []State{StateInReview}, to: StateChangesRequested},
	ActionApprove:            {from: []State{StateInReview}, to: StateApproved},
	ActionPublish:            {from: []State{StateApproved}, to: StatePublished},
	ActionUnpublish:          {from: []State{StatePublished}, to: StateApproved},
	ActionMarkNotSubstantive: {from: States},
}

// AppliesTo reports whether action applies to a working copy in state s.
func AppliesTo(action Action, s State) bool {
	t, ok := workflow[action]
	return ok && slices.Contains(t.from, s)
}

// Permitted reports whether actor's roles allow action on language lang of a
// release whose source language is sourceLang. It ignores the version's state
// and four-eyes; Check adds those.
func Permitted(actor *User, action Action, lang, sourceLang string) bool {
	if actor == nil || actor.Disabled {
		return false
	}
	switch action {
	case ActionSave, ActionRestore, ActionSubmit:
		return actor.IsEditor() || actor.HasLang(RoleTranslator, lang)
	case ActionRequestChanges, ActionApprove:
		return actor.HasLang(RoleReviewer, lang)
	case ActionPublish, ActionUnpublish:
		return actor.IsEditor()
	case ActionMarkNotSubstantive:
		// On the source it marks the latest source change a typo fix; on a
		// translation it confirms the translation still matches the source.
		return actor.IsEditor() || (lang != sourceLang && actor.HasLang(RoleTranslator, lang))
	}
	return false
}

// whoMay says in words who may do action, for 403 messages.
func whoMay(action Action, lang, sourceLang string) string {
	switch action {
	case ActionSave, ActionRestore, ActionSubmit:
		return "the " + lang + " translators and editors"
	case ActionRequestChanges, ActionApprove:
		return "the " + lang + " reviewers"
	case ActionPublish, ActionUnpublish:
		return "editors"
	case ActionMarkNotSubstantive:
		if lang == sourceLang {
			return "editors"
		}
		return "editors and the " + lang + " translators"
	}
	return "nobody"
}

// Change is a request to act on a version.
type Change struct {
	Action  Action
	Comment string
	// BaseRev is the revision a save or restore was based on.
	BaseRev int
	// Content is the new working copy, for saves and restores.
	Content Content
	// SourceRev is, for a translation's save, the source revision the
	// translator worked from; 0 means the current one.
	SourceRev int
	// RestoredFrom is the revision a restore copies.
	RestoredFrom int
	Now          time.Time
}

// Apply checks that actor may make change to version v of release r, and
// returns the version's new head and the audit entry that records it. source
// is the head of r's source version (v itself when v is the source). Apply is
// pure: the store persists its result.
//
// Errors: EForbidden (role or four-eyes, with a message that says which),
// EInvalid (missing comment, bad input), EConflict (stale base revision, with
// CurrentRev; or the action does not apply in the current state, with CurrentState).
func Apply(actor *User, r *Release, v Version, source *Version, ch Change) (Version, AuditEntry, error) {
	t, ok := workflow[ch.Action]
	if !ok {
		return v, AuditEntry{}, Errorf(EInvalid, "Unknown action %q.", ch.Action)
	}
	if !Permitted(actor, ch.Action, v.Lang, r.SourceLang) {
		return v, AuditEntry{}, Errorf(EForbidden, "Only %s may %s this version.", whoMay(ch.Action, v.Lang, r.SourceLang), verb(ch.Action))
	}
	ch.Comment = strings.TrimSpace(ch.Comment)
	if len([]rune(ch.Comment)) > MaxNote {
		return v, AuditEntry{}, Errorf(EInvalid, "The comment is longer than %d characters.", MaxNote)
	}
	if (ch.Action == ActionRequestChanges || ch.Action == ActionMarkNotSubstantive) && ch.Comment == "" {
		what := "A comment saying what to change"
		if ch.Action == ActionMarkNotSubstantive {
			what = "A reason"
		}
		return v, AuditEntry{}, Errorf(EInvalid, "%s is required.", what)
	}
	if (ch.Action == ActionSave || ch.Action == ActionRestore) && ch.BaseRev != v.Rev {
		return v, AuditEntry{}, &Error{Code: EConflict, CurrentRev: v.Rev, CurrentState: v.State,
			Message: "This version was changed by someone else: your text is based on revision " + itoa(ch.BaseRev) + ", the current one is " + itoa(v.Rev) + "."}
	}
	if !slices.Contains(t.from, v.State) {
		return v, AuditEntry{}, &Error{Code: EConflict, CurrentRev: v.Rev, CurrentState: v.State,
			Message: "Cannot " + verb(ch.Action) + " a version that is " + strings.ReplaceAll(string(v.State), "_", " ") + "."}
	}
	if ch.Action == ActionApprove && v.LastSaver == actor.ID {
		return v, AuditEntry{}, Errorf(EForbidden, "You saved the current text of this version, so someone else must approve it (four-eyes rule).")
	}

	next := v
	next.Seq = v.Seq + 1
	next.UpdatedAt = ch.Now
	if t.to != "" {
		next.State = t.to
	}
	switch ch.Action {
	case ActionSave, ActionRestore:
		next.Rev = v.Rev + 1
		next.LastSaver = actor.ID
		next.LastSaverName = actor.Name
		next.Title = ch.Content.Title
		if v.Lang == r.SourceLang {
			next.PrevSubstantiveRev = v.SubstantiveRev
			next.SubstantiveRev = next.Rev
		} else {
			pin := source.Rev
			if ch.SourceRev > 0 && ch.SourceRev <= source.Rev {
				pin = ch.SourceRev
			} else if ch.SourceRev != 0 {
				return v, AuditEntry{}, Errorf(EInvalid, "Source revision %d does not exist (the source is at revision %d).", ch.SourceRev, source.Rev)
			}
			next.SourceRev = pin
		}
	case ActionPublish:
		next.PublishedRev = v.Rev
		next.PublishedAt = ch.Now
	case ActionUnpublish:
		next.PublishedRev = 0
		next.PublishedAt = time.Time{}
	case ActionMarkNotSubstantive:
		if v.Lang == r.SourceLang {
			if v.SubstantiveRev <= v.PrevSubstantiveRev || v.SubstantiveRev != v.Rev {
				return v, AuditEntry{}, &Error{Code: EConflict, CurrentRev: v.Rev, CurrentState: v.State, Message: "The latest change of the source is already marked not substantive."}
			}
			next.SubstantiveRev = v.PrevSubstantiveRev
		} else {
			if !Outdated(&v, source) {
				return v, AuditEntry{}, &Error{Code: EConflict, CurrentRev: v.Rev, CurrentState: v.State, Message: "This translation is not outdated."}
			}
			next.SourceRev = source.Rev
		}
	}
	recordReview(&next, ch.Action)
	entry := AuditEntry{
		ReleaseID: r.ID, Lang: v.Lang, Seq: next.Seq,
		Actor: actor.ID, ActorName: actor.Name, Action: string(ch.Action),
		From: v.State, To: next.State, Rev: next.Rev, Comment: ch.Comment, At: ch.Now,
	}
	if ch.Action == ActionRestore && ch.Comment == "" {
		entry.Comment = "restored revision " + itoa(ch.RestoredFrom)
	}
	return next, entry, nil
}

func verb(a Action) string {
	switch a {
	case ActionRequestChanges:
		return "request changes to"
	case ActionMarkNotSubstantive:
		return "mark as not substantive"
	}
	return string(a)
}

func itoa(n int) string { return strconv.Itoa(n) }
