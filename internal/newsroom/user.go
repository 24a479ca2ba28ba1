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
		return Errorf(EInvalid, "%q is not a valid email address.", n.Email)
	}
	if n.Name == "" || !utf8.ValidString(n.Name) || utf8.RuneCountInString(n.Name) > 200 {
		return Errorf(EInvalid, "A name of 1 to 200 characters is required.")
	}
	if err := ValidatePassword(n.Password); err != nil {
		return err
	}
	if len(n.Roles) == 0 {
		return Errorf(EInvalid, "At least one role is required.")
	}
	for _, l := range n.Langs {
		if !langs.Has(l) {
			return Errorf(EInvalid, "Unknown language %q; configured: %s.", l, langs)
		}
	}
	if (slices.Contains(n.Roles, RoleTranslator) || slices.Contains(n.Roles, RoleReviewer)) && len(n.Langs) == 0 {
		return Errorf(EInvalid, "Translators and reviewers need at least one language.")
	}
	return nil
}

// ValidatePassword enforces the password policy: 10 to 200 characters,
// at least 10 of them between the first and last that are not white space
// (so twelve spaces are no password).
func ValidatePassword(p string) error {
	if n := len([]rune(p)); n < 10 || n > 200 {
		return Errorf(EInvalid, "A password of 10 to 200 characters is required.")
	}
	if len([]rune(strings.TrimSpace(p))) < 10 {
		return Errorf(EInvalid, "A password needs at least 10 characters besides the spaces at its start and end.")
	}
	return nil
}
