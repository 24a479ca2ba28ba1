package newsroom

import "slices"

// One decision per question. The store calls these inside its write
// protocol; the API and the editor call the same functions to decide what to
// show and to answer; nobody re-derives a rule to get a message.

// CanRead decides whether actor may read language lang of a release whose
// source language is sourceLang: its working copy, revisions, diffs and audit
// entries. Editors and admins see every language; translators and reviewers
// see the source and the languages they work in. Errors: EUnauthorized (no
// actor), EForbidden.
func CanRead(actor *User, lang, sourceLang string) error {
	switch {
	case actor == nil || actor.Disabled:
		return E(EUnauthorized, "ErrLogIn")
	case actor.IsEditor() || actor.IsAdmin():
		return nil
	case actor.HasLang(RoleTranslator, lang) || actor.HasLang(RoleReviewer, lang):
		return nil
	case lang == sourceLang && (actor.Has(RoleTranslator) || actor.Has(RoleReviewer)):
		return nil
	}
	return E(EForbidden, "ErrCannotRead", "Lang", lang)
}

// CanSeeReleases decides whether actor works with releases at all: lists,
// release pages and the source text. Errors: EUnauthorized, EForbidden.
func CanSeeReleases(actor *User) error {
	switch {
	case actor == nil || actor.Disabled:
		return E(EUnauthorized, "ErrLogIn")
	case actor.IsEditor() || actor.IsAdmin() || actor.Has(RoleTranslator) || actor.Has(RoleReviewer):
		return nil
	}
	return E(EForbidden, "ErrNoReleaseRole")
}

// CanEditRelease decides whether actor may create releases and change their
// dateline, places, slug and embargo, and publish all languages at once.
// Errors: EUnauthorized, EForbidden.
func CanEditRelease(actor *User) error {
	switch {
	case actor == nil || actor.Disabled:
		return E(EUnauthorized, "ErrLogIn")
	case actor.IsEditor():
		return nil
	}
	return E(EForbidden, "ErrEditorsOnly")
}

// CanEditGlossary decides whether actor may change the glossaries whose
// target language is tgt: editors, and the translators and reviewers of
// tgt. Everyone logged in may read them. Errors: EForbidden.
func CanEditGlossary(actor *User, tgt string) error {
	if actor != nil && !actor.Disabled && (actor.IsEditor() || actor.HasLang(RoleTranslator, tgt) || actor.HasLang(RoleReviewer, tgt)) {
		return nil
	}
	return E(EForbidden, "ErrGlossaryForbidden", "Lang", tgt)
}

// CanAdminister decides whether actor may manage users and API tokens.
// Errors: EUnauthorized, EForbidden.
func CanAdminister(actor *User) error {
	switch {
	case actor == nil || actor.Disabled:
		return E(EUnauthorized, "ErrLogIn")
	case actor.IsAdmin():
		return nil
	}
	return E(EForbidden, "ErrAdminsOnly")
}

// CanUpdateUser decides whether actor may apply in to target. Besides being
// an admin, nobody may disable their own account or take away their own
// admin role, so that the last admin can never lock everyone out.
// Errors: EUnauthorized, EForbidden.
func CanUpdateUser(actor, target *User, in UserUpdate) error {
	if err := CanAdminister(actor); err != nil {
		return err
	}
	if actor.ID != target.ID {
		return nil
	}
	if (in.Disabled != nil && *in.Disabled) || (in.Roles != nil && !slices.Contains(in.Roles, RoleAdmin)) {
		return E(EForbidden, "ErrCannotLockOutSelf")
	}
	return nil
}

// Check decides whether actor may take action on version v of release r now:
// the role, the version's state and four-eyes. source is the head of the
// release's source version. It is what Apply checks before anything else, and
// what the edges ask to decide which buttons to show.
//
// Errors: EUnauthorized, EForbidden (role or four-eyes), EConflict (the action
// does not apply in the current state, with CurrentState).
func Check(actor *User, r *Release, v *Version, source *Version, action Action) error {
	t, ok := workflow[action]
	if !ok {
		return E(EInvalid, "ErrUnknownAction", "Action", string(action))
	}
	if err := checkRole(actor, r, v, action); err != nil {
		return err
	}
	return checkNow(actor, r, v, source, t, action)
}

// checkRole is the part of Check that does not depend on the version's state.
func checkRole(actor *User, r *Release, v *Version, action Action) error {
	if !Permitted(actor, action, v.Lang, r.SourceLang) {
		return E(EForbidden, whoMayID(action, v.Lang, r.SourceLang), "Lang", v.Lang, "Action", action)
	}
	return nil
}

// checkNow is the part of Check that depends on the version's state.
func checkNow(actor *User, r *Release, v *Version, source *Version, t transition, action Action) error {
	if !stateAllows(t, v) {
		e := E(EConflict, "ErrActionNotInState", "Action", action, "State", v.State)
		e.CurrentRev, e.CurrentState = v.Rev, v.State
		return e
	}
	if action == ActionApprove && (v.LastSaver == actor.ID || (v.RestoredAuthor != "" && v.RestoredAuthor == actor.ID)) {
		return E(EForbidden, "ErrFourEyes")
	}
	if action == ActionMarkNotSubstantive {
		if v.Lang == r.SourceLang {
			// The first revision is no change to mark.
			if v.Rev <= 1 || v.SubstantiveRev <= v.PrevSubstantiveRev || v.SubstantiveRev != v.Rev {
				e := E(EConflict, "ErrAlreadyNotSubstantive")
				e.CurrentRev, e.CurrentState = v.Rev, v.State
				return e
			}
		} else if !Outdated(v, source) {
			e := E(EConflict, "ErrNotOutdated")
			e.CurrentRev, e.CurrentState = v.Rev, v.State
			return e
		}
	}
	return nil
}

// stateAllows reports whether the workflow table lets action start from v's state.
func stateAllows(t transition, v *Version) bool { return slices.Contains(t.from, v.State) }

// whoMayID names the message that says who may take action, for 403s.
func whoMayID(action Action, lang, sourceLang string) string {
	switch action {
	case ActionSave, ActionRestore, ActionSubmit:
		return "ErrOnlyTranslators"
	case ActionRequestChanges, ActionApprove:
		return "ErrOnlyReviewers"
	case ActionMarkNotSubstantive:
		if lang != sourceLang {
			return "ErrOnlyEditorsAndTranslators"
		}
	}
	return "ErrEditorsOnly"
}
