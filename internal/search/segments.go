package search

import (
	"cmp"
	"slices"
	"strings"
)

// Search returns the documents that contain every term of query, best first;
// ties go to the newer Date, then to the smaller ID. The last query term, when
// it has at least three letters, also matches words it begins. limit <= 0
// returns all hits. An empty query has no hits. Only the first 32 distinct
// terms of a query are used.
//
// Its time is that of reading the postings of the query's rarest term (or of
// up to 64 expansions of a prefix), plus, for each of its documents, a skip
// to the same document in the other terms' postings (logarithmic in the
// distance, plus at most 128 postings decoded), plus choosing the best limit
// hits (n log limit).
func (ix *Index) Search(query string, limit int) []Hit {
	return SearchSegments([]*Index{ix}, query, limit, nil)
}

// SearchSegments searches several indexes of texts in one language as one,
// as Search searches one: a large index built now and then and a small one
// of the documents changed since, say. Every document is scored with the
// statistics of all segments together, as if they were one index: the
// number of documents, the number of documents that contain each term, the
// average length of each field. A prefix expands to the (at most 64) terms
// that begin it in any segment, the most frequent over all segments first.
// With one segment and no skip, it returns exactly what Search returns.
//
// skip, when not nil, is asked about every document that matches the
// query's rarest term, with the index of its segment in segs; a document for
// which it returns true is left out of the hits: the documents of the large
// index that were changed or removed since it was built. Skipped documents
// still count in the statistics, which change less than rebuilding would
// cost. A document ID found in several segments and not skipped is returned
// once for each. Nil segments are taken as empty; the first other
// segment's analyzer is used for the query.
//
// Its time is Search's for the postings of every segment, plus one binary
// search per query term and segment for the term.
func SearchSegments(segs []*Index, query string, limit int, skip func(seg int, id string) bool) []Hit {
	// Nil segments become empty ones, so that the others keep their
	// index for skip; the first other one gives the analyzer.
	var an *analyzer
	if slices.Contains(segs, nil) {
		segs = slices.Clone(segs)
	}
	for i, ix := range segs {
		switch {
		case ix == nil:
			segs[i] = &Index{}
		case an == nil:
			an = &ix.an
		}
	}
	if an == nil {
		return nil
	}
	words := Terms(query)
	n := 0
	var total [numFields]float64
	for _, ix := range segs {
		n += len(ix.docs)
		for fld := range total {
			total[fld] += ix.total[fld]
		}
	}
	if len(words) == 0 || n == 0 {
		return nil
	}
	var avgLen [numFields]float64
	for fld := range total {
		avgLen[fld] = total[fld] / float64(n)
	}
	words = dedupe(words)
	qws := make([]queryWord, 0, len(words))
	for i, w := range words {
		exact, prefixes := an.query(w, i == len(words)-1)
		var qw queryWord
		if len(prefixes) > 0 {
			qw = prefixWord(segs, exact, prefixes)
		} else {
			qw = exactWord(segs, exact)
		}
		if len(qw.terms) == 0 {
			return nil // a required term matches nothing
		}
		for _, t := range qw.terms {
			qw.df += t.df
			qw.idf = append(qw.idf, idf(n, t.df))
		}
		qws = append(qws, qw)
	}
	// Drive the search from the rarest term; look the others up.
	slices.SortStableFunc(qws, func(a, b queryWord) int { return cmp.Compare(a.df, b.df) })

	var cands []cand
	for s, ix := range segs {
		cands = ix.search(cands, int32(s), qws, &avgLen, skip)
	}
	cands = best(segs, cands, limit)
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		hits[i] = Hit{ID: segs[c.seg].docs[c.doc].id, Score: c.score}
	}
	return hits
}

// queryWord is one required word of a query: one or more terms (several for
// a prefix), any of which satisfies it, with their statistics over all
// segments.
type queryWord struct {
	terms   []wordTerm
	weights []float64 // 1 for the exact term, prefixWeight for expansions
	idf     []float64
	df      int // total postings, to pick the cheapest word to drive the search
}

