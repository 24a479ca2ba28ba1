package locale

import (
	"slices"
	"strings"
	"unicode"
)

// CyrillicLookalikes returns the words of text that are mostly Latin but
// hold a Cyrillic letter that looks like a Latin one (а е о р с у х, А В С Е
// Н К М О Р Т Х), in order of first appearance and without repeats: "Grаndi"
// typed with a Cyrillic "а" on a Russian layout. It is the mirror image of
// LatinLookalikes; a word one of them reports, the other does not.
func CyrillicLookalikes(text string) []string {
	var found []string
	for _, w := range words(text) {
		if latinWithCyrillic(w) && !slices.Contains(found, w) {
			found = append(found, w)
		}
	}
	return found
}

// latinWithCyrillic reports whether word has more Latin letters than
// Cyrillic ones and at least one Cyrillic look-alike.
func latinWithCyrillic(word string) bool {
	var latin, cyrillic int
	var lookalike bool
	for _, r := range word {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
			if strings.ContainsRune("аеорсухАВСЕНКМОРТХ", r) {
				lookalike = true
			}
		}
	}
	return lookalike && latin > cyrillic
}

// KyrgyzSubstitute is a word of Kyrgyz text that spells ң, ө or ү with a
// look-alike from another alphabet or an old substitute.
type KyrgyzSubstitute struct {
	Word   string // the word as written
	Letter string // the substitute letter found in it ("ҥ")
	Want   string // the Kyrgyz letter meant ("ң")
}

// kyrgyzSubstitutes maps letters typed instead of ң, ө, ү to the letter meant:
// the Altai/Mari ҥ ӧ ӱ, the old Cyrillic fita ѳ, the barred o of Latin
// keyboards, and the German ö ü.
var kyrgyzSubstitutes = map[rune]string{
	'ҥ': "ң", 'Ҥ': "Ң", 'ӊ': "ң", 'Ӊ': "Ң",
	'ѳ': "ө", 'Ѳ': "Ө", 'ɵ': "ө", 'Ɵ': "Ө", 'ö': "ө", 'Ö': "Ө", 'ӧ': "ө", 'Ӧ': "Ө",
	'ü': "ү", 'Ü': "Ү", 'ӱ': "ү", 'Ӱ': "Ү",
}

// KyrgyzSubstitutes returns the words of Kyrgyz text that hold a substitute
// for ң, ө or ү, each word once with the first substitute found in it.
func KyrgyzSubstitutes(text string) []KyrgyzSubstitute {
	var found []KyrgyzSubstitute
	seen := map[string]bool{}
	for _, w := range words(text) {
		if seen[w] {
			continue
		}
		for _, r := range w {
			if want, ok := kyrgyzSubstitutes[r]; ok {
				seen[w] = true
				found = append(found, KyrgyzSubstitute{Word: w, Letter: string(r), Want: want})
				break
			}
		}
	}
	return found
}

// words splits text into runs of letters and combining marks.
func words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r)
	})
}
