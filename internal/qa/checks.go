package qa

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kotormo/kotormo/internal/locale"
)

// Links returns the URLs (http, https, www.) and e-mail addresses of text,
// in order, trailing sentence punctuation removed.
func Links(text string) []string {
	var out []string
	for _, sp := range linkSpans(text) {
		out = append(out, text[sp[0]:sp[1]])
	}
	return out
}

// linkSpans returns the byte ranges of the links of text, in order. It scans
// once; no regular expression backtracks over long words.
func linkSpans(text string) [][2]int {
	if !strings.ContainsAny(text, "/@.") {
		return nil
	}
	var spans [][2]int
	for i := 0; i < len(text); {
		var start, end int
		switch {
		case (i == 0 || !isWordByte(text[i-1])) && hasPrefixFold(text[i:], "http://", "https://", "www."):
			start, end = i, i
			for end < len(text) {
				r, size := utf8.DecodeRuneInString(text[end:])
				if unicode.IsSpace(r) || strings.ContainsRune("<>()[]\"'«»“”„", r) {
					break
				}
				end += size
			}
		case text[i] == '@':
			start, end = i, i+1
			for start > 0 {
				r, size := utf8.DecodeLastRuneInString(text[:start])
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._%+-", r)) {
					break
				}
				start -= size
			}
			for end < len(text) {
				r, size := utf8.DecodeRuneInString(text[end:])
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-') {
					break
				}
				end += size
			}
			host := strings.TrimRight(text[i+1:end], ".")
			dot := strings.LastIndexByte(host, '.')
			if start == i || dot <= 0 || len(host)-dot-1 < 2 {
				i++
				continue
			}
			if len(spans) > 0 && spans[len(spans)-1][1] > start {
				i = end
				continue // inside a URL already found
			}
		default:
			i++
			continue
		}
		for end > start && strings.ContainsRune(".,;:!?", rune(text[end-1])) {
			end--
		}
		if end > start {
			spans = append(spans, [2]int{start, end})
		}
		i = max(end, i+1)
	}
	return spans
}

func isWordByte(b byte) bool {
	return b >= 0x80 || b == '_' || b >= '0' && b <= '9' || b|0x20 >= 'a' && b|0x20 <= 'z'
}

func hasPrefixFold(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// stripLinks blanks out the links of text so other checks ignore them.
func stripLinks(text string) string {
	spans := linkSpans(text)
	if len(spans) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(text[last:sp[0]])
		b.WriteByte(' ')
		last = sp[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// links requires every link of the source in the translation, unchanged.
func (c *checker) links(f Field, i int, s, t string) {
	sl, tl := Links(s), Links(t)
	for _, l := range sl {
		if !slices.Contains(tl, l) {
			c.add(CheckLinks, Error, f, i, "QALinkMissing", "Link", l)
		}
	}
	for _, l := range tl {
		if !slices.Contains(sl, l) {
			c.add(CheckLinks, Warning, f, i, "QALinkExtra", "Link", l)
		}
	}
}

// currencies lists each currency's symbols and codes (matched exactly) and
// words (matched as the lower-case start of a word, so inflected forms count).
var currencies = []struct {
	code    string
	symbols []string
	words   []string
}{
	{"USD", []string{"$", "USD"}, []string{"dollar", "доллар"}},
	{"EUR", []string{"€", "EUR"}, []string{"euro", "евро"}},
	{"GBP", []string{"£", "GBP"}, []string{"pound", "фунт"}},
	{"RUB", []string{"₽", "RUB"}, []string{"rouble", "ruble", "рубл"}},
	{"KGS", []string{"\u20c0", "KGS"}, []string{"som", "сом"}},
	{"CHF", []string{"CHF"}, []string{"swiss franc", "франк"}},
}

// currency requires a currency named in the source to be named in the
// translation, by symbol, code or word.
func (c *checker) currency(f Field, i int, s, t string) {
	if !hasCurrencyHint(s) {
		return
	}
	sw, tw := lowerWords(s), lowerWords(t)
	for _, cur := range currencies {
		if mentions(s, sw, cur.symbols, cur.words, true) && !mentions(t, tw, cur.symbols, cur.words, false) {
			c.add(CheckCurrency, Error, f, i, "QACurrencyMissing", "Currency", cur.code)
		}
	}
}

// hasCurrencyHint is a cheap test that s may name a currency at all.
func hasCurrencyHint(s string) bool {
	return strings.ContainsAny(s, "$€£₽\u20c0") || strings.Contains(s, "USD") || strings.Contains(s, "EUR") ||
		strings.Contains(s, "GBP") || strings.Contains(s, "RUB") || strings.Contains(s, "KGS") || strings.Contains(s, "CHF") ||
		containsFold(s, "dollar") || containsFold(s, "доллар") || containsFold(s, "euro") || containsFold(s, "евро") ||
		containsFold(s, "pound") || containsFold(s, "фунт") || containsFold(s, "rubl") || containsFold(s, "roubl") ||
		containsFold(s, "рубл") || containsFold(s, "сом") || containsFold(s, "som") || containsFold(s, "франк") || containsFold(s, "franc")
}

func containsFold(s, sub string) bool { return strings.Contains(strings.ToLower(s), sub) }

// mentions reports whether text names a currency. In the source ("strict")
// the words "som" and "сом" count only next to a figure, since they are
// ordinary words too.
func mentions(text string, words []string, symbols, names []string, strict bool) bool {
	for _, s := range symbols {
		if strings.Contains(text, s) {
			return true
		}
	}
	for _, w := range words {
		for _, n := range names {
			if strings.HasPrefix(w, n) && (!strict || n != "сом" && n != "som" || len(w) <= len(n)+4) {
				return true
			}
		}
	}
	return false
}

// lowerWords returns the lower-cased words of s.
func lowerWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
}

// nameOrNumber reports whether a paragraph may stay as it is in a
// translation: it has no letters (a figure, a date), or it is short and
// every word is capitalised (a name, an acronym).
func nameOrNumber(s string) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) == 0 {
		return true
	}
	if len(words) > 6 {
		return false
	}
	for _, w := range words {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) {
			return false
		}
	}
	return true
}

