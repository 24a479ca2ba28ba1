package locale

import (
	"fmt"
	"time"
)

// FormatDateTime writes the moment t as seen in loc (UTC when nil): lang's
// CLDR long date, the 24-hour time, and the offset from UTC, so that the
// reader knows which clock is meant: "14 October 2026, 09:00 (UTC+6)",
// "14 октября 2026 г., 09:00 (UTC+6)", "2026-ж., 14-октябрь, 09:00 (UTC+6)".
func FormatDateTime(lang string, t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	return FormatDate(lang, t, Long) + ", " + t.Format("15:04") + " (" + OffsetName(t, loc) + ")"
}

// OffsetName writes the offset from UTC of loc at the moment t: "UTC",
// "UTC+6", "UTC+5:30", "UTC−4" (with a minus sign, U+2212).
func OffsetName(t time.Time, loc *time.Location) string {
	if loc == nil {
		return "UTC"
	}
	_, off := t.In(loc).Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "−", -off
	}
	h, m := off/3600, off%3600/60
	if m == 0 {
		return fmt.Sprintf("UTC%s%d", sign, h)
	}
	return fmt.Sprintf("UTC%s%d:%02d", sign, h, m)
}
