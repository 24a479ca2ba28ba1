// Package tm is Kotormo's translation memory: approved translations cut into
// aligned segments (title, lead, paragraphs and the sentences inside them),
// indexed per language pair for exact, in-context and fuzzy lookup.
//
// The package is pure: the store persists the entries and loads them at
// start. The index is in memory; the texts of the segments go to an
// unlinked scratch file per language pair (in TMPDIR; in memory where no
// file can be made), so that a large memory costs little resident memory.
// Lookup cost is bounded: an inverted word index with prefix filtering
// picks candidates (never a scan of every segment), at most maxCandidates
// are scored per segment, and the word-level edit distance is computed only
// for the best maxScored.
package tm

import (
	"strings"
	"time"

	"github.com/clipperhouse/uax29/v2/sentences"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// Kind says which part of a release a segment is.
type Kind string

// The kinds of segments.
const (
	KindTitle     Kind = "title"
	KindLead      Kind = "lead"
	KindParagraph Kind = "paragraph"
	KindSentence  Kind = "sentence"
	// KindUnit is a unit imported from another tool (TMX).
	KindUnit Kind = "unit"
)

// Entry is one aligned pair of source and target text in the memory.
type Entry struct {
	SourceLang string    `json:"source_lang"`
	TargetLang string    `json:"target_lang"`
	Source     string    `json:"source"`
	Target     string    `json:"target"`
	Kind       Kind      `json:"kind"`
	Index      int       `json:"index"` // the body paragraph, for paragraphs and sentences
	Key        string    `json:"-"`     // what replaces it: release/lang, or the import it came from
	ReleaseID  string    `json:"release_id,omitzero"`
	Rev        int       `json:"rev,omitzero"`
	Author     string    `json:"author,omitzero"`
	Date       time.Time `json:"date"`
	Origin     string    `json:"origin,omitzero"` // "" for approved translations, "tmx" for imports
}

// Align cuts an approved translation into entries: the title, the lead, each
// body paragraph when both sides have as many, and the sentences of a
// paragraph (UAX #29) when both sides have as many sentences. Empty segments
// are skipped. The metadata fields are left for the caller.
func Align(src, tgt newsroom.Content) []Entry {
	var out []Entry
	add := func(k Kind, i int, s, t string) {
		if s, t = strings.TrimSpace(s), strings.TrimSpace(t); s != "" && t != "" {
			out = append(out, Entry{Kind: k, Index: i, Source: s, Target: t})
		}
	}
	add(KindTitle, 0, src.Title, tgt.Title)
	add(KindLead, 0, src.Lead, tgt.Lead)
	addSentences(add, -1, src.Lead, tgt.Lead)
	sp, tp := textdiff.Paragraphs(src.Body), textdiff.Paragraphs(tgt.Body)
	if len(sp) != len(tp) {
		return out
	}
	for i := range sp {
		add(KindParagraph, i, sp[i], tp[i])
		addSentences(add, i, sp[i], tp[i])
	}
	return out
}

func addSentences(add func(Kind, int, string, string), i int, s, t string) {
	ss, ts := Sentences(s), Sentences(t)
	if len(ss) < 2 || len(ss) != len(ts) {
		return
	}
	for k := range ss {
		add(KindSentence, i, ss[k], ts[k])
	}
}

// Sentences splits text into its sentences (UAX #29), trimmed, empty ones dropped.
func Sentences(text string) []string {
	var out []string
	it := sentences.FromString(text)
	for it.Next() {
		if s := strings.TrimSpace(it.Value()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// norm trims text and collapses runs of white space to one space.
func norm(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
