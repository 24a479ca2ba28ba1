package newsroom_test

import (
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestNewUserValidate(t *testing.T) {
	langs := newsroom.MustLanguages("en,ru,ky,uz")
	valid := func() newsroom.NewUser {
		return newsroom.NewUser{Email: "aida@example.org", Name: "Aida Asanova", Password: "correct horse",
			Roles: []newsroom.Role{newsroom.RoleTranslator}, Langs: []string{"ky"}}
	}
	tests := []struct {
		name      string
		edit      func(n *newsroom.NewUser)
		wantMsg   string // a substring of the invalid error's message; "" for valid
		wantEmail string
		wantName  string
	}{
		{name: "a translator with a language is valid", edit: func(n *newsroom.NewUser) {}},
		{name: "the email is trimmed and lower-cased", edit: func(n *newsroom.NewUser) { n.Email = "  Aida@Example.ORG " }},
		{name: "the name is trimmed", edit: func(n *newsroom.NewUser) { n.Name = "  Aida Asanova\n" }},
		{name: "an editor needs no language", edit: func(n *newsroom.NewUser) { n.Roles, n.Langs = []newsroom.Role{newsroom.RoleEditor}, nil }},
		{name: "an admin needs no language", edit: func(n *newsroom.NewUser) { n.Roles, n.Langs = []newsroom.Role{newsroom.RoleAdmin}, nil }},
		{name: "a reviewer of a fourth configured language is valid", edit: func(n *newsroom.NewUser) {
			n.Roles, n.Langs = []newsroom.Role{newsroom.RoleReviewer}, []string{"uz"}
		}},
		{name: "a name of 200 Cyrillic characters is valid", edit: func(n *newsroom.NewUser) { n.Name = strings.Repeat("ө", 200) },
			wantName: strings.Repeat("ө", 200)},
		{name: "a name of 201 characters is invalid", edit: func(n *newsroom.NewUser) { n.Name = strings.Repeat("a", 201) }, wantMsg: "name"},
		{name: "an empty name is invalid", edit: func(n *newsroom.NewUser) { n.Name = "" }, wantMsg: "name"},
		{name: "a blank name is invalid", edit: func(n *newsroom.NewUser) { n.Name = " \t " }, wantMsg: "name"},
		{name: "a name that is not UTF-8 is invalid", edit: func(n *newsroom.NewUser) { n.Name = "Aida \xff" }, wantMsg: "name"},
		{name: "an address without an at sign is invalid", edit: func(n *newsroom.NewUser) { n.Email = "aida.example.org" }, wantMsg: "email"},
		{name: "an address with a display name is invalid", edit: func(n *newsroom.NewUser) { n.Email = "Aida <aida@example.org>" }, wantMsg: "email"},
		{name: "an empty address is invalid", edit: func(n *newsroom.NewUser) { n.Email = "" }, wantMsg: "email"},
		{name: "a password of 9 characters is invalid", edit: func(n *newsroom.NewUser) { n.Password = "123456789" }, wantMsg: "password"},
		{name: "a password of 10 Cyrillic characters is valid", edit: func(n *newsroom.NewUser) { n.Password = strings.Repeat("ж", 10) }},
		{name: "a password of 12 spaces is invalid", edit: func(n *newsroom.NewUser) { n.Password = strings.Repeat(" ", 12) }, wantMsg: "password"},
		{name: "a password of 9 characters padded with spaces is invalid", edit: func(n *newsroom.NewUser) { n.Password = "  123456789  " }, wantMsg: "password"},
		{name: "a password with spaces inside counts them", edit: func(n *newsroom.NewUser) { n.Password = "a b c d e f" }},
		{name: "a password of 201 characters is invalid", edit: func(n *newsroom.NewUser) { n.Password = strings.Repeat("p", 201) }, wantMsg: "password"},
		{name: "a user without roles is invalid", edit: func(n *newsroom.NewUser) { n.Roles = nil }, wantMsg: "role"},
		{name: "an unconfigured language is invalid", edit: func(n *newsroom.NewUser) { n.Langs = []string{"ky", "fr"} }, wantMsg: "Lang:fr"},
		{name: "a translator without a language is invalid", edit: func(n *newsroom.NewUser) { n.Langs = nil }, wantMsg: "ErrLangRequired"},
		{name: "a reviewer without a language is invalid", edit: func(n *newsroom.NewUser) {
			n.Roles, n.Langs = []newsroom.Role{newsroom.RoleEditor, newsroom.RoleReviewer}, nil
		}, wantMsg: "ErrLangRequired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := valid()
			tt.edit(&n)
			err := n.Validate(langs)
			if tt.wantMsg != "" {
				if newsroom.ErrorCode(err) != newsroom.EInvalid || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tt.wantMsg)) {
					t.Fatalf("Validate error = %v, want invalid mentioning %q", err, tt.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			wantEmail, wantName := tt.wantEmail, tt.wantName
			if wantEmail == "" {
				wantEmail = "aida@example.org"
			}
			if wantName == "" {
				wantName = "Aida Asanova"
			}
			if n.Email != wantEmail || n.Name != wantName {
				t.Errorf("email, name = %q, %q; want %q, %q", n.Email, n.Name, wantEmail, wantName)
			}
		})
	}
}

func TestUserRoles(t *testing.T) {
	ed := &newsroom.User{ID: "e", Roles: []newsroom.Role{newsroom.RoleEditor, newsroom.RoleReviewer}, Langs: []string{"ky"}}
	off := &newsroom.User{ID: "o", Roles: []newsroom.Role{newsroom.RoleAdmin, newsroom.RoleEditor}, Langs: []string{"ky"}, Disabled: true}
	var none *newsroom.User
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"an editor is an editor", ed.IsEditor(), true},
		{"an editor who reviews Kyrgyz reviews Kyrgyz", ed.HasLang(newsroom.RoleReviewer, "ky"), true},
		{"an editor who reviews Kyrgyz does not review Russian", ed.HasLang(newsroom.RoleReviewer, "ru"), false},
		{"an editor who reviews Kyrgyz does not translate it", ed.HasLang(newsroom.RoleTranslator, "ky"), false},
		{"an editor is not an admin", ed.IsAdmin(), false},
		{"a disabled admin is not an admin", off.IsAdmin(), false},
		{"a disabled editor is not an editor", off.IsEditor(), false},
		{"a nil user has no role", none.Has(newsroom.RoleEditor) || none.IsAdmin() || none.HasLang(newsroom.RoleTranslator, "ky"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	if got := newsroom.NormalizeEmail("  A@B.KG\t"); got != "a@b.kg" {
		t.Errorf("NormalizeEmail = %q", got)
	}
}
