package locale

import (
	"slices"
	"testing"
	"time"
)

// FuzzAcceptLanguage checks the Accept-Language parser on any header: Match
// answers one of the configured languages, at most MaxAcceptLanguageEntries
// tags are kept, and parsing takes at most a generous time (the header is
// cut to MaxAcceptLanguageBytes, so the time does not grow with it).
func FuzzAcceptLanguage(f *testing.F) {
	for _, s := range []string{
		"", "ky", "ru-RU,ru;q=0.9,en;q=0.8", "*", "en;q=0", "ky-KG;q=1.000, ru;q=0.5", "x;q=abc", ",,,;;;=",
		"en-US;q=0.5;foo=bar", "zh-Hant-TW", "i-klingon", "ky;q=1e-1", "ru;q=0.9999999", "\xff\xfe",
	} {
		f.Add(s)
	}
	n, err := NewNegotiator([]string{"en", "ru", "ky"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header string) {
		start := time.Now()
		got := n.Match(header)
		tags := parseAcceptLanguage(header)
		if d := time.Since(start); d > time.Second {
			t.Errorf("%d bytes took %v", len(header), d)
		}
		if !slices.Contains(n.Langs(), got) {
			t.Errorf("Match(%q) = %q, not a configured language", header, got)
		}
		if len(tags) > MaxAcceptLanguageEntries {
			t.Errorf("%d tags kept from %q", len(tags), header)
		}
	})
}
