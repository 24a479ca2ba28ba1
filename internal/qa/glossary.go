package qa

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// Term is one glossary entry of a language pair.
type Term struct {
	// Source is the term in the source language; it may be several words.
	Source string `json:"source"`
	// Translations are the approved translations; any one answers the term.
	Translations []string `json:"translations"`
	// Forbidden are translations that must not be used.
	Forbidden []string `json:"forbidden,omitzero"`
	Note      string   `json:"note,omitzero"`
	// CaseSensitive makes "UN" differ from "un".
	CaseSensitive bool `json:"case_sensitive"`
	// WordForms lets inflected forms match ("беженцев" for "беженцы").
	WordForms bool `json:"word_forms"`
}

// StoredTerm is a glossary term as stored for one language pair.
type StoredTerm struct {
	ID         string `json:"id"`
	SourceLang string `json:"source_lang"`
	TargetLang string `json:"target_lang"`
	Term
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// glossary is a Term list prepared for matching: every phrase tokenized,
// folded and stemmed once.
type glossary struct {
	terms    []Term
	src, tgt string
	source   []*Words
	trans    [][]*Words
	bad      [][]*Words
	stems    bool
}

func newGlossary(terms []Term, src, tgt string) *glossary {
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	g := &glossary{terms: terms, src: src, tgt: tgt}
	for _, t := range terms {
		g.stems = g.stems || t.WordForms
		g.source = append(g.source, NewWords(src, t.Source))
		var tr, bad []*Words
		for _, x := range t.Translations {
			tr = append(tr, NewWords(tgt, x))
		}
		for _, x := range t.Forbidden {
			bad = append(bad, NewWords(tgt, x))
		}
		g.trans = append(g.trans, tr)
		g.bad = append(g.bad, bad)
	}
	return g
}

// glossary checks that every term of the source paragraph is answered by an
// approved translation and that no forbidden variant is used.
func (c *checker) glossary(f Field, i int, s, t string) {
	g := c.gloss
	if g == nil || len(g.terms) == 0 {
		return
	}
	sw, tw := NewWords(c.src, s), NewWords(c.tgt, t)
	for k, term := range g.terms {
		if len(term.Translations) > 0 && sw.Contains(g.source[k], term.CaseSensitive, term.WordForms) {
			found := false
			for _, tr := range g.trans[k] {
				if tw.Contains(tr, term.CaseSensitive, term.WordForms) {
					found = true
					break
				}
			}
			if !found {
				c.add(CheckGlossary, Warning, f, i, "QAGlossaryMissing", "Term", term.Source, "Translation", term.Translations[0])
			}
		}
		for n, bad := range g.bad[k] {
			if tw.Contains(bad, term.CaseSensitive, term.WordForms) {
				c.add(CheckGlossary, Error, f, i, "QAGlossaryForbidden", "Term", term.Source, "Variant", term.Forbidden[n])
			}
		}
	}
}

// Words is a text split into words for glossary matching, with each word's
// lower-case form and stem.
type Words struct {
	lang              string
	raw, lower, stems []string
}

// NewWords splits text in lang into words (see Tokens) and folds and stems them.
func NewWords(lang, text string) *Words {
	w := &Words{lang: lang, raw: Tokens(text)}
	w.lower = make([]string, len(w.raw))
	w.stems = make([]string, len(w.raw))
	for i, r := range w.raw {
		w.lower[i] = strings.ToLower(r)
	}
	return w
}

// stem returns the stem of word i, computed once.
func (w *Words) stem(i int) string {
	if w.stems[i] == "" {
		w.stems[i] = Stem(w.lang, w.lower[i])
	}
	return w.stems[i]
}

// Contains reports whether w holds the phrase p (both from NewWords, in the
// same language): word by word, case-folded unless caseSensitive, and with
// wordForms, allowing inflected forms (a Snowball stemmer for en and ru, a
// stem-prefix rule for Kyrgyz, whose endings are added to an unchanged stem).
func (w *Words) Contains(p *Words, caseSensitive, wordForms bool) bool {
	n := len(p.raw)
	if n == 0 || n > len(w.raw) {
		return false
	}
	for i := 0; i+n <= len(w.raw); i++ {
		ok := true
		for j := range n {
			if !w.same(i+j, p, j, caseSensitive, wordForms) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (w *Words) same(i int, p *Words, j int, caseSensitive, wordForms bool) bool {
	if caseSensitive {
		if w.raw[i] == p.raw[j] {
			return true
		}
		if firstRune(w.raw[i]) != firstRune(p.raw[j]) {
			return false
		}
	} else if w.lower[i] == p.lower[j] {
		return true
	}
	if !wordForms || firstRune(w.lower[i]) != firstRune(p.lower[j]) {
		return false
	}
	if isKyrgyz(w.lang) {
		return strings.HasPrefix(w.lower[i], p.stem(j))
	}
	return w.stem(i) == p.stem(j)
}

// Tokens splits text into words: runs of letters, digits and marks, with
// inner hyphens and apostrophes kept ("COVID-19", "пресс-релиз").
func Tokens(text string) []string {
	var out []string
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		if !word && (r == '-' || r == '\'' || r == '’') && start >= 0 && i+1 < len(text) {
			next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):])
			word = unicode.IsLetter(next) || unicode.IsDigit(next)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

func isKyrgyz(lang string) bool { return strings.HasPrefix(lang, "ky") }

// Stem returns the stem of a lower-case word in lang: Snowball's for en and
// ru; for ky the word less a final vowel or a final к/п that voices before
// an ending (китеп → китеб-и), which a prefix match then extends; other
// languages keep the word.
func Stem(lang, w string) string {
	switch {
	case strings.HasPrefix(lang, "ru"):
		return russian.Stem(w, true)
	case strings.HasPrefix(lang, "en"):
		return english.Stem(w, true)
	case isKyrgyz(lang):
		r := []rune(w)
		if len(r) >= 4 && strings.ContainsRune("аеиоөуүыэюякп", r[len(r)-1]) {
			return string(r[:len(r)-1])
		}
		return w
	}
	return w
}
