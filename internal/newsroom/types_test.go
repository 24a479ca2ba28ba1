package newsroom_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestParseLanguages(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     []string
		wantMsg  string // a substring of the error message, when invalid
		wantDflt string
	}{
		{name: "the default three languages parse in order", in: "en,ru,ky", want: []string{"en", "ru", "ky"}, wantDflt: "en"},
		{name: "a fourth language is just another entry", in: "en,ru,ky,uz", want: []string{"en", "ru", "ky", "uz"}, wantDflt: "en"},
		{name: "the first language is the default", in: "ky,ru,en", want: []string{"ky", "ru", "en"}, wantDflt: "ky"},
		{name: "a single language is enough", in: "ru", want: []string{"ru"}, wantDflt: "ru"},
		{name: "spaces, upper case and empty entries are tolerated", in: " EN , Ru ,, ky ,", want: []string{"en", "ru", "ky"}, wantDflt: "en"},
		{name: "codes of two to eight letters are accepted", in: "ab,abcdefgh", want: []string{"ab", "abcdefgh"}, wantDflt: "ab"},
		{name: "a duplicate is invalid", in: "en,ru,en", wantMsg: "twice"},
		{name: "a duplicate in another case is invalid", in: "en,EN", wantMsg: "twice"},
		{name: "a one-letter code is invalid", in: "en,r", wantMsg: `"r"`},
		{name: "a nine-letter code is invalid", in: "abcdefghi", wantMsg: "abcdefghi"},
		{name: "a region subtag is invalid", in: "en-US,ru", wantMsg: "en-us"},
		{name: "an underscore is invalid", in: "en_gb", wantMsg: "en_gb"},
		{name: "digits are invalid", in: "en,r1", wantMsg: "r1"},
		{name: "non-ASCII letters are invalid", in: "en,кы", wantMsg: "кы"},
		{name: "an empty list is invalid", in: "", wantMsg: "At least one"},
		{name: "a list of only commas and spaces is invalid", in: " , ,", wantMsg: "At least one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newsroom.ParseLanguages(tt.in)
			if tt.wantMsg != "" {
				if newsroom.ErrorCode(err) != newsroom.EInvalid || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tt.wantMsg)) {
					t.Fatalf("ParseLanguages(%q) error = %v, want invalid mentioning %q", tt.in, err, tt.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseLanguages(%q): %v", tt.in, err)
			}
			if !slices.Equal(got.Codes(), tt.want) {
				t.Errorf("Codes() = %v, want %v", got.Codes(), tt.want)
			}
			if got.Default() != tt.wantDflt {
				t.Errorf("Default() = %q, want %q", got.Default(), tt.wantDflt)
			}
			if got.String() != strings.Join(tt.want, ",") {
				t.Errorf("String() = %q", got.String())
			}
			for _, c := range tt.want {
				if !got.Has(c) || got.Check(c) != nil {
					t.Errorf("%q is not configured", c)
				}
			}
		})
	}
}

func TestLanguagesMethods(t *testing.T) {
	langs := newsroom.MustLanguages("en,ru,ky,uz")

	t.Run("Codes returns a copy the caller may change", func(t *testing.T) {
		c := langs.Codes()
		c[0] = "xx"
		if langs.Default() != "en" || langs.Has("xx") {
			t.Errorf("changing Codes() changed the configuration: %v", langs)
		}
	})
	t.Run("Check reports an unconfigured language as not found", func(t *testing.T) {
		err := langs.Check("fr")
		if newsroom.ErrorCode(err) != newsroom.ENotFound || !strings.Contains(err.Error(), "en,ru,ky,uz") {
			t.Errorf("Check(fr) = %v", err)
		}
	})
	t.Run("Has is exact", func(t *testing.T) {
		if langs.Has("EN") || langs.Has("") || langs.Has("e") {
			t.Error("Has accepted a code that is not configured")
		}
	})
	t.Run("ParseLangList lower-cases, trims and removes duplicates", func(t *testing.T) {
		got, err := langs.ParseLangList(" uz, KY ,uz,,")
		if err != nil || !slices.Equal(got, []string{"uz", "ky"}) {
			t.Errorf("ParseLangList = %v, %v", got, err)
		}
	})
	t.Run("ParseLangList rejects an unconfigured language", func(t *testing.T) {
		if _, err := langs.ParseLangList("ru,fr"); newsroom.ErrorCode(err) != newsroom.EInvalid {
			t.Errorf("ParseLangList(ru,fr) error = %v, want invalid", err)
		}
	})
	t.Run("MustLanguages panics on an invalid list", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		newsroom.MustLanguages("en,en")
	})
}

