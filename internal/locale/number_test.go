package locale

import "testing"

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		name string
		lang string
		n    int64
		want string
	}{
		{"English groups thousands with commas", "en", 62_000_000, "62,000,000"},
		{"Russian groups thousands with no-break spaces", "ru", 62_000_000, "62\u00a0000\u00a0000"},
		{"Kyrgyz groups thousands with no-break spaces", "ky", 62_000_000, "62\u00a0000\u00a0000"},
		{"small numbers are not grouped", "ru", 995, "995"},
		{"years are plain numbers too", "en", 1995, "1,995"},
		{"negative numbers keep their sign", "en", -1234, "-1,234"},
		{"zero is zero", "ky", 0, "0"},
		{"an unknown code is written like English", "not a tag", 1234, "1,234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatNumber(tt.lang, tt.n); got != tt.want {
				t.Errorf("FormatNumber(%q, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
			}
		})
	}
}

func TestFormatDecimal(t *testing.T) {
	tests := []struct {
		name   string
		lang   string
		f      float64
		digits int
		want   string
	}{
		{"English uses a decimal point", "en", 1234567.891, 2, "1,234,567.89"},
		{"Russian uses a decimal comma", "ru", 1234567.891, 2, "1\u00a0234\u00a0567,89"},
		{"Kyrgyz uses a decimal comma", "ky", 1234567.891, 2, "1\u00a0234\u00a0567,89"},
		{"trailing zeros are kept to the requested digits", "en", 62, 1, "62.0"},
		{"zero digits gives a whole number", "ru", 62.4, 0, "62"},
		{"halves round away from zero", "en", 2.5, 0, "3"},
		{"negative halves round away from zero", "en", -2.5, 0, "-3"},
		{"rounding carries into the integer part", "en", 0.999, 2, "1.00"},
		{"negative digits count as zero", "en", 7.6, -1, "8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatDecimal(tt.lang, tt.f, tt.digits); got != tt.want {
				t.Errorf("FormatDecimal(%q, %v, %d) = %q, want %q", tt.lang, tt.f, tt.digits, got, tt.want)
			}
		})
	}
}
