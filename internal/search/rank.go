package search

import (
	"math"
	"slices"
)

// ranksBefore reports whether candidate a ranks before b: higher score, then
// newer date, then smaller ID.
func ranksBefore(segs []*Index, a, b cand) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	da, db := &segs[a.seg].docs[a.doc], &segs[b.seg].docs[b.doc]
	if !da.date.Equal(db.date) {
		return da.date.After(db.date)
	}
	return da.id < db.id
}

// best returns the limit best candidates in rank order (all of them when
// limit <= 0), selecting with a bounded heap so that a query matching many
// documents does not sort them all.
func best(segs []*Index, cands []cand, limit int) []cand {
	before := func(a, b cand) bool { return ranksBefore(segs, a, b) }
	order := func(a, b cand) int {
		switch {
		case before(a, b):
			return -1
		case before(b, a):
			return 1
		}
		return 0
	}
	if limit <= 0 || len(cands) <= limit {
		slices.SortFunc(cands, order)
		return cands
	}
	// h is a heap with the worst kept candidate at the root.
	h := slices.Clone(cands[:limit])
	worse := func(i, j int) bool { return before(h[j], h[i]) }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			w := l
			if r := l + 1; r < len(h) && worse(r, l) {
				w = r
			}
			if !worse(w, i) {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, c := range cands[limit:] {
		if before(c, h[0]) {
			h[0] = c
			down(0)
		}
	}
	slices.SortFunc(h, order)
	return h
}

// idf is the BM25 inverse document frequency of a term in df of n
// documents.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// score is the BM25F score of one term in one document, with the average
// field lengths avgLen.
func (ix *Index) score(p posting, idf float64, avgLen *[numFields]float64) float64 {
	lens := &ix.lens[p.doc]
	tf := 0.0
	for fld := range numFields {
		if p.tf[fld] == 0 {
			continue
		}
		norm := 1.0
		if avg := avgLen[fld]; avg > 0 {
			norm = 1 - fieldB[fld] + fieldB[fld]*float64(lens[fld])/avg
		}
		tf += fieldWeight[fld] * float64(p.tf[fld]) / norm
	}
	return idf * tf * (k1 + 1) / (k1 + tf)
}