func TestParseRoles(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []newsroom.Role
		wantErr bool
	}{
		{name: "two roles parse in order", in: "editor,reviewer", want: []newsroom.Role{newsroom.RoleEditor, newsroom.RoleReviewer}},
		{name: "every role parses", in: "admin,editor,translator,reviewer", want: newsroom.Roles},
		{name: "spaces and empty entries are skipped", in: " translator , ,reviewer ", want: []newsroom.Role{newsroom.RoleTranslator, newsroom.RoleReviewer}},
		{name: "a repeated role is kept once", in: "editor,editor", want: []newsroom.Role{newsroom.RoleEditor}},
		{name: "an empty list parses to no roles", in: "", want: nil},
		{name: "an unknown role is invalid", in: "editor,owner", wantErr: true},
		{name: "a role with a typo is invalid", in: "reveiwer", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newsroom.ParseRoles(tt.in)
			if tt.wantErr {
				if newsroom.ErrorCode(err) != newsroom.EInvalid || got != nil {
					t.Errorf("ParseRoles(%q) = %v, %v; want invalid", tt.in, got, err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ParseRoles(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseState(t *testing.T) {
	for _, s := range []string{"untranslated", "draft", "in_review", "changes_requested", "approved", "published"} {
		t.Run("the state "+s+" parses and marshals back", func(t *testing.T) {
			got, err := newsroom.ParseState(s)
			if err != nil || string(got) != s {
				t.Fatalf("ParseState(%q) = %q, %v", s, got, err)
			}
			b, err := got.MarshalText()
			if err != nil || string(b) != s {
				t.Errorf("MarshalText = %q, %v", b, err)
			}
			var u newsroom.State
			if err := u.UnmarshalText([]byte(s)); err != nil || u != got {
				t.Errorf("UnmarshalText = %q, %v", u, err)
			}
		})
	}
	for _, s := range []string{"", "Draft", "in-review", "in review", "draft ", "deleted", "in_review\x00"} {
		t.Run("the unknown state "+strings.ReplaceAll(strings.ReplaceAll(s, "\x00", "NUL"), " ", "␠")+" is rejected", func(t *testing.T) {
			if _, err := newsroom.ParseState(s); newsroom.ErrorCode(err) != newsroom.EInvalid {
				t.Errorf("ParseState(%q) error = %v, want invalid", s, err)
			}
			u := newsroom.StateDraft
			if err := u.UnmarshalText([]byte(s)); newsroom.ErrorCode(err) != newsroom.EInvalid || u != newsroom.StateDraft {
				t.Errorf("UnmarshalText(%q) = %v and left %q, want invalid and no change", s, err, u)
			}
		})
	}
	t.Run("JSON decoding rejects an unknown state", func(t *testing.T) {
		var v struct{ State newsroom.State }
		if err := json.Unmarshal([]byte(`{"State":"archived"}`), &v); err == nil {
			t.Errorf("decoded an unknown state as %q", v.State)
		}
		if err := json.Unmarshal([]byte(`{"State":"in_review"}`), &v); err != nil || v.State != newsroom.StateInReview {
			t.Errorf("decoding in_review: %q, %v", v.State, err)
		}
	})
	t.Run("JSON decoding rejects an unknown role", func(t *testing.T) {
		var v struct{ Roles []newsroom.Role }
		if err := json.Unmarshal([]byte(`{"Roles":["editor","root"]}`), &v); err == nil {
			t.Errorf("decoded an unknown role: %v", v.Roles)
		}
	})
}

func TestParseActionAndRole(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
		fn   func(string) error
	}{
		{"every transition action parses", "request-changes", true, func(s string) error { _, err := newsroom.ParseAction(s); return err }},
		{"marking not substantive parses", "mark-not-substantive", true, func(s string) error { _, err := newsroom.ParseAction(s); return err }},
		{"an action spelt with an underscore is rejected", "request_changes", false, func(s string) error { _, err := newsroom.ParseAction(s); return err }},
		{"an unknown action is rejected", "delete", false, func(s string) error { _, err := newsroom.ParseAction(s); return err }},
		{"a known role parses", "translator", true, func(s string) error { _, err := newsroom.ParseRole(s); return err }},
		{"an unknown role is rejected", "superuser", false, func(s string) error { _, err := newsroom.ParseRole(s); return err }},
		{"an empty role is rejected", "", false, func(s string) error { var r newsroom.Role; return r.UnmarshalText([]byte(s)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.fn(tt.in)
			if tt.ok && err != nil {
				t.Errorf("%q: %v", tt.in, err)
			}
			if !tt.ok && newsroom.ErrorCode(err) != newsroom.EInvalid {
				t.Errorf("%q: error = %v, want invalid", tt.in, err)
			}
		})
	}
	for _, a := range newsroom.TransitionActions {
		if !slices.Contains(newsroom.Actions, a) || a == newsroom.ActionSave || a == newsroom.ActionRestore {
			t.Errorf("transition action %q is not a non-writing action", a)
		}
	}
}

func TestIDs(t *testing.T) {
	if got := newsroom.VersionID("r1", "ky"); got != "r1/ky" {
		t.Errorf("VersionID = %q", got)
	}
	if got := newsroom.RevisionID("r1", "ky", 12); got != "r1/ky/12" {
		t.Errorf("RevisionID = %q", got)
	}
}
