package qa

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Number is a figure found in a text: its value after locale-aware parsing
// (grouping, decimal separator, scale words such as "million" or "млн") and
// the text it was written as.
type Number struct {
	Value float64
	Text  string
}

// scales maps the lower-case words that multiply a figure to their factor,
// in every content language; Russian and Kyrgyz inflect, so the keys are
// prefixes matched against the start of the next word.
var scales = []struct {
	prefix string
	factor float64
	exact  bool // the word must be exactly prefix (abbreviations)
}{
	{"thousand", 1e3, false}, {"million", 1e6, false}, {"billion", 1e9, false}, {"trillion", 1e12, false},
	{"mln", 1e6, true}, {"bn", 1e9, true}, {"m", 1e6, true}, {"k", 1e3, true},
	{"тысяч", 1e3, false}, {"тыс", 1e3, true}, {"миллион", 1e6, false}, {"млн", 1e6, true},
	{"миллиард", 1e9, false}, {"млрд", 1e9, true}, {"триллион", 1e12, false}, {"трлн", 1e12, true},
	{"миң", 1e3, false},
}

// groupSeparators are the spaces a figure may be grouped with in any
// language: no-break space, narrow no-break space, thin space.
const groupSeparators = "\u00a0\u202f\u2009"

// commaDecimal reports whether lang writes "3,2" for three point two.
func commaDecimal(lang string) bool {
	switch strings.ToLower(strings.SplitN(lang, "-", 2)[0]) {
	case "en", "zh", "ja", "ko", "he", "th":
		return false
	}
	return true
}

// Numbers returns the figures of text in lang, in order. en reads "12,000"
// as twelve thousand and "3.2" as a decimal; ru, ky and other comma-decimal
// languages read "12 000" (with a space or no-break space) as twelve
// thousand and "3,2" or "3.2" as a decimal. A scale word right after a
// figure multiplies it: "$62 million", "62 миллиона", "62 млн". Ordinal
// endings are dropped: "20th" and "20-" are both 20. URLs and e-mail
// addresses are skipped (the links check compares them whole).
func Numbers(lang, text string) []Number {
	text = stripLinks(text)
	comma := commaDecimal(lang)
	var out []Number
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		start := i
		j := digitsEnd(text, i)
		intPart := text[i:j]
		// Grouping: sep followed by exactly three digits.
		for {
			sep, size := utf8.DecodeRuneInString(text[j:])
			if size == 0 {
				break
			}
			// Only a first group of at most three digits is grouped, so
			// that "в 2016 100 человек" stays two figures.
			isSep := strings.ContainsRune(groupSeparators, sep) || (!comma && sep == ',') || (comma && sep == ' ')
			if !isSep || j-start > 3 && len(intPart) == j-start {
				break
			}
			k := j + size
			e := digitsEnd(text, k)
			if e-k != 3 {
				break
			}
			intPart += text[k:e]
			j = e
		}
		frac := ""
		if j+1 < len(text) && (text[j] == '.' || (comma && text[j] == ',')) && isDigit(text[j+1]) {
			e := digitsEnd(text, j+1)
			frac = text[j+1 : e]
			j = e
		}
		v, err := strconv.ParseFloat(intPart+"."+frac+"0", 64)
		if err != nil {
			i = j
			continue
		}
		end := j
		if f, e := scaleAfter(text, j); f != 0 {
			v *= f
			end = e
		}
		out = append(out, Number{Value: v, Text: strings.TrimSpace(text[start:end])})
		i = j
		for i < len(text) && isDigit(text[i]) {
			i++
		}
	}
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// scaleAfter returns the factor of a scale word starting at text[i] (after
// optional spaces) and the index after it, or 0.
func scaleAfter(text string, i int) (float64, int) {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if r != ' ' && !strings.ContainsRune(groupSeparators, r) {
			break
		}
		j += size
	}
	k := j
	for k < len(text) {
		r, size := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsLetter(r) {
			break
		}
		k += size
	}
	if k == j {
		return 0, i
	}
	word := strings.ToLower(text[j:k])
	for _, s := range scales {
		if (s.exact && word == s.prefix) || (!s.exact && strings.HasPrefix(word, s.prefix)) {
			if s.exact && len(s.prefix) == 1 && j != i {
				continue // "5 m" is five metres; "$5m" is five million
			}
			return s.factor, k
		}
	}
	return 0, i
}

// key is the comparable form of a value.
func key(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

// numbers compares the figures of a paragraph and its translation: each
// figure of the source must be in the translation (an error), and a figure
// only in the translation is a warning.
func (c *checker) numbers(f Field, i int, s, t string) {
	sn, tn := Numbers(c.src, s), Numbers(c.tgt, t)
	if len(sn) == 0 && len(tn) == 0 {
		return
	}
	left := map[string]int{}
	for _, n := range tn {
		left[key(n.Value)]++
	}
	for _, n := range sn {
		k := key(n.Value)
		if left[k] > 0 {
			left[k]--
			continue
		}
		c.add(CheckNumbers, Error, f, i, "QANumberMissing", "Number", n.Text)
	}
	for _, n := range tn {
		k := key(n.Value)
		if left[k] > 0 {
			left[k]--
			c.add(CheckNumbers, Warning, f, i, "QANumberExtra", "Number", n.Text)
		}
	}
}
