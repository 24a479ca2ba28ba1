package newsroom

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person who works in the newsroom.
type User struct {
	ID    string
	Email string
	Name  string
	Roles []Role
	// Langs are the languages the user translates or reviews.
	Langs []string
	// UILang is the interface language the user picked ("" for negotiated).
	UILang    string
	Disabled  bool
	CreatedAt time.Time
}

// Has reports whether u has role r.
func (u *User) Has(r Role) bool { return u != nil && !u.Disabled && slices.Contains(u.Roles, r) }

// HasLang reports whether u has role r for language lang.
func (u *User) HasLang(r Role, lang string) bool { return u.Has(r) && slices.Contains(u.Langs, lang) }

// IsAdmin reports whether u is an admin.
func (u *User) IsAdmin() bool { return u.Has(RoleAdmin) }

// IsEditor reports whether u is an editor.
func (u *User) IsEditor() bool { return u.Has(RoleEditor) }

// NormalizeEmail lower-cases and trims an email address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NewUser is the input for creating a user.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Roles    []Role
	Langs    []string
}

// Validate checks a new user against the configured languages.
func (n *NewUser) Validate(langs Languages) error {
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email {
		return E(EInvalid, "ErrBadEmail", "Email", n.Email)
	}
	if err := checkPerson(n.Name, n.Roles, n.Langs, "", langs); err != nil {
		return err
	}
	return ValidatePassword(n.Password)
}

// ApplyUserUpdate returns cur with in applied (all but the password), or an
// EInvalid error when the result breaks a rule: a name of 1 to 200
// characters, at least one role, configured languages, at least one
// language for translators and reviewers, a configured interface language.
func ApplyUserUpdate(cur User, in UserUpdate, langs Languages) (User, error) {
	if in.Name != nil {
		cur.Name = strings.TrimSpace(*in.Name)
	}
	if in.Roles != nil {
		cur.Roles = slices.Clone(in.Roles)
	}
	if in.Langs != nil {
		cur.Langs = slices.Compact(slices.Clone(in.Langs))
	}
	if in.UILang != nil {
		cur.UILang = *in.UILang
	}
	if in.Disabled != nil {
		cur.Disabled = *in.Disabled
	}
	if in.Password != nil {
		if err := ValidatePassword(*in.Password); err != nil {
			return cur, err
		}
	}
	return cur, checkPerson(cur.Name, cur.Roles, cur.Langs, cur.UILang, langs)
}

// checkPerson holds the rules every user satisfies.
func checkPerson(name string, roles []Role, userLangs []string, uiLang string, langs Languages) error {
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > 200 {
		return E(EInvalid, "ErrNameRequired", "Max", 200)
	}
	if len(roles) == 0 {
		return E(EInvalid, "ErrRoleRequired")
	}
	for _, l := range userLangs {
		if !langs.Has(l) {
			return E(EInvalid, "ErrUnknownLanguage", "Lang", l, "Langs", langs.String())
		}
	}
	if (slices.Contains(roles, RoleTranslator) || slices.Contains(roles, RoleReviewer)) && len(userLangs) == 0 {
		return E(EInvalid, "ErrLangRequired")
	}
	if uiLang != "" && !langs.Has(uiLang) {
		return E(EInvalid, "ErrUnknownLanguage", "Lang", uiLang, "Langs", langs.String())
	}
	return nil
}

// ValidatePassword enforces the password policy: 10 to 200 characters,
// at least 10 of them between the first and last that are not white space
// (so twelve spaces are no password).
func ValidatePassword(p string) error {
	if n := len([]rune(p)); n < 10 || n > 200 {
		return E(EInvalid, "ErrPasswordLength", "Min", 10, "Max", 200)
	}
	if len([]rune(strings.TrimSpace(p))) < 10 {
		return E(EInvalid, "ErrPasswordBlank", "Min", 10)
	}
	return nil
}
