package tm

import (
	"strings"

	"github.com/kotormo/kotormo/internal/textdiff"
)

// What a match answers (Match.Unit).
const (
	UnitSegment   = "segment"
	UnitSentence  = "sentence"
	UnitAssembled = "assembled"
)

// AssembledScore is the score of a paragraph put together from exact
// sentence matches: below 100, because the sentences come from different
// places and were never approved together, so pre-translation (which takes
// only 100 % matches) never fills a paragraph with one, and a translator
// reads it before keeping it.
const AssembledScore = 99

// KindAssembled is the kind of the entry of an assembled match; no stored
// entry has it.
const KindAssembled Kind = "assembled"

// maxSentences is the most sentences of one segment looked up one by one.
const maxSentences = 30

// SentenceRef names one sentence of a segment (UAX #29).
type SentenceRef struct {
	Index int    `json:"index"` // 0-based, among the segment's sentences
	Text  string `json:"text"`
}

// addSentenceMatches offers matches for the sentences of a lead or body
// paragraph that has no exact match as a whole: the best match of each
// sentence (exact or fuzzy), after the segment's own matches, and, when
// every sentence has an exact match, the paragraph assembled from their
// translations first. m.mu is held.
func (m *Memory) addSentenceMatches(ix *index, sc *scratch, s *Segment) {
	for _, mt := range s.Matches {
		if mt.Score >= 100 {
			return
		}
	}
	ss := Sentences(s.Source)
	if len(ss) < 2 || len(ss) > maxSentences {
		return
	}
	var per []Match
	exact := 0
	for k, text := range ss {
		ms := m.best(ix, sc, text, 1) // an exact match ends the lookup
		if len(ms) == 0 {
			continue
		}
		mt := ms[0]
		mt.Unit, mt.Sentence = UnitSentence, &SentenceRef{Index: k, Text: text}
		mt.Score = min(mt.Score, 100) // no context for a sentence
		if mt.Score == 100 {
			exact++
		}
		per = append(per, mt)
	}
	if exact == len(ss) {
		s.Matches = append([]Match{assemble(per, s.Source)}, s.Matches...)
	}
	s.Matches = append(s.Matches, per...)
}

// assemble joins the exact matches of every sentence of source, in order,
// into one match for the whole of it.
func assemble(per []Match, source string) Match {
	srcs := make([]string, len(per))
	tgts := make([]string, len(per))
	e := Entry{SourceLang: per[0].Entry.SourceLang, TargetLang: per[0].Entry.TargetLang, Kind: KindAssembled}
	for i, mt := range per {
		srcs[i], tgts[i] = mt.Entry.Source, mt.Entry.Target
		if mt.Entry.Date.After(e.Date) {
			e.Date = mt.Entry.Date
		}
	}
	e.Source, e.Target = strings.Join(srcs, " "), strings.Join(tgts, " ")
	return Match{Score: AssembledScore, Entry: e, Unit: UnitAssembled, Diff: textdiff.Words(e.Source, strings.TrimSpace(source)),
		Differs: differs(e.SourceLang, e.Source, source)}
}
