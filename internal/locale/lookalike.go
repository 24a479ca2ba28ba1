package locale

import (
	"slices"
	"strings"
	"unicode"
)

// LatinLookalikes returns the words of text that mix Cyrillic letters with
// Latin letters that look the same (o e a p c y x, A B C E H K M O P T X),
// in order of first appearance and without repeats. Such words come from
// typing Kyrgyz or Russian on the wrong keyboard layout: they read fine but
// break search, spell checking and screen readers, so editors should see a
// warning. Words that are wholly Latin (names, "UNICEF") are not reported.
func LatinLookalikes(text string) []string {
	var found []string
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r)
	})
	for _, w := range words {
		if mixesLookalikes(w) && !slices.Contains(found, w) {
			found = append(found, w)
		}
	}
	return found
}

// mixesLookalikes reports whether word has at least one Cyrillic letter and
// at least one Latin look-alike letter.
func mixesLookalikes(word string) bool {
	var cyrillic, lookalike bool
	for _, r := range word {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic = true
		case strings.ContainsRune("aceopxyABCEHKMOPTX", r):
			lookalike = true
		}
	}
	return cyrillic && lookalike
}