// wordTerm is one term of a query word.
type wordTerm struct {
	text string
	df   int     // over all segments
	ids  []int32 // the term's id in each segment, -1 where absent
}

// exactWord returns the query word for term t matched whole.
func exactWord(segs []*Index, t string) queryWord {
	wt := wordTerm{text: t, ids: make([]int32, len(segs))}
	for s, ix := range segs {
		wt.ids[s] = -1
		if id, ok := ix.lookup(t); ok {
			wt.ids[s] = int32(id)
			wt.df += int(ix.terms[id].df)
		}
	}
	if wt.df == 0 {
		return queryWord{}
	}
	return queryWord{terms: []wordTerm{wt}, weights: []float64{1}}
}

// prefixWord returns the query word for a word matched by prefix: the term
// w itself if indexed, and up to maxExpansions indexed terms that begin with
// one of prefixes, from any segment.
func prefixWord(segs []*Index, w string, prefixes []string) queryWord {
	var terms []wordTerm
	seen := map[string]int{} // term → index in terms
	var pool []int32         // the terms' ids, allocated together
	for _, p := range prefixes {
		first := len(terms)
		for s, ix := range segs {
			for id := ix.prefixStart(p); id < len(ix.terms) && strings.HasPrefix(ix.term(id), p); id++ {
				t := ix.term(id)
				i, ok := seen[t]
				if !ok {
					i = len(terms)
					seen[t] = i
					if cap(pool)-len(pool) < len(segs) {
						pool = make([]int32, 0, 64*len(segs))
					}
					ids := pool[len(pool) : len(pool)+len(segs) : len(pool)+len(segs)]
					pool = pool[:len(pool)+len(segs)]
					for s := range ids {
						ids[s] = -1
					}
					terms = append(terms, wordTerm{text: t, ids: ids})
				}
				if terms[i].ids[s] < 0 { // not already found by another prefix
					terms[i].ids[s] = int32(id)
					terms[i].df += int(ix.terms[id].df)
				}
			}
		}
		if len(segs) > 1 {
			// The terms this prefix added, in term order as one index
			// would list them.
			added := terms[first:]
			slices.SortFunc(added, func(a, b wordTerm) int { return strings.Compare(a.text, b.text) })
			for i, t := range added {
				seen[t.text] = first + i
			}
		}
	}
	if len(terms) > maxExpansions {
		// Keep the exact word first, then the most frequent expansions.
		slices.SortStableFunc(terms, func(a, b wordTerm) int {
			if ea, eb := a.text == w, b.text == w; ea != eb {
				if ea {
					return -1
				}
				return 1
			}
			return cmp.Compare(b.df, a.df)
		})
		terms = terms[:maxExpansions]
	}
	qw := queryWord{terms: terms, weights: make([]float64, len(terms))}
	for i, t := range terms {
		qw.weights[i] = prefixWeight
		if t.text == w {
			qw.weights[i] = 1
		}
	}
	return qw
}

// cand is a candidate hit while a query runs: document doc of segment seg.
type cand struct {
	doc   uint32
	seg   int32
	score float64
}

// segTerm is a query word as one segment has it: the ids of those of its
// terms the segment holds, with their weights and global idf.
type segTerm struct {
	ids     []int
	weights []float64
	idf     []float64
	df      int // postings in this segment
}

