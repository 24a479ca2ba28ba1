package locale

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func mustNegotiator(t testing.TB, langs ...string) *Negotiator {
	t.Helper()
	n, err := NewNegotiator(langs)
	if err != nil {
		t.Fatalf("NewNegotiator(%q): %v", langs, err)
	}
	return n
}

func TestMatch(t *testing.T) {
	n := mustNegotiator(t, "en", "ru", "ky")
	tests := []struct {
		name   string
		header string
		want   string
	}{
		{"Kyrgyz is matched exactly", "ky", "ky"},
		{"the ISO 639-2 code kir means Kyrgyz", "kir", "ky"},
		{"Kyrgyz in Kyrgyzstan is matched by index, not by the returned tag", "ky-KG", "ky"},
		{"Kyrgyz with script and region is Kyrgyz", "ky-Cyrl-KG", "ky"},
		{"Russian in Kyrgyzstan is Russian", "ru-KG,ru;q=0.9", "ru"},
		{"Uzbek readers get Russian", "uz", "ru"},
		{"Kazakh readers get Russian", "kk-KZ", "ru"},
		{"Ukrainian is a confidence-No match and gets the default", "uk", "en"},
		{"German gets the default", "de-DE,de;q=0.9", "en"},
		{"a wildcard gets the default", "*", "en"},
		{"an empty header gets the default", "", "en"},
		{"a header of blanks and commas gets the default", " , ,, ", "en"},
		{"a malformed weight skips only its own entry", "en;q=abc,ky", "ky"},
		{"a malformed tag skips only its own entry", "xx,ky", "ky"},
		{"garbage does not hide a valid entry", "!!!,%%%;q=1,ky", "ky"},
		{"a q=0 entry is dropped", "ru;q=0,ky", "ky"},
		{"a q=0.000 entry is dropped", "ru;q=0.000,ky", "ky"},
		{"a weight above one is malformed", "ru;q=2,ky", "ky"},
		{"an exponent weight is malformed", "ru;q=1e-1,ky", "ky"},
		{"weights order the entries", "en;q=0.5,ky;q=0.8,ru;q=0.7", "ky"},
		{"equal weights keep header order", "ru;q=0.5,ky;q=0.5", "ru"},
		{"an entry without weight has weight one", "ky;q=0.9,ru", "ru"},
		{"the weight name is case-insensitive", "en;Q=0.1,ru;Q=0.9", "ru"},
		{"spaces around entries and parameters are allowed", " ky-KG ; q=0.9 , en ; q=0.8 ", "ky"},
		{"tag case does not matter", "RU-ru", "ru"},
		{"underscores are accepted as separators", "ky_KG", "ky"},
		{"an unsupported first choice falls through to a supported second", "de,ky;q=0.5", "ky"},
		{"a wildcard after a supported language keeps that language", "ky,*;q=0.1", "ky"},
		{"an overlong tag is skipped", strings.Repeat("a", 100) + ",ky", "ky"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := n.Match(tt.header); got != tt.want {
				t.Errorf("Match(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestMatchHostileHeaders(t *testing.T) {
	n := mustNegotiator(t, "en", "ru", "ky")
	manyEntries := "ky," + strings.Repeat("de-DE-x-abcdefgh,", 1000)
	huge := "ky," + strings.Repeat("abcdefgh,", 900_000/9)
	tests := []struct {
		name   string
		header string
		want   string
	}{
		{"a header of 1,001 hyphenated entries still finds its first entry", manyEntries, "ky"},
		{"a 900 KB header still finds its first entry", huge, "ky"},
		{"a 900 KB header of one entry gets the default", strings.Repeat("a", 900_000), "en"},
		{"entries past the 32nd are not read", strings.Repeat("de,", MaxAcceptLanguageEntries) + "ky", "en"},
		{"the 32nd entry is still read", strings.Repeat("de,", MaxAcceptLanguageEntries-1) + "ky", "ky"},
		{"bytes past the first 4 KiB are not read", strings.Repeat(" ", MaxAcceptLanguageBytes) + ",ky", "en"},
		{"an entry cut at the 4 KiB limit is dropped, not misread", strings.Repeat(" ", MaxAcceptLanguageBytes-3) + ",kyx", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got := n.Match(tt.header)
			// A generous guard against pathological slowness, not a benchmark:
			// the capped parse takes microseconds.
			if d := time.Since(start); d > time.Second {
				t.Errorf("Match took %v on a %d-byte header", d, len(tt.header))
			}
			if got != tt.want {
				t.Errorf("Match = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMatchWithAFourthLanguage(t *testing.T) {
	n := mustNegotiator(t, "en", "ru", "ky", "uz")
	tests := []struct {
		name   string
		header string
		want   string
	}{
		{"Uzbek readers get Uzbek once it is configured", "uz", "uz"},
		{"Uzbek in Uzbekistan gets Uzbek", "uz-Latn-UZ,uz;q=0.9", "uz"},
		{"Kyrgyz readers still get Kyrgyz", "ky-KG", "ky"},
		{"Kazakh readers still get Russian", "kk", "ru"},
		{"German readers still get the default", "de", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := n.Match(tt.header); got != tt.want {
				t.Errorf("Match(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestMatchWithAnotherDefault(t *testing.T) {
	n := mustNegotiator(t, "ru", "en", "ky")
	tests := []struct {
		name   string
		header string
		want   string
	}{
		{"an empty header gets Russian when Russian is the default", "", "ru"},
		{"German gets Russian when Russian is the default", "de", "ru"},
		{"Ukrainian gets Russian when Russian is the default", "uk", "ru"},
		{"American English still gets English", "en-US", "en"},
		{"Kyrgyz still gets Kyrgyz", "ky", "ky"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := n.Match(tt.header); got != tt.want {
				t.Errorf("Match(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestNewNegotiator(t *testing.T) {
	tests := []struct {
		name    string
		langs   []string
		want    []string
		wantErr bool
	}{
		{"the usual three languages are accepted", []string{"en", "ru", "ky"}, []string{"en", "ru", "ky"}, false},
		{"codes are canonicalised", []string{"EN", "kir", "ru"}, []string{"en", "ky", "ru"}, false},
		{"a single language is enough", []string{"ky"}, []string{"ky"}, false},
		{"no languages is an error", nil, nil, true},
		{"an invalid tag is an error", []string{"en", "not a tag"}, nil, true},
		{"an undetermined language is an error", []string{"en", "und"}, nil, true},
		{"a duplicate is an error", []string{"en", "ru", "en"}, nil, true},
		{"two spellings of one language are a duplicate", []string{"ky", "kir"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := NewNegotiator(tt.langs)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("NewNegotiator(%q) = %q, want an error", tt.langs, n.Langs())
				}
				return
			}
			if err != nil {
				t.Fatalf("NewNegotiator(%q): %v", tt.langs, err)
			}
			if got := n.Langs(); !slices.Equal(got, tt.want) {
				t.Errorf("Langs() = %q, want %q", got, tt.want)
			}
			if got := n.Default(); got != tt.want[0] {
				t.Errorf("Default() = %q, want %q", got, tt.want[0])
			}
		})
	}
}

func TestSupported(t *testing.T) {
	n := mustNegotiator(t, "en", "ru", "ky")
	tests := []struct {
		name string
		code string
		want bool
	}{
		{"a configured language is supported", "ky", true},
		{"the default language is supported", "en", true},
		{"an unconfigured language is not supported", "uz", false},
		{"a region variant is not a URL code", "ky-KG", false},
		{"a differently cased code is not a URL code", "KY", false},
		{"the empty code is not supported", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := n.Supported(tt.code); got != tt.want {
				t.Errorf("Supported(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestLangsReturnsACopy(t *testing.T) {
	n := mustNegotiator(t, "en", "ru", "ky")
	n.Langs()[0] = "xx"
	if got := n.Default(); got != "en" {
		t.Errorf("changing the slice from Langs changed the default to %q", got)
	}
}

func TestParseQ(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   int
		wantOK bool
	}{
		{"one is full weight", "1", 1000, true},
		{"one with zeros is full weight", "1.000", 1000, true},
		{"zero is no weight", "0", 0, true},
		{"a bare point is allowed", "0.", 0, true},
		{"three decimals are kept", "0.125", 125, true},
		{"decimals past the third are ignored", "0.1259", 125, true},
		{"above one is rejected", "1.5", 0, false},
		{"two is rejected", "2", 0, false},
		{"letters are rejected", "abc", 0, false},
		{"an exponent is rejected", "1e-1", 0, false},
		{"a sign is rejected", "-0.5", 0, false},
		{"empty is rejected", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseQ(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("parseQ(%q) = %d, %v, want %d, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func BenchmarkMatch(b *testing.B) {
	n := mustNegotiator(b, "en", "ru", "ky")
	headers := map[string]string{
		"Typical":   "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7",
		"1001Tags":  strings.Repeat("de-DE-x-abcdefgh,", 1001),
		"900KB":     strings.Repeat("abcdefgh,", 100_000),
		"Malformed": "en;q=abc,xx,ky",
	}
	for name, h := range headers {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				n.Match(h)
			}
		})
	}
}
