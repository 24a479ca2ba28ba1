package newsroom_test

import (
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestWhoMayChangeWhichGlossary(t *testing.T) {
	editor := user("elena", []newsroom.Role{newsroom.RoleEditor})
	admin := user("aida", []newsroom.Role{newsroom.RoleAdmin})
	trKy := user("tilek", []newsroom.Role{newsroom.RoleTranslator}, "ky")
	revKy := user("roza", []newsroom.Role{newsroom.RoleReviewer}, "ky")
	trRu := user("rustam", []newsroom.Role{newsroom.RoleTranslator}, "ru")
	disabled := user("dana", []newsroom.Role{newsroom.RoleEditor})
	disabled.Disabled = true
	tests := []struct {
		name     string
		actor    *newsroom.User
		tgt      string
		wantCode string
	}{
		{"an editor changes every glossary", editor, "ru", ""},
		{"a Kyrgyz reviewer changes the glossaries into Kyrgyz", revKy, "ky", ""},
		{"a Kyrgyz translator changes the glossaries into Kyrgyz", trKy, "ky", ""},
		{"a Kyrgyz reviewer may not change the glossaries into Russian", revKy, "ru", newsroom.EForbidden},
		{"a Russian translator may not change the glossaries into Kyrgyz", trRu, "ky", newsroom.EForbidden},
		{"an admin without other roles may not change a glossary", admin, "ky", newsroom.EForbidden},
		{"a disabled editor may not change a glossary", disabled, "ky", newsroom.EForbidden},
		{"nobody may not change a glossary", nil, "ky", newsroom.EForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newsroom.ErrorCode(newsroom.CanEditGlossary(tt.actor, tt.tgt)); got != tt.wantCode {
				t.Errorf("code %q, want %q", got, tt.wantCode)
			}
		})
	}
}