// search appends to cands the documents of ix, segment seg, that match
// every word of qws, driven from the first, and returns cands.
func (ix *Index) search(cands []cand, seg int32, qws []queryWord, avgLen *[numFields]float64, skip func(int, string) bool) []cand {
	sts := make([]segTerm, len(qws))
	for w, qw := range qws {
		st := &sts[w]
		for i, t := range qw.terms {
			if id := t.ids[seg]; id >= 0 {
				st.ids = append(st.ids, int(id))
				st.weights = append(st.weights, qw.weights[i])
				st.idf = append(st.idf, qw.idf[i])
				st.df += int(ix.terms[id].df)
			}
		}
		if len(st.ids) == 0 {
			return cands // a word this segment lacks
		}
	}
	own := ix.matches(sts[0], seg, avgLen)
	if skip != nil {
		own = slices.DeleteFunc(own, func(c cand) bool { return skip(int(seg), ix.docs[c.doc].id) })
	}
	if len(sts) > 1 {
		// own is in ascending doc order, so each other word's postings
		// are walked forward once, skipping ahead.
		cursors := make([][]postingCursor, len(sts))
		for w, st := range sts {
			cursors[w] = make([]postingCursor, len(st.ids))
			for i, id := range st.ids {
				cursors[w][i].l = ix.postings(id)
			}
		}
		kept := own[:0]
		for _, c := range own {
			ok := true
			for w, st := range sts[1:] {
				ts, found := ix.termScore(st, cursors[w+1], c.doc, avgLen)
				if !found {
					ok = false
					break
				}
				c.score += ts
			}
			if ok {
				kept = append(kept, c)
			}
		}
		own = kept
	}
	return append(cands, own...)
}

// matches returns every document of ix matching st with st's score in it
// (the best of its terms), in ascending doc order.
func (ix *Index) matches(st segTerm, seg int32, avgLen *[numFields]float64) []cand {
	if len(st.ids) == 1 {
		out := make([]cand, 0, st.df)
		w, idf := st.weights[0], st.idf[0]
		r := blockReader{l: ix.postings(st.ids[0])}
		for ps := r.next(); ps != nil; ps = r.next() {
			for _, p := range ps {
				out = append(out, cand{doc: p.doc, seg: seg, score: w * ix.score(p, idf, avgLen)})
			}
		}
		return out
	}
	if st.df*8 >= len(ix.docs) {
		// Many postings: a dense array beats a map, and scanning it costs
		// no more than the postings already read.
		best := make([]float64, len(ix.docs))
		for i, id := range st.ids {
			w, idf := st.weights[i], st.idf[i]
			r := blockReader{l: ix.postings(id)}
			for ps := r.next(); ps != nil; ps = r.next() {
				for _, p := range ps {
					if s := w * ix.score(p, idf, avgLen); s > best[p.doc] {
						best[p.doc] = s
					}
				}
			}
		}
		var out []cand
		for doc, s := range best {
			if s > 0 {
				out = append(out, cand{doc: uint32(doc), seg: seg, score: s})
			}
		}
		return out
	}
	best := make(map[uint32]float64, st.df)
	for i, id := range st.ids {
		w, idf := st.weights[i], st.idf[i]
		r := blockReader{l: ix.postings(id)}
		for ps := r.next(); ps != nil; ps = r.next() {
			for _, p := range ps {
				if s := w * ix.score(p, idf, avgLen); s > best[p.doc] {
					best[p.doc] = s
				}
			}
		}
	}
	out := make([]cand, 0, len(best))
	for doc, s := range best {
		out = append(out, cand{doc: doc, seg: seg, score: s})
	}
	slices.SortFunc(out, func(a, b cand) int { return cmp.Compare(a.doc, b.doc) })
	return out
}

// termScore returns st's score in doc and whether doc matches st at all.
// cursors hold, per term of st, where the previous lookup ended; docs must
// be asked for in ascending order.
func (ix *Index) termScore(st segTerm, cursors []postingCursor, doc uint32, avgLen *[numFields]float64) (float64, bool) {
	best, found := 0.0, false
	for i := range st.ids {
		p, ok := cursors[i].seek(doc)
		if !ok || p.doc != doc {
			continue
		}
		found = true
		if s := st.weights[i] * ix.score(p, st.idf[i], avgLen); s > best {
			best = s
		}
	}
	return best, found
}
