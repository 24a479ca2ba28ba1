package search

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// maxTermBytes bounds the length of an indexed term; longer runs of letters
// (base64 blobs, URLs without punctuation) are not searchable words.
const maxTermBytes = 96

// lookalikes maps Latin letters that look like Cyrillic ones (after
// lower-casing) to those Cyrillic letters. Texts typed on a Russian keyboard
// layout sometimes carry them inside Cyrillic words ("мoлоко" with a Latin o);
// inside a word that is otherwise Cyrillic they are folded so the word is
// still found.
var lookalikes = map[rune]rune{
	'a': 'а', 'b': 'в', 'c': 'с', 'e': 'е', 'h': 'н', 'k': 'к', 'm': 'м',
	'o': 'о', 'p': 'р', 't': 'т', 'x': 'х', 'y': 'у',
}

// Fold normalises text for searching and returns its terms separated by
// single spaces: lower-cased (language-neutral), Cyrillic ё folded to е, Latin
// diacritics and other combining marks removed (é → e), while й and the
// Kyrgyz letters ң ө ү stay distinct from и н о у; the old substitutes ҥ
// and ѳ fold to ң and ө. Terms are runs of letters
// and digits; everything else separates them. Composed and decomposed input
// fold alike; Latin look-alike letters inside an otherwise Cyrillic word
// ("мoлоко" typed with a Latin o) become Cyrillic; runs of letters longer
// than 96 bytes are not terms.
func Fold(s string) string {
	return strings.Join(Terms(s), " ")
}

// Terms returns the folded terms of s, in order, as Fold defines them.
func Terms(s string) []string {
	var out []string
	newFolder().scan(s, func(term []byte) {
		out = append(out, string(term))
	})
	return out
}

// folder carries the per-call state of folding. It is not safe for
// concurrent use; each caller makes its own.
type folder struct {
	lower cases.Caser
	term  []byte
}

func newFolder() *folder {
	return &folder{lower: cases.Lower(language.Und), term: make([]byte, 0, 64)}
}

// scan folds s and calls emit for each of its terms, in order. The term
// slice is only valid during the call.
//
// Instead of composing the whole text (NFC), scan decomposes each letter and
// drops combining marks, which gives the same terms for composed and
// decomposed input; the one composition that matters, и + U+0306 → й, is
// done by hand.
func (f *folder) scan(s string, emit func(term []byte)) {
	if needsCaser(s) {
		s = f.lower.String(s)
	}
	f.term = f.term[:0]
	// The scripts of the letters in the current term, for fixLookalikes.
	var latin, cyrillic, other bool
	flush := func() {
		if n := len(f.term); n > 0 && n <= maxTermBytes {
			switch {
			case other:
				// Other scripts may compose letters without marks (Hangul
				// jamo into syllables): compose so both forms match.
				emit(norm.NFC.Bytes(f.term))
			case latin && cyrillic:
				emit(fixLookalikes(f.term))
			default:
				emit(f.term)
			}
		}
		f.term = f.term[:0]
		latin, cyrillic, other = false, false, false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z':
				f.term = append(f.term, c)
				latin = true
			case '0' <= c && c <= '9':
				f.term = append(f.term, c)
			case 'A' <= c && c <= 'Z':
				f.term = append(f.term, c+'a'-'A')
				latin = true
			default:
				flush()
			}
			i++
			continue
		}
		r, size := decodeRune(s, i)
		i += size
		if isCyrillicBlock(r) {
			r = cyrillicLower[r-0x400]
		}
		switch {
		case 'а' <= r && r <= 'я' || r == 'ң' || r == 'ө' || r == 'ү':
			// The Russian and Kyrgyz alphabets (й included) fold to themselves.
			f.term = utf8.AppendRune(f.term, r)
			cyrillic = true
		case r == 'ё':
			f.term = append(f.term, "е"...)
			cyrillic = true
		case r == 'ҥ':
			// The old substitute for ң (en-ghe), still typed for Kyrgyz.
			f.term = append(f.term, "ң"...)
			cyrillic = true
		case r == 'ѳ':
			// The old substitute for ө (fita).
			f.term = append(f.term, "ө"...)
			cyrillic = true
		case r == '\u0306' && bytes.HasSuffix(f.term, []byte("и")):
			f.term = append(f.term[:len(f.term)-len("и")], "й"...)
		case r == utf8.RuneError && size == 1:
			flush()
		case unicode.IsMark(r):
			// Other combining marks (accents, stress marks) are dropped.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			n := len(f.term)
			f.term = appendFolded(f.term, r)
			switch {
			case unicode.Is(unicode.Cyrillic, r):
				cyrillic = true
			case isASCII(f.term[n:]):
				latin = true // a Latin letter with a diacritic
			default:
				other = true
			}
		default:
			flush()
		}
	}
	flush()
}

// isCyrillicBlock reports whether r is in the Unicode Cyrillic block, whose
// lower-case mappings are simple (one rune to one rune, no context).
func isCyrillicBlock(r rune) bool { return 0x0400 <= r && r <= 0x04FF }

// needsCaser reports whether s holds a character outside ASCII, the
// Cyrillic block and caseless punctuation (isCaseless). Only then does lower-casing need golang.org/x/text/cases
// (special and contextual mappings such as Greek final sigma or "İ");
// otherwise scan lower-cases rune by rune with the same result, faster.
func needsCaser(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := decodeRune(s, i)
		if !isCyrillicBlock(r) && !isCaseless(r) && !(r == utf8.RuneError && size == 1) {
			return true
		}
		i += size
	}
	return false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendFolded appends the folded form of the lower-case letter or digit r:
// its canonical decomposition without combining marks, except й, which stays
// itself.
func appendFolded(dst []byte, r rune) []byte {
	var enc [utf8.UTFMax]byte
	n := utf8.EncodeRune(enc[:], r)
	if r == 'й' {
		return append(dst, enc[:n]...)
	}
	d := norm.NFD.Properties(enc[:n]).Decomposition()
	if d == nil {
		return append(dst, enc[:n]...)
	}
	for len(d) > 0 {
		dr, n := utf8.DecodeRune(d)
		if !unicode.IsMark(dr) {
			dst = append(dst, d[:n]...)
		}
		d = d[n:]
	}
	return dst
}

// fixLookalikes returns term with its Latin look-alike letters replaced by
// their Cyrillic counterparts, when every ASCII letter in it has one. The
// caller calls it only for terms mixing Latin and Cyrillic letters.
func fixLookalikes(term []byte) []byte {
	for _, c := range term {
		if 'a' <= c && c <= 'z' {
			if _, ok := lookalikes[rune(c)]; !ok {
				return term
			}
		}
	}
	out := make([]byte, 0, len(term)+8)
	for _, r := range string(term) {
		if c, ok := lookalikes[r]; ok {
			r = c
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}
