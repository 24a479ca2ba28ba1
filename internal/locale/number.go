package locale

import (
	"math"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// FormatNumber writes an integer with lang's digit grouping:
// en "62,000,000", ru and ky "62 000 000" (with no-break spaces, U+00A0).
func FormatNumber(lang string, n int64) string {
	return printer(lang).Sprint(number.Decimal(n))
}

// FormatDecimal writes f with exactly digits decimal places, rounded half
// away from zero ("2.5" with 0 digits is "3"), with lang's grouping and
// decimal separator: en "1,234,567.89", ru "1 234 567,89". A negative
// digits is treated as zero.
func FormatDecimal(lang string, f float64, digits int) string {
	digits = max(digits, 0)
	if digits <= maxRoundingDigits {
		// x/text rounds half to even; newsroom figures round half up.
		scale := math.Pow10(digits)
		if r := math.Round(f*scale) / scale; !math.IsInf(r, 0) && !math.IsNaN(r) {
			f = r
		}
	}
	return printer(lang).Sprint(number.Decimal(f, number.Scale(digits)))
}

// maxRoundingDigits is the most decimals FormatDecimal rounds itself; past
// it a float64 has no such precision left to round.
const maxRoundingDigits = 15

// printer returns a message printer for lang; an unknown code formats as
// the undetermined language does (like English).
func printer(lang string) *message.Printer {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.Und
	}
	return message.NewPrinter(tag)
}
