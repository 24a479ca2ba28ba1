package search

// This file keeps the index as it was before postings were compressed
// (uncompressed []posting per term, a map of terms, the joined regexp), as
// the reference that the compact index must agree with, score for score.

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// refIndex is an immutable full-text index. It is safe for concurrent use by any
// number of readers.
type refIndex struct {
	an       analyzer
	docs     []refDocMeta
	avgLen   [numFields]float64
	termIDs  map[string]uint32
	terms    []string    // by term id
	sorted   []uint32    // term ids in term order, for prefix lookups
	postings [][]posting // by term id, in ascending doc order
}

// refBuildLang indexes docs written in lang (a BCP 47 tag) with that language's
// word forms: Snowball stems for Russian and English, endings and prefixes
// for Kyrgyz (see the package's language support). Other languages are
// indexed as refBuild does.
func refBuildLang(lang string, docs []Doc) *refIndex {
	last := make(map[string]int, len(docs))
	for i, d := range docs {
		last[d.ID] = i
	}
	ix := &refIndex{
		an:      analyzerFor(lang),
		docs:    make([]refDocMeta, 0, len(last)),
		termIDs: make(map[string]uint32),
	}
	f := newFolder()
	m := &refMemo{stem: ix.an.stem, seen: map[string]string{}}
	counts := make(map[string][numFields]uint16)
	var total [numFields]float64
	for i, d := range docs {
		if last[d.ID] != i {
			continue
		}
		clear(counts)
		meta := refDocMeta{id: d.ID, date: d.Date}
		for fld, text := range [numFields]string{fieldTitle: d.Title, fieldLead: d.Lead + "\n" + d.Place, fieldBody: d.Body} {
			add := func(term []byte) {
				t := m.term(string(term))
				c := counts[t]
				if c[fld] < math.MaxUint16 {
					c[fld]++
				}
				counts[t] = c
				meta.lens[fld]++
			}
			f.scan(text, add)
			refJoinedWords(text, func(w string) { f.scan(w, add) })
			total[fld] += float64(meta.lens[fld])
		}
		doc := uint32(len(ix.docs))
		ix.docs = append(ix.docs, meta)
		for term, tf := range counts {
			id, ok := ix.termIDs[term]
			if !ok {
				id = uint32(len(ix.terms))
				ix.termIDs[term] = id
				ix.terms = append(ix.terms, term)
				ix.postings = append(ix.postings, nil)
			}
			ix.postings[id] = append(ix.postings[id], posting{doc: doc, tf: tf})
		}
	}
	if n := float64(len(ix.docs)); n > 0 {
		for fld := range total {
			ix.avgLen[fld] = total[fld] / n
		}
	}
	ix.sorted = make([]uint32, len(ix.terms))
	for i := range ix.sorted {
		ix.sorted[i] = uint32(i)
	}
	slices.SortFunc(ix.sorted, func(a, b uint32) int { return strings.Compare(ix.terms[a], ix.terms[b]) })
	for i, p := range ix.postings {
		ix.postings[i] = slices.Clip(p)
	}
	return ix
}

// Len returns the number of indexed documents.
func (ix *refIndex) Len() int { return len(ix.docs) }

// refQueryTerm is one required term of a query: one or more index terms (several
// for a prefix), any of which satisfies it.
type refQueryTerm struct {
	ids     []uint32
	weights []float64 // 1 for the exact term, prefixWeight for expansions
	idf     []float64
	df      int // total postings, to pick the cheapest term to drive the search
}

