package locale

import (
	"testing"
	"time"
	_ "time/tzdata"
)

func TestFormatDateTimeInTheSiteTimeZone(t *testing.T) {
	bishkek, err := time.LoadLocation("Asia/Bishkek")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 10, 14, 3, 0, 0, 0, time.UTC) // 09:00 in Bishkek
	tests := []struct{ lang, want string }{
		{"en", "14 October 2026, 09:00 (UTC+6)"},
		{"ru", "14 октября 2026 г., 09:00 (UTC+6)"},
		{"ky", "2026-ж., 14-октябрь, 09:00 (UTC+6)"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" writes "+tt.want, func(t *testing.T) {
			if got := FormatDateTime(tt.lang, at, bishkek); got != tt.want {
				t.Errorf("FormatDateTime = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("an offset with minutes keeps them", func(t *testing.T) {
		kolkata, _ := time.LoadLocation("Asia/Kolkata")
		if got, want := FormatDateTime("en", at, kolkata), "14 October 2026, 08:30 (UTC+5:30)"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("UTC is written as UTC", func(t *testing.T) {
		if got, want := FormatDateTime("en", at, time.UTC), "14 October 2026, 03:00 (UTC)"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("a nil location is UTC", func(t *testing.T) {
		if got, want := FormatDateTime("en", at, nil), "14 October 2026, 03:00 (UTC)"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func TestOffsetName(t *testing.T) {
	bishkek, _ := time.LoadLocation("Asia/Bishkek")
	at := time.Date(2026, 10, 14, 3, 0, 0, 0, time.UTC)
	if got := OffsetName(at, bishkek); got != "UTC+6" {
		t.Errorf("OffsetName = %q", got)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if got := OffsetName(at, ny); got != "UTC−4" {
		t.Errorf("OffsetName = %q", got)
	}
}
