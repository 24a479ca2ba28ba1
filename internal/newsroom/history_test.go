package newsroom_test

import (
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestAuditCursorsRoundTripAndRejectForeignText(t *testing.T) {
	streams := []string{newsroom.ReleaseStream, "en", "ky"}
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"every stream", "_:3,en:40,ky:2", true},
		{"one stream", "ky:9", true},
		{"an exhausted stream", "en:0", true},
		{"an unknown stream", "de:3", false},
		{"a stream twice", "en:3,en:4", false},
		{"a negative position", "en:-3", false},
		{"no number", "en", false},
		{"not a number", "en:x", false},
		{"a huge number", "en:99999999999999999", false},
		{"empty", "", false},
		{"too long", strings.Repeat("en:1,", 300), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := newsroom.ParseAuditCursor(tc.in, streams)
			if tc.ok != (err == nil) {
				t.Fatalf("ParseAuditCursor(%q) = %v, %v", tc.in, c, err)
			}
			if err != nil && newsroom.ErrorCode(err) != newsroom.EInvalid {
				t.Fatalf("code %q", newsroom.ErrorCode(err))
			}
			if err == nil {
				again, err := newsroom.ParseAuditCursor(c.String(), streams)
				if c.String() != "" && (err != nil || again.String() != c.String()) {
					t.Fatalf("round trip %q → %q: %v", tc.in, c.String(), err)
				}
			}
		})
	}
}

func TestHistoryLimitsAreBounded(t *testing.T) {
	for in, want := range map[int]int{-1: newsroom.DefaultHistoryPage, 0: newsroom.DefaultHistoryPage, 7: 7, 1 << 30: newsroom.MaxHistoryPage} {
		if got := newsroom.HistoryLimit(in); got != want {
			t.Errorf("HistoryLimit(%d) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParseAuditCursor(f *testing.F) {
	f.Add("_:3,en:40")
	f.Add("en:-1,,")
	f.Fuzz(func(t *testing.T, s string) {
		streams := []string{newsroom.ReleaseStream, "en", "ru"}
		c, err := newsroom.ParseAuditCursor(s, streams)
		if err != nil {
			return
		}
		for k, v := range c {
			if v < 0 || (k != "_" && k != "en" && k != "ru") {
				t.Fatalf("%q gave %v", s, c)
			}
		}
	})
}
