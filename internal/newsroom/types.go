package newsroom

import (
	"fmt"
	"slices"
	"strings"
)

// State is the state of a version's working copy.
type State string

// The working-copy states, in workflow order.
const (
	StateUntranslated     State = "untranslated"
	StateDraft            State = "draft"
	StateInReview         State = "in_review"
	StateChangesRequested State = "changes_requested"
	StateApproved         State = "approved"
	StatePublished        State = "published"
)

// States lists every state in workflow order.
var States = []State{StateUntranslated, StateDraft, StateInReview, StateChangesRequested, StateApproved, StatePublished}

// ParseState returns the State named s, or an EInvalid error.
func ParseState(s string) (State, error) {
	if slices.Contains(States, State(s)) {
		return State(s), nil
	}
	return "", E(EInvalid, "ErrUnknownState", "State", s)
}

// MarshalText implements encoding.TextMarshaler.
func (s State) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText implements encoding.TextUnmarshaler and rejects unknown states.
func (s *State) UnmarshalText(b []byte) error {
	v, err := ParseState(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Action is something a person does to a version.
type Action string

// The actions of the workflow. Save and Restore both write a new revision.
const (
	ActionSave               Action = "save"
	ActionRestore            Action = "restore"
	ActionSubmit             Action = "submit"
	ActionRequestChanges     Action = "request-changes"
	ActionApprove            Action = "approve"
	ActionPublish            Action = "publish"
	ActionUnpublish          Action = "unpublish"
	ActionMarkNotSubstantive Action = "mark-not-substantive"
)

// Actions lists every action.
var Actions = []Action{ActionSave, ActionRestore, ActionSubmit, ActionRequestChanges, ActionApprove, ActionPublish, ActionUnpublish, ActionMarkNotSubstantive}

// TransitionActions are the actions that POST /…/versions/{lang}/{action} accepts.
var TransitionActions = []Action{ActionSubmit, ActionApprove, ActionRequestChanges, ActionPublish, ActionUnpublish, ActionMarkNotSubstantive}

// ParseAction returns the Action named s, or an EInvalid error.
func ParseAction(s string) (Action, error) {
	if slices.Contains(Actions, Action(s)) {
		return Action(s), nil
	}
	return "", E(EInvalid, "ErrUnknownAction", "Action", s)
}

// MarshalText implements encoding.TextMarshaler.
func (a Action) MarshalText() ([]byte, error) { return []byte(a), nil }

// Role is what a user may do. Translator and reviewer apply to the user's languages.
type Role string

// The roles.
const (
	RoleAdmin      Role = "admin"
	RoleEditor     Role = "editor"
	RoleTranslator Role = "translator"
	RoleReviewer   Role = "reviewer"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleEditor, RoleTranslator, RoleReviewer}

// ParseRole returns the Role named s, or an EInvalid error.
func ParseRole(s string) (Role, error) {
	if slices.Contains(Roles, Role(s)) {
		return Role(s), nil
	}
	return "", E(EInvalid, "ErrUnknownRole", "Role", s)
}

// MarshalText implements encoding.TextMarshaler.
func (r Role) MarshalText() ([]byte, error) { return []byte(r), nil }

// UnmarshalText implements encoding.TextUnmarshaler and rejects unknown roles.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := ParseRole(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// ParseRoles parses a comma-separated role list ("editor,reviewer").
func ParseRoles(s string) ([]Role, error) {
	var out []Role
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		r, err := ParseRole(part)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// Languages is the configured set of content languages; the first is the default.
type Languages struct{ codes []string }

// ParseLanguages parses a comma-separated list of language codes ("en,ru,ky").
// Codes are lower-case ASCII letters, 2 to 8 long, with no duplicates.
func ParseLanguages(s string) (Languages, error) {
	var codes []string
	for _, part := range strings.Split(s, ",") {
		c := strings.ToLower(strings.TrimSpace(part))
		if c == "" {
			continue
		}
		if !validLangCode(c) {
			return Languages{}, Errorf(EInvalid, "Invalid language code %q.", c)
		}
		if slices.Contains(codes, c) {
			return Languages{}, Errorf(EInvalid, "Language %q is listed twice.", c)
		}
		codes = append(codes, c)
	}
	if len(codes) == 0 {
		return Languages{}, Errorf(EInvalid, "At least one language is required.")
	}
	return Languages{codes: codes}, nil
}

// MustLanguages is ParseLanguages for tests and constants; it panics on error.
func MustLanguages(s string) Languages {
	l, err := ParseLanguages(s)
	if err != nil {
		panic(err)
	}
	return l
}

func validLangCode(c string) bool {
	if len(c) < 2 || len(c) > 8 {
		return false
	}
	for _, r := range c {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// Codes returns the language codes in configured order.
func (l Languages) Codes() []string { return slices.Clone(l.codes) }

// Default returns the default language.
func (l Languages) Default() string { return l.codes[0] }

// Has reports whether code is a configured language.
func (l Languages) Has(code string) bool { return slices.Contains(l.codes, code) }

// String returns the comma-separated list.
func (l Languages) String() string { return strings.Join(l.codes, ",") }

// Check returns an ENotFound error when code is not configured.
func (l Languages) Check(code string) error {
	if !l.Has(code) {
		return E(ENotFound, "ErrUnknownLanguage", "Lang", code, "Langs", l.String())
	}
	return nil
}

// ParseLangList parses a comma-separated list of languages that must all be configured.
func (l Languages) ParseLangList(s string) ([]string, error) {
	var out []string
	for _, part := range strings.Split(s, ",") {
		c := strings.ToLower(strings.TrimSpace(part))
		if c == "" {
			continue
		}
		if !l.Has(c) {
			return nil, E(EInvalid, "ErrUnknownLanguage", "Lang", c, "Langs", l.String())
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// VersionID is the identifier of one language version of a release.
func VersionID(releaseID, lang string) string { return releaseID + "/" + lang }

// RevisionID is the identifier of one revision of a version.
func RevisionID(releaseID, lang string, rev int) string {
	return fmt.Sprintf("%s/%s/%d", releaseID, lang, rev)
}
