package newsroom

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
	// RestoredFrom is the revision a restore copies; RestoredAuthor is who
	// wrote its words (the store looks it up), so they cannot approve them.
	RestoredFrom   int
	RestoredAuthor string
	// QAErrors is, for an approval, the number of open quality-check errors
	// of the text being approved; the store computes it.
	QAErrors int
	// Override is the reviewer's reason for approving despite QAErrors.
	Override string
	Now      time.Time
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
		return v, AuditEntry{}, E(EInvalid, "ErrUnknownAction", "Action", string(ch.Action))
	}
	// Who may, then what was sent, then whether it applies now: a bad
	// request is answered as such whatever the state.
	if err := checkRole(actor, r, &v, ch.Action); err != nil {
		return v, AuditEntry{}, err
	}
	ch.Comment = strings.TrimSpace(ch.Comment)
	if utf8.RuneCountInString(ch.Comment) > MaxNote {
		return v, AuditEntry{}, E(EInvalid, "ErrCommentTooLong", "Max", MaxNote)
	}
	if ch.Comment == "" {
		switch ch.Action {
		case ActionRequestChanges:
			return v, AuditEntry{}, E(EInvalid, "ErrCommentRequired")
		case ActionMarkNotSubstantive:
			return v, AuditEntry{}, E(EInvalid, "ErrReasonRequired")
		}
	}
	if (ch.Action == ActionSave || ch.Action == ActionRestore) && ch.BaseRev != v.Rev {
		e := E(EConflict, "ErrStaleRevision", "Base", ch.BaseRev, "Current", v.Rev)
		e.CurrentRev, e.CurrentState = v.Rev, v.State
		return v, AuditEntry{}, e
	}
	if err := checkNow(actor, r, &v, source, t, ch.Action); err != nil {
		return v, AuditEntry{}, err
	}
	override, err := qaOverride(ch)
	if err != nil {
		return v, AuditEntry{}, err
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
		// Restored words keep their author: four-eyes looks at both.
		next.RestoredAuthor = ""
		if ch.Action == ActionRestore && ch.RestoredAuthor != actor.ID {
			next.RestoredAuthor = ch.RestoredAuthor
		}
		next.Title = ch.Content.Title
		if v.Lang == r.SourceLang {
			next.PrevSubstantiveRev = v.SubstantiveRev
			next.SubstantiveRev = next.Rev
		} else {
			pin := source.Rev
			if ch.SourceRev > 0 && ch.SourceRev <= source.Rev {
				pin = ch.SourceRev
			} else if ch.SourceRev != 0 {
				return v, AuditEntry{}, E(EInvalid, "ErrNoSourceRevision", "Rev", ch.SourceRev, "Current", source.Rev)
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
		// Check made sure there is a change to mark.
		if v.Lang == r.SourceLang {
			next.SubstantiveRev = v.PrevSubstantiveRev
		} else {
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
	if override != "" {
		entry.Comment = strings.TrimSpace(entry.Comment + "\n" + override)
	}
	return next, entry, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
