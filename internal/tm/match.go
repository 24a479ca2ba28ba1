package tm

import (
	"slices"
	"strings"
	"unicode"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// MaxMatches is the most matches offered per segment.
const MaxMatches = 3

// Match is one memory entry offered for a segment of the current source.
type Match struct {
	// Score is 101 (exact, and a neighbouring paragraph matched the same
	// release in order), 100 (exact) or the fuzzy score down to the threshold.
	Score int   `json:"score"`
	Entry Entry `json:"entry"`
	// Unit is what the match answers: UnitSegment (the whole title, lead or
	// paragraph), UnitSentence (one sentence of it, named by Sentence) or
	// UnitAssembled (the whole paragraph, put together from exact sentence
	// matches; scored AssembledScore).
	Unit string `json:"unit"`
	// Sentence is the sentence of the segment a sentence match answers.
	Sentence *SentenceRef `json:"sentence,omitempty"`
	// Diff turns the entry's source into the current source, word by word.
	Diff []textdiff.Op `json:"diff"`
	// Differs lists the numbers and names of the entry's source that the
	// current source does not have: the inserted translation has them wrong.
	Differs []string `json:"differs"`
}

// Segment is one part of the current source with its matches.
type Segment struct {
	Field     string  `json:"field"`     // title, lead or body
	Paragraph int     `json:"paragraph"` // the body paragraph; 0 for title and lead
	Source    string  `json:"source"`
	Matches   []Match `json:"matches"`
}

// Lookup returns the best matches for text in the src → tgt memory.
func (m *Memory) Lookup(src, tgt, text string) []Match {
	m.mu.RLock()
	defer m.mu.RUnlock()
	ix := m.pairs[pairKey(src, tgt)]
	if ix == nil || strings.TrimSpace(text) == "" {
		return nil
	}
	return m.matches(ix, &scratch{}, text)
}

// matches returns the best matches for text in ix; m.mu is held.
func (m *Memory) matches(ix *index, sc *scratch, text string) []Match {
	return m.best(ix, sc, text, MaxMatches)
}

// best returns the n best matches for text in ix; m.mu is held.
func (m *Memory) best(ix *index, sc *scratch, text string, n int) []Match {
	hits := ix.lookup(sc, m.query(text), text, m.threshold, n)
	out := make([]Match, 0, len(hits))
	for _, h := range hits {
		e, ok := ix.entry(h.id)
		if !ok {
			continue
		}
		mt := Match{Score: h.score, Entry: e, Unit: UnitSegment, Diff: []textdiff.Op{}, Differs: []string{}}
		if h.score < 100 {
			mt.Diff = textdiff.Words(e.Source, strings.TrimSpace(text))
			mt.Differs = differs(src(e), e.Source, text)
		}
		out = append(out, mt)
	}
	return out
}

func src(e Entry) string { return e.SourceLang }

// LookupRelease returns the matches of every segment of a release's source
// text c: its title, lead and body paragraphs. An exact paragraph match
// scores 101 when the paragraph before or after it also matched exactly the
// neighbouring paragraph of the same translation.
func (m *Memory) LookupRelease(src, tgt string, c newsroom.Content) []Segment {
	m.mu.RLock()
	defer m.mu.RUnlock()
	ix := m.pairs[pairKey(src, tgt)]
	var out []Segment
	sc := &scratch{}
	add := func(field string, i int, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		s := Segment{Field: field, Paragraph: i, Source: text, Matches: []Match{}}
		if ix != nil {
			s.Matches = m.matches(ix, sc, text)
		}
		out = append(out, s)
	}
	add("title", 0, c.Title)
	add("lead", 0, c.Lead)
	first := len(out)
	for i, p := range textdiff.Paragraphs(c.Body) {
		add("body", i, p)
	}
	body := out[first:]
	for i := range body {
		for k := range body[i].Matches {
			mt := &body[i].Matches[k]
			if mt.Score == 100 && mt.Entry.Kind == KindParagraph &&
				(inContext(body, i-1, mt.Entry, -1) || inContext(body, i+1, mt.Entry, +1)) {
				mt.Score = 101
			}
		}
		slices.SortStableFunc(body[i].Matches, func(a, b Match) int { return b.Score - a.Score })
	}
	if ix != nil {
		for i := range out {
			if out[i].Field != "title" {
				m.addSentenceMatches(ix, sc, &out[i])
			}
		}
	}
	return out
}

// inContext reports whether body segment i has an exact match from the same
// translation as e, at e's paragraph moved by step.
func inContext(body []Segment, i int, e Entry, step int) bool {
	if i < 0 || i >= len(body) {
		return false
	}
	for _, m := range body[i].Matches {
		if m.Score >= 100 && m.Unit == UnitSegment && m.Entry.Key == e.Key && m.Entry.Kind == KindParagraph && m.Entry.Index == e.Index+step {
			return true
		}
	}
	return false
}

// differs lists the figures and capitalised names of old (an entry's
// source) that cur lacks.
func differs(lang, old, cur string) []string {
	var out []string
	have := map[string]int{}
	for _, n := range qa.Numbers(lang, cur) {
		have[n.Text]++
	}
	for _, n := range qa.Numbers(lang, old) {
		if have[n.Text] > 0 {
			have[n.Text]--
		} else if !slices.Contains(out, n.Text) {
			out = append(out, n.Text)
		}
	}
	curNames := names(cur)
	for _, w := range names(old) {
		if !slices.Contains(curNames, w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// names returns the capitalised words of s that do not start a sentence.
func names(s string) []string {
	var out []string
	start := true
	for _, w := range strings.Fields(s) {
		t := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if t != "" && !start {
			if r := []rune(t)[0]; unicode.IsUpper(r) {
				out = append(out, t)
			}
		}
		start = strings.HasSuffix(w, ".") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "?")
	}
	return out
}
