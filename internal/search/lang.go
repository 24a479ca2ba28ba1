package search

import (
	"strings"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// Language support. An index built for a language (BuildLang) turns folded
// words into index terms with that language's analyzer:
//
//   - Russian and English words are reduced to their Snowball stems, at
//     index and at query time, so that беженцы finds беженцев and refugee
//     finds refugees. Within any index, Latin words get the English stemmer
//     and, in Russian and English indexes, Cyrillic words the Russian one.
//   - Kyrgyz has no Snowball stemmer. Kyrgyz words are indexed as they are;
//     every query word of three or more letters matches the words it begins,
//     after one case, one possessive and one plural ending are stripped, and
//     with the final к/г and п/б alternation (мектеп finds мектебинде,
//     өнөктөштүгүн finds өнөктөштүк).
//
// Every language also indexes numbers written with grouped digits as one
// number ("12 000" and "12,000" are also found as 12000) and hyphenated
// words as one word ("Кара-Суу" is also found as Карасуу).

// stemmer returns the index term of a folded word, or the word itself.
type stemmer func(string) string

// analyzer is what an index does with words in its language.
type analyzer struct {
	stem stemmer // nil: words are terms as they are
	// allPrefix makes every query word of minPrefixRunes or more match
	// as a prefix, with its endings stripped (Kyrgyz).
	allPrefix bool
}

// analyzerFor returns the analyzer of lang ("" for none: words are terms).
func analyzerFor(lang string) analyzer {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch base {
	case "ru", "en":
		return analyzer{stem: stemBoth}
	case "ky":
		return analyzer{stem: stemLatin, allPrefix: true}
	}
	return analyzer{}
}

// stemBoth stems Latin words as English and Cyrillic words as Russian.
func stemBoth(w string) string {
	if w == "" || w[0] < utf8.RuneSelf {
		return stemLatin(w)
	}
	if r, _ := utf8.DecodeRuneInString(w); isCyrillicBlock(r) {
		return dropFleetingVowel(russian.Stem(w, false))
	}
	return w
}

// dropFleetingVowel removes the vowel that Russian drops before the last
// consonant when a word is inflected (беженец → беженца, участок → участка),
// which Snowball keeps: both forms get the same term.
func dropFleetingVowel(stem string) string {
	if utf8.RuneCountInString(stem) < 5 {
		return stem
	}
	for _, p := range [...][2]string{{"ец", "ц"}, {"ок", "к"}, {"ек", "к"}} {
		if strings.HasSuffix(stem, p[0]) {
			return strings.TrimSuffix(stem, p[0]) + p[1]
		}
	}
	return stem
}

// stemLatin stems words of Latin letters as English and leaves the others.
func stemLatin(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('a' <= c && c <= 'z') {
			return w // digits, other scripts, mixed words
		}
	}
	return english.Stem(w, false)
}

// Kyrgyz endings, stripped from query words (see kyStem). Each list is
// tried longest first.
var (
	kyCase = sortedByLength(strings.Fields(`
		нын нин нун нүн дын дин дун дүн тын тин тун түн
		ны ни ну нү ды ди ду дү ты ти ту тү
		га ге го гө ка ке ко кө на не но нө
		да де до дө та те то тө нда нде ндо ндө
		дан ден дон дөн тан тен тон төн нан нен нон нөн
		дагы деги догу дөгү тагы теги тогу төгү ндагы ндеги ндогу ндөгү`))
	kyPossessive = sortedByLength(strings.Fields(`
		сы си су сү ы и у ү ын ин ун үн ым им ум үм ың иң уң үң ыңыз иңиз уңуз үңүз`))
	kyPlural = sortedByLength(strings.Fields(`лар лер лор лөр дар дер дор дөр тар тер тор төр`))
)

func sortedByLength(ss []string) []string {
	out := make([]string, 0, len(ss))
	for n := 8; n > 0; n-- {
		for _, s := range ss {
			if utf8.RuneCountInString(s) == n {
				out = append(out, s)
			}
		}
	}
	return out
}

// strip removes the longest of endings from w when at least keep runes
// remain.
func strip(w string, endings []string, keep int) string {
	n := utf8.RuneCountInString(w)
	for _, e := range endings {
		if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= keep {
			return strings.TrimSuffix(w, e)
		}
	}
	return w
}

// kyStem strips one case ending, then one possessive ending, then one plural
// ending from a folded Kyrgyz word. The stem keeps at least three letters
// after a case ending and four after the others, so short words stay whole
// (суу, Нарын, жаңы).
func kyStem(w string) string {
	w = strip(w, kyCase, 3)
	w = strip(w, kyPossessive, 4)
	return strip(w, kyPlural, 4)
}

// alternate returns w with its final к/г or п/б swapped, or "" when it ends
// in neither: the consonant voices before a vowel (мектеп → мектеби).
func alternate(w string) string {
	r, n := utf8.DecodeLastRuneInString(w)
	var alt rune
	switch r {
	case 'к':
		alt = 'г'
	case 'г':
		alt = 'к'
	case 'п':
		alt = 'б'
	case 'б':
		alt = 'п'
	default:
		return ""
	}
	return w[:len(w)-n] + string(alt)
}

// kyPrefixes returns the prefixes a Kyrgyz query word matches: the word, its
// stem, and their alternations, without repeats.
func kyPrefixes(w string) []string {
	out := []string{w}
	add := func(s string) {
		if s != "" && !containsString(out, s) {
			out = append(out, s)
		}
	}
	add(alternate(w))
	stem := kyStem(w)
	add(stem)
	add(alternate(stem))
	return out
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// query returns what a folded query word matches: the exact index term, and
// the prefixes it also matches (none for a word matched exactly). last tells
// whether the word ends the query: where only the last word is a prefix
// (while the reader is still typing it), the others match whole.
func (an analyzer) query(w string, last bool) (exact string, prefixes []string) {
	long := utf8.RuneCountInString(w) >= minPrefixRunes
	exact = w
	if an.stem != nil {
		exact = an.stem(w)
	}
	if an.allPrefix && long && exact == w {
		return w, kyPrefixes(w)
	}
	if last && long {
		return exact, []string{exact}
	}
	return exact, nil
}

// matcher reports whether a folded word of a text matches a query, as
// Search matches it.
func (an analyzer) matcher(query string) func(term string) bool {
	words := dedupe(Terms(query))
	exact := make(map[string]bool, len(words))
	var prefixes []string
	for i, w := range words {
		e, ps := an.query(w, i == len(words)-1)
		exact[e] = true
		prefixes = append(prefixes, ps...)
	}
	// A stem begins with the first two letters of its word, so a term
	// that begins with none of the query's is not stemmed at all.
	heads := map[string]bool{}
	for e := range exact {
		heads[head(e)] = true
	}
	for _, p := range prefixes {
		heads[head(p)] = true
	}
	return func(term string) bool {
		if !heads[head(term)] {
			return false
		}
		if an.stem != nil {
			term = an.stem(term)
		}
		if exact[term] {
			return true
		}
		for _, p := range prefixes {
			if strings.HasPrefix(term, p) {
				return true
			}
		}
		return false
	}
}

// head returns the first two runes of s (all of it when shorter).
func head(s string) string {
	n := 0
	for i := range s {
		if n == 2 {
			return s[:i]
		}
		n++
	}
	return s
}
