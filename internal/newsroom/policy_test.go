package newsroom_test

import (
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestWhoMayReadWhichLanguage(t *testing.T) {
	admin := user("aida", []newsroom.Role{newsroom.RoleAdmin})
	editor := user("elena", []newsroom.Role{newsroom.RoleEditor})
	trKy := user("tilek", []newsroom.Role{newsroom.RoleTranslator}, "ky")
	revKy := user("roza", []newsroom.Role{newsroom.RoleReviewer}, "ky")
	disabled := user("dana", []newsroom.Role{newsroom.RoleEditor})
	disabled.Disabled = true
	tests := []struct {
		name     string
		actor    *newsroom.User
		lang     string
		wantCode string
	}{
		{"an admin without other roles reads every language", admin, "ru", ""},
		{"an editor reads every language", editor, "ru", ""},
		{"a Kyrgyz translator reads Kyrgyz", trKy, "ky", ""},
		{"a Kyrgyz translator reads the source", trKy, "en", ""},
		{"a Kyrgyz translator may not read Russian", trKy, "ru", newsroom.EForbidden},
		{"a Kyrgyz reviewer may not read Russian", revKy, "ru", newsroom.EForbidden},
		{"a Kyrgyz reviewer reads the source", revKy, "en", ""},
		{"a disabled editor reads nothing", disabled, "en", newsroom.EUnauthorized},
		{"nobody reads nothing", nil, "en", newsroom.EUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newsroom.ErrorCode(newsroom.CanRead(tt.actor, tt.lang, "en")); got != tt.wantCode {
				t.Errorf("code %q, want %q", got, tt.wantCode)
			}
		})
	}
}

func TestNobodyLocksThemselvesOut(t *testing.T) {
	admin := user("aida", []newsroom.Role{newsroom.RoleAdmin})
	other := user("bolot", []newsroom.Role{newsroom.RoleAdmin, newsroom.RoleEditor})
	editor := user("elena", []newsroom.Role{newsroom.RoleEditor})
	yes := true
	tests := []struct {
		name          string
		actor, target *newsroom.User
		in            newsroom.UserUpdate
		wantCode      string
	}{
		{"an admin may not drop their own admin role", admin, admin, newsroom.UserUpdate{Roles: []newsroom.Role{newsroom.RoleEditor}}, newsroom.EForbidden},
		{"an admin may not disable themselves", admin, admin, newsroom.UserUpdate{Disabled: &yes}, newsroom.EForbidden},
		{"an admin may rename themselves", admin, admin, newsroom.UserUpdate{Name: &admin.Name}, ""},
		{"an admin may take another admin's role", admin, other, newsroom.UserUpdate{Roles: []newsroom.Role{newsroom.RoleEditor}}, ""},
		{"an editor may not manage users", editor, other, newsroom.UserUpdate{Disabled: &yes}, newsroom.EForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newsroom.ErrorCode(newsroom.CanUpdateUser(tt.actor, tt.target, tt.in)); got != tt.wantCode {
				t.Errorf("code %q, want %q", got, tt.wantCode)
			}
		})
	}
}

func TestReleaseUpdatesMergeFieldByField(t *testing.T) {
	editor := user("elena", []newsroom.Role{newsroom.RoleEditor})
	langs := newsroom.MustLanguages("en,ru,ky")
	base := newsroom.Release{ID: "r1", Slug: "first", SourceLang: "en", Date: time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC), Places: map[string]string{"en": "Bishkek"}}
	d := func(y, m, dd int) *time.Time { t := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC); return &t }
	s := func(v string) *string { return &v }
	tests := []struct {
		name        string
		actor       *newsroom.User
		in          newsroom.ReleaseUpdate
		wantCode    string
		wantChanges int
		check       func(t *testing.T, r newsroom.Release)
	}{
		{"a date change keeps everything else", editor, newsroom.ReleaseUpdate{Date: d(2016, 10, 15)}, "", 1, func(t *testing.T, r newsroom.Release) {
			if r.Slug != "first" || r.Places["en"] != "Bishkek" || r.Date.Day() != 15 {
				t.Errorf("%+v", r)
			}
		}},
		{"the same date is no change", editor, newsroom.ReleaseUpdate{Date: d(2016, 10, 14)}, "", 0, nil},
		{"a date in the year 20166 is refused", editor, newsroom.ReleaseUpdate{Date: d(20166, 1, 1)}, newsroom.EInvalid, 0, nil},
		{"a date before 1900 is refused", editor, newsroom.ReleaseUpdate{Date: d(214, 1, 1)}, newsroom.EInvalid, 0, nil},
		{"a rename keeps the old slug reserved", editor, newsroom.ReleaseUpdate{Slug: s("second")}, "", 1, func(t *testing.T, r newsroom.Release) {
			if r.Slug != "second" || len(r.OldSlugs) != 1 || r.OldSlugs[0] != "first" {
				t.Errorf("%+v", r)
			}
		}},
		{"an invalid slug is refused", editor, newsroom.ReleaseUpdate{Slug: s("Not A Slug")}, newsroom.EInvalid, 0, nil},
		{"an empty slug is refused", editor, newsroom.ReleaseUpdate{Slug: s(" ")}, newsroom.EInvalid, 0, nil},
		{"a place is merged and an empty one cleared", editor, newsroom.ReleaseUpdate{Places: map[string]string{"ru": "Бишкек", "en": ""}}, "", 1, func(t *testing.T, r newsroom.Release) {
			if r.Places["ru"] != "Бишкек" || r.Places["en"] != "" || len(r.Places) != 1 {
				t.Errorf("%+v", r.Places)
			}
		}},
		{"a translator may not change the dateline", user("tilek", []newsroom.Role{newsroom.RoleTranslator}, "ky"), newsroom.ReleaseUpdate{Date: d(2016, 10, 15)}, newsroom.EForbidden, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, changes, err := newsroom.ApplyUpdate(tt.actor, base, tt.in, langs)
			if got := newsroom.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("error %v, want code %q", err, tt.wantCode)
			}
			if len(changes) != tt.wantChanges {
				t.Errorf("changes %v, want %d", changes, tt.wantChanges)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}