// lookalikes reports words that mix Latin and Cyrillic letters and, in
// Kyrgyz, substitutes for ң, ө and ү.
func (c *checker) lookalikes(f Field, i int, t string) {
	t = stripLinks(t)
	for _, w := range locale.LatinLookalikes(t) {
		c.add(CheckLookalikes, Error, f, i, "QAMixedScripts", "Word", w)
	}
	for _, w := range locale.CyrillicLookalikes(t) {
		c.add(CheckLookalikes, Error, f, i, "QAMixedScripts", "Word", w)
	}
	if strings.HasPrefix(c.tgt, "ky") {
		for _, s := range locale.KyrgyzSubstitutes(t) {
			c.add(CheckLookalikes, Error, f, i, "QAKyrgyzLetter", "Word", s.Word, "Letter", s.Letter, "Want", s.Want)
		}
	}
}

// spacing reports double spaces inside a line and spaces at the start or end
// of a title or lead (body paragraphs are trimmed when split). Two spaces at
// the end of a line are a Markdown line break and allowed.
func (c *checker) spacing(f Field, i int, t string) {
	if f != FieldBody && t != strings.TrimSpace(t) {
		c.add(CheckSpacing, Warning, f, i, "QAEdgeSpace")
	}
	for line := range strings.SplitSeq(strings.TrimSpace(t), "\n") {
		line = strings.TrimRight(line, " ")
		body := strings.TrimLeft(line, " ")
		if strings.Contains(body, "  ") {
			c.add(CheckSpacing, Warning, f, i, "QADoubleSpace")
			return
		}
	}
}

// quoteStyle is a language's pair of primary quotation marks, and the marks
// that belong to other languages.
func quoteStyle(lang string) (open, close string, wrong string) {
	switch strings.ToLower(strings.SplitN(lang, "-", 2)[0]) {
	case "en":
		return "“", "”", "«»\""
	case "ru", "ky", "uk", "be", "kk", "uz", "tg":
		return "«", "»", "”\""
	}
	return "", "", ""
}

// quotes checks that the translation's quotation marks are balanced and in
// its language's style.
func (c *checker) quotes(f Field, i int, t string) {
	open, close, wrong := quoteStyle(c.tgt)
	if open == "" || !strings.ContainsAny(t, "\"«»“”„") {
		return
	}
	t = stripLinks(stripCode(t))
	if strings.Count(t, open) != strings.Count(t, close) {
		c.add(CheckQuotes, Warning, f, i, "QAQuotesUnbalanced", "Open", open, "Close", close)
	}
	for _, r := range wrong {
		if strings.ContainsRune(t, r) {
			c.add(CheckQuotes, Warning, f, i, "QAQuoteStyle", "Mark", string(r), "Open", open, "Close", close)
			return
		}
	}
}

// stripCode removes inline code spans, whose content is copied verbatim.
func stripCode(s string) string {
	for strings.Count(s, "`") >= 2 {
		a := strings.Index(s, "`")
		b := strings.Index(s[a+1:], "`")
		s = s[:a] + s[a+1+b+1:]
	}
	return s
}
