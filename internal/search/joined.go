package search

import (
	"strings"
	"unicode/utf8"
)

// joinedWords calls emit with each run of text that is also indexed as one
// word, its separators removed: numbers with grouped digits ("12 000",
// "1,000,000": one to three digits, then groups of a separator — space,
// no-break space, narrow no-break space, thin space or comma — and three
// digits, between word boundaries) and hyphenated words (letters and
// digits joined by hyphens or non-breaking hyphens). The runs are those the
// regular expression
//
//	\b\d{1,3}(?:[ \x{00A0}\x{202F}\x{2009},]\d{3})+\b|[\p{L}\p{N}]+(?:[-\x{2011}][\p{L}\p{N}]+)+
//
// finds (leftmost first, without overlaps; \b and \d are ASCII), in one
// pass: its time is linear in the length of text.
func joinedWords(text string, emit func(string)) {
	// Positions before noHyphen are inside a run of letters and digits
	// already known not to start a hyphenated word.
	noHyphen := 0
	for i := 0; i < len(text); i++ {
		// A match never starts inside a rune, but trying there is
		// harmless: what follows a continuation byte is no number, letter
		// or hyphen.
		if i < noHyphen {
			// Inside the run, a number can start only at an ASCII digit
			// after a non-ASCII letter (else no word boundary).
			if !isDigit(text[i]) || text[i-1] < utf8.RuneSelf {
				continue
			}
		}
		if end := groupedNumberAt(text, i); end > 0 {
			emit(dropSeparators(text[i:end]))
			i = end - 1
			continue
		}
		if i >= noHyphen {
			end, runEnd := hyphenatedAt(text, i)
			if end > 0 {
				emit(dropSeparators(text[i:end]))
				i = end - 1
				continue
			}
			noHyphen = runEnd
		}
	}
}

// isWordByte reports whether c is an ASCII word character (\w).
func isWordByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// groupedNumberAt returns the end of the number with grouped digits that
// begins at text[i], or 0.
func groupedNumberAt(text string, i int) int {
	if !isDigit(text[i]) || i > 0 && isWordByte(text[i-1]) {
		return 0
	}
	j := i
	for j < len(text) && isDigit(text[j]) {
		if j-i == 3 {
			return 0 // four digits before any separator
		}
		j++
	}
	// Groups: a separator, then three digits. ends[k] is the end of
	// group k+1; only the last two matter.
	end, prevEnd, groups := j, 0, 0
	for {
		sep := groupSeparatorLen(text, end)
		g := end + sep
		if sep == 0 || g+3 > len(text) || !isDigit(text[g]) || !isDigit(text[g+1]) || !isDigit(text[g+2]) {
			break
		}
		prevEnd, end = end, g+3
		groups++
	}
	if groups == 0 {
		return 0
	}
	if end == len(text) || !isWordByte(text[end]) {
		return end
	}
	// The last group runs on into a word: the match ends a group earlier,
	// where a separator follows.
	if groups >= 2 {
		return prevEnd
	}
	return 0
}

// groupSeparatorLen returns the length of the digit group separator at
// text[i], or 0.
func groupSeparatorLen(text string, i int) int {
	if i >= len(text) {
		return 0
	}
	switch c := text[i]; {
	case c == ' ' || c == ',':
		return 1
	case c < utf8.RuneSelf:
		return 0
	}
	switch r, size := utf8.DecodeRuneInString(text[i:]); r {
	case '\u00a0', '\u202f', '\u2009':
		return size
	}
	return 0
}

// letterOrNumberAt returns the length of the rune at text[i] when it is a
// letter or number (\p{L} or \p{N}), else 0.
func letterOrNumberAt(text string, i int) int {
	if c := text[i]; c < utf8.RuneSelf {
		if '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return 1
		}
		return 0
	}
	if r, size := decodeRune(text, i); isLetterOrNumber(r) {
		return size
	}
	return 0
}

// runEnd returns the end of the run of letters and numbers at text[i:].
func runEnd(text string, i int) int {
	for i < len(text) {
		switch c := text[i]; {
		case c < utf8.RuneSelf:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return i
			}
			i++
		default:
			n := letterOrNumberAt(text, i)
			if n == 0 {
				return i
			}
			i += n
		}
	}
	return i
}

// hyphenLen returns the length of the hyphen at text[i], or 0.
func hyphenLen(text string, i int) int {
	switch {
	case i >= len(text):
		return 0
	case text[i] == '-':
		return 1
	case strings.HasPrefix(text[i:], "\u2011"):
		return len("\u2011")
	}
	return 0
}

// hyphenatedAt returns the end of the hyphenated word that begins at
// text[i], or 0 and the end of the run of letters and numbers at i.
func hyphenatedAt(text string, i int) (end, run int) {
	run = runEnd(text, i)
	if run == i {
		return 0, run
	}
	end = 0
	for j := run; ; {
		h := hyphenLen(text, j)
		if h == 0 {
			break
		}
		k := runEnd(text, j+h)
		if k == j+h {
			break
		}
		end, j = k, k
	}
	return end, run
}

// dropSeparators returns s without hyphens and digit group separators.
func dropSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '\u2011', ' ', '\u00a0', '\u202f', '\u2009', ',':
			return -1
		}
		return r
	}, s)
}
