package tm

import (
	"cmp"
	"math"
	"slices"
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
// concurrent use.
type Memory struct {
	threshold int
	mu        sync.RWMutex
	pairs     map[string]*index
}

// New returns an empty memory.
func New(o Options) *Memory {
	if o.Threshold <= 0 || o.Threshold > 100 {
		o.Threshold = 70
	}
	return &Memory{threshold: o.Threshold, pairs: map[string]*index{}}
}

// Threshold returns the lowest fuzzy score offered.
func (m *Memory) Threshold() int { return m.threshold }

// index holds the entries of one language pair.
type index struct {
	entries []*Entry   // by id; nil once replaced
	words   [][]string // the lower-case words of each entry's source
	exact   map[string][]int32
	post    map[string][]int32 // word → ids of entries holding it (once per entry)
	byKey   map[string][]int32
	live    int
	// hidden holds the keys of staged entries: indexed, but not offered or
	// exported until revealed (see Stage).
	hidden map[string]bool
}

func newIndex() *index {
	return &index{exact: map[string][]int32{}, post: map[string][]int32{}, byKey: map[string][]int32{}, hidden: map[string]bool{}}
}

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
		e := entries[i]
		e.Key = key
		p := pairKey(e.SourceLang, e.TargetLang)
		ix := m.pairs[p]
		if ix == nil {
			ix = newIndex()
			m.pairs[p] = ix
		}
		if hidden {
			ix.hidden[key] = true
		}
		ix.add(&e)
		if hidden {
			ix.live--
		}
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
	for _, e := range ix.entries {
		if e != nil && !ix.hidden[e.Key] {
			out = append(out, *e)
		}
	}
	return out
}

func pairKey(src, tgt string) string { return src + ">" + tgt }

func (ix *index) add(e *Entry) {
	id := int32(len(ix.entries))
	ix.entries = append(ix.entries, e)
	ws := words(e.Source)
	ix.words = append(ix.words, ws)
	k := norm(e.Source)
	ix.exact[k] = append(ix.exact[k], id)
	ix.byKey[e.Key] = append(ix.byKey[e.Key], id)
	seen := make(map[string]bool, len(ws))
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			ix.post[w] = append(ix.post[w], id)
		}
	}
	ix.live++
}

func (ix *index) remove(key string) {
	for _, id := range ix.byKey[key] {
		e := ix.entries[id]
		if e == nil {
			continue
		}
		k := norm(e.Source)
		ix.exact[k] = slices.DeleteFunc(ix.exact[k], func(x int32) bool { return x == id })
		if len(ix.exact[k]) == 0 {
			delete(ix.exact, k)
		}
		ix.entries[id], ix.words[id] = nil, nil
		if !ix.hidden[key] {
			ix.live--
		}
	}
	delete(ix.byKey, key)
	delete(ix.hidden, key)
}

// words returns the lower-case words (letters and digits) of s, at most maxWords.
func words(s string) []string {
	ws := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(ws) > maxWords {
		ws = ws[:maxWords]
	}
	return ws
}

// hit is a scored entry.
type hit struct {
	id    int32
	score int
}

// lookup returns the best entries for text: exact ones (score 100) and fuzzy
// ones down to the threshold (at most 99), best first, at most n.
func (ix *index) lookup(sc *scratch, text string, threshold, n int) []hit {
	var out []hit
	seenTarget := map[string]bool{}
	exact := ix.exact[norm(text)]
	for i := len(exact) - 1; i >= 0; i-- { // newest first
		e := ix.entries[exact[i]]
		if ix.hidden[e.Key] {
			continue
		}
		if !seenTarget[e.Target] {
			seenTarget[e.Target] = true
			out = append(out, hit{exact[i], 100})
		}
	}
	if len(out) >= n {
		return out[:n]
	}
	q := words(text)
	if len(q) == 0 {
		return out
	}
	t := float64(threshold) / 100
	qCount := map[string]int{}
	for _, w := range q {
		qCount[w]++
	}
	distinct := make([]string, 0, len(qCount))
	for w := range qCount {
		distinct = append(distinct, w)
	}
	// Count filtering: an entry scoring at least t shares at least
	// need = n(2t-1)/t of the query's words. Visit the postings of the
	// rarest words first, up to maxCandidates postings; an entry must then
	// share at least need − (words not visited) of the visited ones.
	slices.SortFunc(distinct, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(ix.post[a]), len(ix.post[b])), strings.Compare(a, b))
	})
	need := int(math.Ceil(float64(len(q)) * (2*t - 1) / t))
	counts := sc.counts(len(ix.entries))
	visited, used := 0, 0
	for _, w := range distinct {
		p := ix.post[w]
		if visited+len(p) > maxCandidates && used > 0 {
			break
		}
		visited += len(p)
		used++
		for _, id := range p {
			if counts[id] == 0 {
				sc.touched = append(sc.touched, id)
			}
			counts[id]++
		}
	}
	minHits := max(1, need-(len(distinct)-used))
	cands := map[int32]bool{}
	for _, id := range sc.touched {
		if e := ix.entries[id]; int(counts[id]) >= minHits && e != nil && !ix.hidden[e.Key] {
			cands[id] = true
		}
		counts[id] = 0
	}
	sc.touched = sc.touched[:0]
	// Upper bound: score ≤ shared words / the longer length.
	type cand struct {
		id    int32
		bound float64
	}
	var cs []cand
	for id := range cands {
		ws := ix.words[id]
		m := len(ws)
		if float64(m) < float64(len(q))*t || float64(m)*t > float64(len(q)) {
			continue
		}
		left := map[string]int{}
		shared := 0
		for _, w := range ws {
			if left[w] < qCount[w] {
				left[w]++
				shared++
			}
		}
		if b := float64(shared) / float64(max(m, len(q))); b >= t {
			cs = append(cs, cand{id, b})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int { return cmp.Or(cmp.Compare(b.bound, a.bound), cmp.Compare(b.id, a.id)) })
	if len(cs) > maxScored {
		cs = cs[:maxScored]
	}
	var fuzzy []hit
	for _, c := range cs {
		e := ix.entries[c.id]
		if norm(e.Source) == norm(text) {
			continue // already offered as exact
		}
		s := similarity(q, ix.words[c.id])
		if s >= threshold {
			fuzzy = append(fuzzy, hit{c.id, min(s, 99)})
		}
	}
	slices.SortStableFunc(fuzzy, func(a, b hit) int { return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.id, a.id)) })
	for _, h := range fuzzy {
		if len(out) >= n {
			break
		}
		if e := ix.entries[h.id]; !seenTarget[e.Target] {
			seenTarget[e.Target] = true
			out = append(out, h)
		}
	}
	return out
}

// similarity is 100 × (1 − word edit distance / the longer length), rounded down.
func similarity(a, b []string) int {
	if len(a) == 0 && len(b) == 0 {
		return 100
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(prev[j-1], prev[j], cur[j-1])
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	d := prev[len(b)]
	return int(100 * (1 - float64(d)/float64(max(len(a), len(b)))))
}

// scratch is per-lookup working memory: hit counts by entry id.
type scratch struct {
	c       []uint16
	touched []int32
}

func (sc *scratch) counts(n int) []uint16 {
	if len(sc.c) < n {
		sc.c = make([]uint16, n)
	}
	return sc.c
}
