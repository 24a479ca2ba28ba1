package tm

import (
	"hash/maphash"
	"strings"
	"sync"
	"unicode"
)

// Bounds on one lookup.
const (
	// maxCandidates is the most postings visited per segment looked up.
	maxCandidates = 20_000
	// maxScored is the most candidates whose edit distance is computed.
	maxScored = 40
	// maxWords is the most words of a segment used for fuzzy matching.
	maxWords = 400
)

// Options configures a Memory.
type Options struct {
	// Threshold is the lowest fuzzy score offered, in per cent (default 70).
	Threshold int
}

// Memory is the translation memory of every language pair. It is safe for
// concurrent use. Each pair whose texts outgrow 128 KiB keeps them in a
// scratch file of its own, unlinked as it is made; the file is closed, and
// the memory mapped outside the Go heap released, once the Memory is
// unreachable (or at once for what compaction replaces). Dates are kept
// to the nanosecond with their location, without a monotonic clock reading.
type Memory struct {
	threshold int
	mu        sync.RWMutex
	dict      dict
	pairs     map[string]*index
	// textFlushAt and textBits set the text stores of new pairs (tests;
	// 0 for the defaults).
	textFlushAt int
	textBits    uint8
}

// New returns an empty memory.
func New(o Options) *Memory {
	if o.Threshold <= 0 || o.Threshold > 100 {
		o.Threshold = 70
	}
	return &Memory{threshold: o.Threshold, dict: dict{seed: maphash.MakeSeed()}, pairs: map[string]*index{}}
}

// Threshold returns the lowest fuzzy score offered.
func (m *Memory) Threshold() int { return m.threshold }

// Replace drops every entry stored under key and adds entries under it:
// re-approving a translation replaces what its previous approval added.
// Entries with other language pairs than their own fields say are grouped
// by those fields.
func (m *Memory) Replace(key string, entries []Entry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ix := range m.pairs {
		ix.remove(key)
	}
	m.addLocked(key, entries, false)
}

// Add adds entries under key without removing anything (imports).
func (m *Memory) Add(key string, entries []Entry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.addLocked(key, entries, false)
}

// addLocked indexes entries under key, hidden from lookups when hidden is
// set (Stage); m.mu is held.
func (m *Memory) addLocked(key string, entries []Entry, hidden bool) {
	for i := range entries {
		e := &entries[i]
		p := pairKey(e.SourceLang, e.TargetLang)
		ix := m.pairs[p]
		if ix == nil {
			ix = newIndex(e.SourceLang, e.TargetLang)
			ix.text.flushAt, ix.text.bits = m.textFlushAt, m.textBits
			m.pairs[p] = ix
		}
		g := ix.groupOf(key)
		if hidden && !ix.groups[g].hidden {
			ix.groups[g].hidden = true
			ix.live -= len(ix.groups[g].ids)
		}
		ix.add(&m.dict, g, e)
	}
}

// Len returns the number of entries of the src → tgt pair.
func (m *Memory) Len(src, tgt string) int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if ix := m.pairs[pairKey(src, tgt)]; ix != nil {
		return ix.live
	}
	return 0
}

// Entries returns the entries of the src → tgt pair (for export), in the
// order they were added.
func (m *Memory) Entries(src, tgt string) []Entry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	ix := m.pairs[pairKey(src, tgt)]
	if ix == nil {
		return nil
	}
	out := make([]Entry, 0, ix.live)
	for id := range ix.segs.len() {
		if ix.offered(id) {
			if e, ok := ix.entry(id); ok {
				out = append(out, e)
			}
		}
	}
	return out
}

// ramSize returns the bytes the memory holds in memory, as its structures
// count them (see index.ramSize); the texts written to the scratch files
// are not part of it.
func (m *Memory) ramSize() int {
	n := m.dict.size()
	for _, ix := range m.pairs {
		n += ix.ramSize()
	}
	return n
}

func pairKey(src, tgt string) string { return src + ">" + tgt }

// words returns the lower-case words (letters and digits) of s, at most maxWords.
func words(s string) []string {
	ws := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(ws) > maxWords {
		ws = ws[:maxWords]
	}
	return ws
}