// Search returns the documents that contain every term of query, best first;
// ties go to the newer Date, then to the smaller ID. The last query term, when
// it has at least three letters, also matches words it begins. limit <= 0
// returns all hits. An empty query has no hits. Only the first 32 distinct
// terms of a query are used.
func (ix *refIndex) Search(query string, limit int) []Hit {
	words := Terms(query)
	if len(words) == 0 || len(ix.docs) == 0 {
		return nil
	}
	words = dedupe(words)
	qts := make([]refQueryTerm, 0, len(words))
	for i, w := range words {
		var qt refQueryTerm
		exact, prefixes := ix.an.query(w, i == len(words)-1)
		if len(prefixes) > 0 {
			qt = ix.prefixTerm(exact, prefixes)
		} else if id, ok := ix.termIDs[exact]; ok {
			qt = refQueryTerm{ids: []uint32{id}, weights: []float64{1}}
		}
		if len(qt.ids) == 0 {
			return nil // a required term matches nothing
		}
		for _, id := range qt.ids {
			df := len(ix.postings[id])
			qt.df += df
			qt.idf = append(qt.idf, ix.idf(df))
		}
		qts = append(qts, qt)
	}

	// Drive the search from the rarest term; look the others up.
	slices.SortStableFunc(qts, func(a, b refQueryTerm) int { return cmp.Compare(a.df, b.df) })
	cands := ix.matches(qts[0])
	if len(qts) > 1 {
		// cands are in ascending doc order, so each other term's postings
		// are walked forward once, skipping ahead by galloping.
		cursors := make([][]int, len(qts))
		for t, qt := range qts {
			cursors[t] = make([]int, len(qt.ids))
		}
		kept := cands[:0]
		for _, c := range cands {
			ok := true
			for t, qt := range qts[1:] {
				ts, found := ix.termScore(qt, cursors[t+1], c.doc)
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
		cands = kept
	}

	cands = ix.best(cands, limit)
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		hits[i] = Hit{ID: ix.docs[c.doc].id, Score: c.score}
	}
	return hits
}

// prefixTerm returns the query term for a word matched by prefix: the term
// w itself if indexed, and up to maxExpansions indexed terms that begin with
// one of prefixes.
func (ix *refIndex) prefixTerm(w string, prefixes []string) refQueryTerm {
	var ids []uint32
	seen := map[uint32]bool{}
	for _, p := range prefixes {
		lo := sort.Search(len(ix.sorted), func(i int) bool { return ix.terms[ix.sorted[i]] >= p })
		for i := lo; i < len(ix.sorted) && strings.HasPrefix(ix.terms[ix.sorted[i]], p); i++ {
			if id := ix.sorted[i]; !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > maxExpansions {
		// Keep the exact word first, then the most frequent expansions.
		slices.SortStableFunc(ids, func(a, b uint32) int {
			if ea, eb := ix.terms[a] == w, ix.terms[b] == w; ea != eb {
				if ea {
					return -1
				}
				return 1
			}
			return cmp.Compare(len(ix.postings[b]), len(ix.postings[a]))
		})
		ids = ids[:maxExpansions]
	}
	qt := refQueryTerm{ids: ids, weights: make([]float64, len(ids))}
	for i, id := range ids {
		qt.weights[i] = prefixWeight
		if ix.terms[id] == w {
			qt.weights[i] = 1
		}
	}
	return qt
}

// refCand is a candidate hit while a query runs.
type refCand struct {
	doc   uint32
	score float64
}

// matches returns every document matching qt with qt's score in it (the
// best of its index terms), in ascending doc order.
func (ix *refIndex) matches(qt refQueryTerm) []refCand {
	if len(qt.ids) == 1 {
		ps := ix.postings[qt.ids[0]]
		out := make([]refCand, len(ps))
		for i, p := range ps {
			out[i] = refCand{doc: p.doc, score: qt.weights[0] * ix.score(p, qt.idf[0])}
		}
		return out
	}
	if qt.df*8 >= len(ix.docs) {
		// Many postings: a dense array beats a map, and scanning it costs
		// no more than the postings already read.
		best := make([]float64, len(ix.docs))
		for i, id := range qt.ids {
			for _, p := range ix.postings[id] {
				if s := qt.weights[i] * ix.score(p, qt.idf[i]); s > best[p.doc] {
					best[p.doc] = s
				}
			}
		}
		var out []refCand
		for doc, s := range best {
			if s > 0 {
				out = append(out, refCand{doc: uint32(doc), score: s})
			}
		}
		return out
	}
	best := make(map[uint32]float64, qt.df)
	for i, id := range qt.ids {
		for _, p := range ix.postings[id] {
			if s := qt.weights[i] * ix.score(p, qt.idf[i]); s > best[p.doc] {
				best[p.doc] = s
			}
		}
	}
	out := make([]refCand, 0, len(best))
	for doc, s := range best {
		out = append(out, refCand{doc: doc, score: s})
	}
	slices.SortFunc(out, func(a, b refCand) int { return cmp.Compare(a.doc, b.doc) })
	return out
}

// termScore returns qt's score in doc and whether doc matches qt at all.
// cursor holds, per index term of qt, where the previous lookup ended; docs
// must be asked for in ascending order.
func (ix *refIndex) termScore(qt refQueryTerm, cursor []int, doc uint32) (float64, bool) {
	best, found := 0.0, false
	for i, id := range qt.ids {
		ps := ix.postings[id]
		j := refGallop(ps, cursor[i], doc)
		cursor[i] = j
		if j == len(ps) || ps[j].doc != doc {
			continue
		}
		found = true
		if s := qt.weights[i] * ix.score(ps[j], qt.idf[i]); s > best {
			best = s
		}
	}
	return best, found
}

// refGallop returns the first index i >= from with ps[i].doc >= doc, or len(ps),
// in time logarithmic in the distance skipped.
func refGallop(ps []posting, from int, doc uint32) int {
	if from >= len(ps) || ps[from].doc >= doc {
		return from
	}
	// ps[lo].doc < doc; find hi with ps[hi].doc >= doc by doubling steps.
	lo, step := from, 1
	hi := lo + step
	for hi < len(ps) && ps[hi].doc < doc {
		lo = hi
		step *= 2
		hi = lo + step
	}
	hi = min(hi, len(ps))
	j, _ := slices.BinarySearchFunc(ps[lo+1:hi], doc, func(p posting, d uint32) int { return cmp.Compare(p.doc, d) })
	return lo + 1 + j
}

// ranksBefore reports whether candidate a ranks before b: higher score, then
// newer date, then smaller ID.
func (ix *refIndex) ranksBefore(a, b refCand) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	da, db := &ix.docs[a.doc], &ix.docs[b.doc]
	if !da.date.Equal(db.date) {
		return da.date.After(db.date)
	}
	return da.id < db.id
}

// best returns the limit best candidates in rank order (all of them when
// limit <= 0), selecting with a bounded heap so that a query matching many
// documents does not sort them all.
func (ix *refIndex) best(cands []refCand, limit int) []refCand {
	order := func(a, b refCand) int {
		switch {
		case ix.ranksBefore(a, b):
			return -1
		case ix.ranksBefore(b, a):
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
	worse := func(i, j int) bool { return ix.ranksBefore(h[j], h[i]) }
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
		if ix.ranksBefore(c, h[0]) {
			h[0] = c
			down(0)
		}
	}
	slices.SortFunc(h, order)
	return h
}

// idf is the BM25 inverse document frequency of a term in df documents.
func (ix *refIndex) idf(df int) float64 {
	n := float64(len(ix.docs))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// score is the BM25F score of one term in one document.
func (ix *refIndex) score(p posting, idf float64) float64 {
	meta := &ix.docs[p.doc]
	tf := 0.0
	for fld := range numFields {
		if p.tf[fld] == 0 {
			continue
		}
		norm := 1.0
		if avg := ix.avgLen[fld]; avg > 0 {
			norm = 1 - fieldB[fld] + fieldB[fld]*float64(meta.lens[fld])/avg
		}
		tf += fieldWeight[fld] * float64(p.tf[fld]) / norm
	}
	return idf * tf * (k1 + 1) / (k1 + tf)
}

// refDocMeta is what the uncompressed index kept of a document.
type refDocMeta struct {
	id   string
	date time.Time
	lens [numFields]uint32 // terms per field
}

// refMemo caches a stemmer's results during one index build.
type refMemo struct {
	stem stemmer
	seen map[string]string
}

func (m *refMemo) term(w string) string {
	if m.stem == nil {
		return w
	}
	if t, ok := m.seen[w]; ok {
		return t
	}
	t := m.stem(w)
	if len(m.seen) < 1<<16 {
		m.seen[w] = t
	}
	return t
}

// joined matches the runs that are also indexed as one word: numbers with
// grouped digits and hyphenated words.
var joined = regexp.MustCompile(`\b\d{1,3}(?:[ \x{00A0}\x{202F}\x{2009},]\d{3})+\b|[\p{L}\p{N}]+(?:[-\x{2011}][\p{L}\p{N}]+)+`)

// refJoinedWords calls emit with each run of text that joined matches, its
// separators removed.
func refJoinedWords(text string, emit func(string)) {
	if !strings.ContainsAny(text, "-\u2011 \u00a0\u202f\u2009,") {
		return
	}
	for _, loc := range joined.FindAllStringIndex(text, -1) {
		emit(strings.Map(func(r rune) rune {
			switch r {
			case '-', '\u2011', ' ', '\u00a0', '\u202f', '\u2009', ',':
				return -1
			}
			return r
		}, text[loc[0]:loc[1]]))
	}
}
