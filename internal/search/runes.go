package search

import (
	"unicode"
	"unicode/utf8"
)

// Tables that spare the hot loops of indexing the unicode package's range
// searches; each is computed from the unicode package, so it says exactly
// what the function it stands for says.
var (
	// cyrillicLower[r-0x400] is unicode.ToLower(r) for r in the Cyrillic
	// block.
	cyrillicLower [0x100]rune
	// twoByteLetterOrNumber[r] reports unicode.IsLetter(r) ||
	// unicode.IsNumber(r) for r below U+0800 (one or two bytes of UTF-8).
	twoByteLetterOrNumber [0x800]bool
)

func init() {
	for i := range cyrillicLower {
		cyrillicLower[i] = unicode.ToLower(rune(0x400 + i))
	}
	for r := range rune(len(twoByteLetterOrNumber)) {
		twoByteLetterOrNumber[r] = unicode.IsLetter(r) || unicode.IsNumber(r)
	}
}

// decodeRune is utf8.DecodeRuneInString(s[i:]), faster for the two-byte
// sequences of Cyrillic text.
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; 0xC2 <= c && c <= 0xDF && i+1 < len(s) {
		if d := s[i+1]; 0x80 <= d && d <= 0xBF {
			return rune(c&0x1F)<<6 | rune(d&0x3F), 2
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// isLetterOrNumber reports whether r is a letter or a number (\p{L} or
// \p{N}).
func isLetterOrNumber(r rune) bool {
	if r < rune(len(twoByteLetterOrNumber)) {
		return r >= 0 && twoByteLetterOrNumber[r]
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// isCaseless reports whether r is in a block of punctuation and symbols
// that lower-case to themselves (Latin-1 punctuation, general punctuation,
// super- and subscripts, currency signs, №): texts that hold them besides
// ASCII and Cyrillic can be lower-cased rune by rune. (The only mapping of
// the language-neutral caser that looks at neighbours is Greek final sigma,
// and a text with Greek letters goes through the caser.)
func isCaseless(r rune) bool {
	return 0xA0 <= r && r <= 0xBF || 0x2000 <= r && r <= 0x20CF || r == '№'
}
