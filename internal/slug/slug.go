// Package slug makes and checks the URL slugs of releases: short, lower-case,
// ASCII-only names such as "kyrgyzstan-zhana-buu-20-zhyldyk-onoktoshtuk",
// transliterated from English, Russian or Kyrgyz titles.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	// MaxLen is the length Make aims for: a slug is cut at the last word
	// boundary that keeps it within MaxLen bytes.
	MaxLen = 80
	// MaxValidLen is the longest slug Valid accepts from a user.
	MaxValidLen = 100
)

// translit maps lower-case letters to ASCII. Russian follows a simplified
// BGN/PCGN-style romanisation (ж→zh, х→kh, щ→shch, hard and soft signs
// dropped); Kyrgyz adds ң ө ү; a few Ukrainian, Belarusian and Kazakh letters
// and Latin letters without a decomposition are included for good measure.
// Letters not listed fall back to their Unicode decomposition (é → e).
var translit = map[rune]string{
	// Russian.
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	// Kyrgyz.
	'ң': "ng", 'ө': "o", 'ү': "u",
	// Ukrainian, Belarusian, Kazakh.
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
	'ә': "a", 'ғ': "g", 'қ': "k", 'ұ': "u", 'һ': "h",
	// Latin letters that do not decompose.
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d",
	'ð': "d", 'þ': "th", 'ı': "i", 'ŋ': "ng",
}

// Make returns the URL slug for a title: lower-case ASCII letters and digits,
// words joined by '-', at most MaxLen bytes and cut at a word boundary (a
// single over-long word is cut to MaxLen). Apostrophes join rather than
// split ("UN's" → "uns"). It returns "" when the title has no letters or
// digits that can be written in ASCII.
func Make(title string) string {
	title = norm.NFC.String(title)
	var b strings.Builder
	b.Grow(len(title))
	sep := false // a separator is pending before the next letter
	for _, r := range title {
		switch {
		case r == '\'' || r == '’' || r == 'ʼ' || r == 'ʻ':
			// Apostrophes join the letters around them.
		case r < utf8.RuneSelf:
			c := byte(r)
			switch {
			case 'A' <= c && c <= 'Z':
				sep = writeASCII(&b, string(c+'a'-'A'), sep)
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				sep = writeASCII(&b, string(c), sep)
			default:
				sep = true
			}
		default:
			lr := unicode.ToLower(r)
			if s, ok := translit[lr]; ok {
				if s != "" {
					sep = writeASCII(&b, s, sep)
				}
				continue
			}
			if s := fold(lr); s != "" {
				sep = writeASCII(&b, s, sep)
			} else if !unicode.IsMark(r) {
				sep = true
			}
		}
	}
	return cut(b.String(), MaxLen)
}

// writeASCII appends s, preceded by '-' when a separator is pending and
// something was written before. It returns the new pending state (false).
func writeASCII(b *strings.Builder, s string, sep bool) bool {
	if sep && b.Len() > 0 {
		b.WriteByte('-')
	}
	b.WriteString(s)
	return false
}

// fold returns the ASCII letters and digits of r's compatibility
// decomposition (é → "e", ﬁ → "fi", ² → "2", Macedonian ѓ → "g"),
// lower-cased, or "" when it has none.
func fold(r rune) string {
	var out []byte
	for _, d := range norm.NFKD.String(string(r)) {
		switch {
		case 'a' <= d && d <= 'z', '0' <= d && d <= '9':
			out = append(out, byte(d))
		case 'A' <= d && d <= 'Z':
			out = append(out, byte(d)+'a'-'A')
		default:
			out = append(out, translit[unicode.ToLower(d)]...)
		}
	}
	return string(out)
}

// cut shortens a slug to at most n bytes at a '-' boundary; a first word
// longer than n is cut to n bytes.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n+1], '-'); i > 0 {
		return s[:i]
	}
	return s[:n]
}

// Valid reports whether s is acceptable as a user-supplied slug: one or more
// runs of lower-case ASCII letters and digits joined by single '-', at most
// MaxValidLen bytes.
func Valid(s string) bool {
	if s == "" || len(s) > MaxValidLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-':
			if i == 0 || i == len(s)-1 || s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return true
}
