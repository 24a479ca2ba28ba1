package tm

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"unicode"
)

// hit is a scored segment.
type hit struct {
	id    int32
	score int
}

// query is a text to look up, as word IDs: words the dictionary does not
// know get IDs no stored word has (the same one for the same word).
type query struct {
	ids   []uint32
	count map[uint32]int // ID → occurrences
	slot  map[uint32]int // ID → its place among the distinct IDs
	// has is a 1,024-bit filter of the IDs (by their low bits): most words
	// of a candidate are not in the query and are ruled out without a map
	// lookup.
	has [16]uint64
}

// mayHave reports whether w may be a word of the query.
func (q *query) mayHave(w uint32) bool { return q.has[w>>6&15]&(1<<(w&63)) != 0 }

func (m *Memory) query(text string) query {
	ws := words(text)
	q := query{ids: make([]uint32, len(ws)), count: make(map[uint32]int, len(ws)), slot: make(map[uint32]int, len(ws))}
	unknown := map[string]uint32{}
	for i, w := range ws {
		id, ok := m.dict.id(w, false)
		if !ok {
			if id, ok = unknown[w]; !ok {
				id = math.MaxUint32 - uint32(len(unknown))
				unknown[w] = id
			}
		}
		q.ids[i] = id
		q.has[id>>6&15] |= 1 << (id & 63)
		if _, ok := q.slot[id]; !ok {
			q.slot[id] = len(q.slot)
		}
		q.count[id]++
	}
	return q
}

// lookup returns the best segments for text: exact ones (score 100) and
// fuzzy ones down to the threshold (at most 99), best first, at most n. A
// target is offered once. Texts are read only to verify an exact match
// whose target was not offered yet.
func (ix *index) lookup(sc *scratch, q query, text string, threshold, n int) []hit {
	var out []hit
	seenTarget := map[uint64]bool{}
	qh := ix.hash(text)
	head, ok := ix.exact.get(qh, ix.srcKey)
	for id := int32(head); ok && id >= 0; id = ix.seg(id).next { // newest first
		s := ix.seg(id)
		if !ix.offered(id) || seenTarget[s.tgtHash] {
			continue
		}
		var r record
		var read bool
		if r, sc.text, read = ix.record(id, sc.text); !read || !sameText(r.src, text) {
			continue // a hash collision
		}
		seenTarget[s.tgtHash] = true
		out = append(out, hit{id, 100})
	}
	if len(out) >= n {
		return out[:n]
	}
	if len(q.ids) == 0 {
		return out
	}
	t := float64(threshold) / 100
	distinct := make([]uint32, 0, len(q.count))
	for w := range q.count {
		distinct = append(distinct, w)
	}
	count := func(w uint32) int {
		if int64(w) < int64(ix.post.len()) {
			return int(ix.post.at(int32(w)).n)
		}
		return 0
	}
	// Count filtering: an entry scoring at least t shares at least
	// need = n(2t-1)/t of the query's words. Visit the postings of the
	// rarest words first, up to maxCandidates postings; an entry must then
	// share at least need − (words not visited) of the visited ones.
	slices.SortFunc(distinct, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(count(a), count(b)), cmp.Compare(a, b))
	})
	need := int(math.Ceil(float64(len(q.ids)) * (2*t - 1) / t))
	// Prefix filtering: an entry sharing need of the n query words (with
	// repeats) holds at least one of the n−need+1 rarest distinct ones, so
	// only their postings add candidates; the commoner words' postings,
	// within the budget, only count hits of those candidates.
	prefix := len(q.ids) - need + 1
	counts := sc.counts(int(ix.segs.len()))
	visited, used := 0, 0
	for _, w := range distinct {
		n := count(w)
		if visited+n > maxCandidates && used > 0 {
			break
		}
		visited += n
		used++
		if n == 0 {
			continue
		}
		adding := used <= prefix
		sc.ids = ix.post.at(int32(w)).ids(&ix.blocks, &ix.chains, sc.ids[:0])
		for _, id := range sc.ids {
			if counts[id] == 0 {
				if !adding {
					continue
				}
				sc.touched = append(sc.touched, id)
			}
			counts[id]++
		}
	}
	minHits := max(1, need-(len(distinct)-used))
	// Upper bound: score ≤ shared words / the longer length.
	type cand struct {
		id    int32
		bound float64
	}
	var cs []cand
	left := make([]int, len(q.slot))
	for _, id := range sc.touched {
		hits := int(counts[id])
		counts[id] = 0
		if hits < minHits {
			continue
		}
		h := ix.hot(id)
		if h.group == noGroup || ix.groups[h.group].hidden {
			continue
		}
		m := int(h.nwords)
		if float64(m) < float64(len(q.ids))*t || float64(m)*t > float64(len(q.ids)) {
			continue
		}
		clear(left)
		shared := 0
		for b, k := ix.words.rest(h.words), 0; k < m; k++ { // the word IDs, decoded in place
			w := uint32(b[0])
			if w < 0x80 {
				b = b[1:]
			} else {
				v, n := binary.Uvarint(b)
				w, b = uint32(v), b[n:]
			}
			if !q.mayHave(w) {
				continue
			}
			if k, ok := q.slot[w]; ok && left[k] < q.count[w] {
				left[k]++
				shared++
			}
		}
		if b := float64(shared) / float64(max(m, len(q.ids))); b >= t && ix.seg(id).srcHash != qh {
			cs = append(cs, cand{id, b}) // (an exact match was offered above, or not at all)
		}
	}
	sc.touched = sc.touched[:0]
	slices.SortFunc(cs, func(a, b cand) int { return cmp.Or(cmp.Compare(b.bound, a.bound), cmp.Compare(b.id, a.id)) })
	if len(cs) > maxScored {
		cs = cs[:maxScored]
	}
	var fuzzy []hit
	for _, c := range cs {
		sc.words = ix.wordIDs(c.id, sc.words[:0])
		if s := similarity(q.ids, sc.words); s >= threshold {
			fuzzy = append(fuzzy, hit{c.id, min(s, 99)})
		}
	}
	slices.SortStableFunc(fuzzy, func(a, b hit) int { return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.id, a.id)) })
	for _, h := range fuzzy {
		if len(out) >= n {
			break
		}
		if t := ix.seg(h.id).tgtHash; !seenTarget[t] {
			seenTarget[t] = true
			out = append(out, h)
		}
	}
	return out
}

// sameText reports whether a and b are equal once trimmed and with runs of
// white space taken as one space (norm), without building either.
func sameText(a []byte, b string) bool {
	for {
		a, b = bytes.TrimLeftFunc(a, unicode.IsSpace), strings.TrimLeftFunc(b, unicode.IsSpace)
		if len(a) == 0 || len(b) == 0 {
			return len(a) == len(b)
		}
		i, j := bytes.IndexFunc(a, unicode.IsSpace), strings.IndexFunc(b, unicode.IsSpace)
		if i < 0 {
			i = len(a)
		}
		if j < 0 {
			j = len(b)
		}
		if string(a[:i]) != b[:j] {
			return false
		}
		a, b = a[i:], b[j:]
	}
}

// similarity is 100 × (1 − word edit distance / the longer length), rounded down.
func similarity(a, b []uint32) int {
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

// scratch is per-lookup working memory: hit counts by segment id, and
// buffers for postings, word IDs and texts.
type scratch struct {
	c       []uint16
	touched []int32
	ids     []int32
	words   []uint32
	text    []byte
}

func (sc *scratch) counts(n int) []uint16 {
	if len(sc.c) < n {
		sc.c = make([]uint16, n)
	}
	return sc.c
}
