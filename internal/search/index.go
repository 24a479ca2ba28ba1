// Package search is the reader site's full-text search: an in-memory inverted
// index over the texts published in one language, with Cyrillic-aware
// folding (ё = е, but ң ө ү distinct from н о у), BM25F ranking that weighs
// titles over leads over bodies, and result snippets.
//
// An Index is built once from a snapshot of the published texts and never
// changes; rebuild it when the set changes. Queries touch only the postings of
// their terms, never every document.
package search

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// Ranking parameters (BM25F).
const (
	k1 = 1.2
	// minPrefixRunes is the shortest last query term that also matches as a
	// prefix ("партн" finds "партнёрство").
	minPrefixRunes = 3
	// maxExpansions bounds how many index terms a prefix expands to; the most
	// frequent ones are kept.
	maxExpansions = 64
	// prefixWeight discounts a match by prefix against an exact match.
	prefixWeight = 0.7
	// maxQueryTerms bounds the distinct terms of a query that are used.
	maxQueryTerms = 32
)

// fieldWeight and fieldB are the BM25F weight and length normalisation of
// each field: title, lead, body.
var (
	fieldWeight = [numFields]float64{fieldTitle: 4, fieldLead: 2, fieldBody: 1}
	fieldB      = [numFields]float64{fieldTitle: 0.5, fieldLead: 0.75, fieldBody: 0.75}
)

const (
	fieldTitle = iota
	fieldLead
	fieldBody
	numFields
)

// Doc is a published text to index: one release in one language.
type Doc struct {
	ID    string
	Title string
	Lead  string
	Body  string // plain text; in Markdown, link URLs would become words too
	// Place is the dateline place; it is searched like the lead.
	Place string
	Date  time.Time
}

// Hit is a search result: the ID of a Doc and its relevance score (higher is
// better; only comparable within one query).
type Hit struct {
	ID    string
	Score float64
}

// docMeta is what the index keeps of a document.
type docMeta struct {
	id   string
	date time.Time
	lens [numFields]uint32 // terms per field
}

// posting records the occurrences of one term in one document.
type posting struct {
	doc uint32
	tf  [numFields]uint16
}

// Index is an immutable full-text index. It is safe for concurrent use by any
// number of readers.
type Index struct {
	an       analyzer
	docs     []docMeta
	avgLen   [numFields]float64
	termIDs  map[string]uint32
	terms    []string    // by term id
	sorted   []uint32    // term ids in term order, for prefix lookups
	postings [][]posting // by term id, in ascending doc order
}

// Build indexes docs without regard to their language: words are matched as
// they are folded. When several docs share an ID the last one wins. The docs
// are not retained.
func Build(docs []Doc) *Index { return BuildLang("", docs) }

// BuildLang indexes docs written in lang (a BCP 47 tag) with that language's
// word forms: Snowball stems for Russian and English, endings and prefixes
// for Kyrgyz (see the package's language support). Other languages are
// indexed as Build does.
func BuildLang(lang string, docs []Doc) *Index {
	last := make(map[string]int, len(docs))
	for i, d := range docs {
		last[d.ID] = i
	}
	ix := &Index{
		an:      analyzerFor(lang),
		docs:    make([]docMeta, 0, len(last)),
		termIDs: make(map[string]uint32),
	}
	f := newFolder()
	m := &memo{stem: ix.an.stem, seen: map[string]string{}}
	counts := make(map[string][numFields]uint16)
	var total [numFields]float64
	for i, d := range docs {
		if last[d.ID] != i {
			continue
		}
		clear(counts)
		meta := docMeta{id: d.ID, date: d.Date}
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
			joinedWords(text, func(w string) { f.scan(w, add) })
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
func (ix *Index) Len() int { return len(ix.docs) }

// queryTerm is one required term of a query: one or more index terms (several
// for a prefix), any of which satisfies it.
type queryTerm struct {
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
func (ix *Index) Search(query string, limit int) []Hit {
	words := Terms(query)
	if len(words) == 0 || len(ix.docs) == 0 {
		return nil
	}
	words = dedupe(words)
	qts := make([]queryTerm, 0, len(words))
	for i, w := range words {
		var qt queryTerm
		exact, prefixes := ix.an.query(w, i == len(words)-1)
		if len(prefixes) > 0 {
			qt = ix.prefixTerm(exact, prefixes)
		} else if id, ok := ix.termIDs[exact]; ok {
			qt = queryTerm{ids: []uint32{id}, weights: []float64{1}}
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
	slices.SortStableFunc(qts, func(a, b queryTerm) int { return cmp.Compare(a.df, b.df) })
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
func (ix *Index) prefixTerm(w string, prefixes []string) queryTerm {
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
	qt := queryTerm{ids: ids, weights: make([]float64, len(ids))}
	for i, id := range ids {
		qt.weights[i] = prefixWeight
		if ix.terms[id] == w {
			qt.weights[i] = 1
		}
	}
	return qt
}

// cand is a candidate hit while a query runs.
type cand struct {
	doc   uint32
	score float64
}

// matches returns every document matching qt with qt's score in it (the
// best of its index terms), in ascending doc order.
func (ix *Index) matches(qt queryTerm) []cand {
	if len(qt.ids) == 1 {
		ps := ix.postings[qt.ids[0]]
		out := make([]cand, len(ps))
		for i, p := range ps {
			out[i] = cand{doc: p.doc, score: qt.weights[0] * ix.score(p, qt.idf[0])}
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
		var out []cand
		for doc, s := range best {
			if s > 0 {
				out = append(out, cand{doc: uint32(doc), score: s})
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
	out := make([]cand, 0, len(best))
	for doc, s := range best {
		out = append(out, cand{doc: doc, score: s})
	}
	slices.SortFunc(out, func(a, b cand) int { return cmp.Compare(a.doc, b.doc) })
	return out
}

// termScore returns qt's score in doc and whether doc matches qt at all.
// cursor holds, per index term of qt, where the previous lookup ended; docs
// must be asked for in ascending order.
func (ix *Index) termScore(qt queryTerm, cursor []int, doc uint32) (float64, bool) {
	best, found := 0.0, false
	for i, id := range qt.ids {
		ps := ix.postings[id]
		j := gallop(ps, cursor[i], doc)
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

// gallop returns the first index i >= from with ps[i].doc >= doc, or len(ps),
// in time logarithmic in the distance skipped.
func gallop(ps []posting, from int, doc uint32) int {
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
func (ix *Index) ranksBefore(a, b cand) bool {
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
func (ix *Index) best(cands []cand, limit int) []cand {
	order := func(a, b cand) int {
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
func (ix *Index) idf(df int) float64 {
	n := float64(len(ix.docs))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// score is the BM25F score of one term in one document.
func (ix *Index) score(p posting, idf float64) float64 {
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

// dedupe drops repeated words, keeping the first occurrence of each, and
// keeps at most maxQueryTerms words.
func dedupe(words []string) []string {
	seen := make(map[string]bool, len(words))
	out := words[:0:0]
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
			if len(out) == maxQueryTerms {
				break
			}
		}
	}
	return out
}
