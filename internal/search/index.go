// Package search is the reader site's full-text search: an in-memory inverted
// index over the texts published in one language, with Cyrillic-aware
// folding (ё = е, but ң ө ү distinct from н о у), BM25F ranking that weighs
// titles over leads over bodies, and result snippets.
//
// An Index is built once from a snapshot of the published texts and never
// changes; rebuild it when the set changes, or search a large, rarely rebuilt
// index and a small one of the recent changes together (SearchSegments).
// Queries touch only the postings of their terms, never every document.
package search

import (
	"time"
	"unsafe"
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
}

// posting records the occurrences of one term in one document, as decoded
// from a term's postings.
type posting struct {
	doc uint32
	tf  [numFields]uint16
}

// termInfo locates one term of an index: its text ends at textEnd in
// Index.text, its postings at postEnd in Index.data, its skip entries at
// skipEnd in Index.skips; each starts where the previous term's ends.
type termInfo struct {
	textEnd uint32
	postEnd uint32
	skipEnd uint32
	df      uint32 // documents containing the term
}

// Index is an immutable full-text index. It is safe for concurrent use by any
// number of readers.
//
// Its terms are kept in term order, concatenated, with 16 bytes of
// bookkeeping each; their postings are compressed (see the postings codec:
// about 2 to 3 bytes per term per document), and each document costs 52
// bytes plus its ID. Bytes reports the total: at 10,000 releases of the
// reader's generated archive, 5.5 to 6.3 MB per language, against 31 to
// 37 MB uncompressed (BenchmarkBuildLang).
type Index struct {
	an    analyzer
	docs  []docMeta
	lens  [][numFields]uint32 // terms per field, by doc: apart from docs, so that scoring reads little memory
	total [numFields]float64  // sum of the field lengths over docs
	text  string              // every term, in term order, concatenated
	terms []termInfo          // by term id; term ids are in term order
	data  []byte              // every term's postings
	skips []skipEntry         // every term's skip entries
}

// Build indexes docs without regard to their language: words are matched as
// they are folded. When several docs share an ID the last one wins. The docs
// are not retained, but their IDs are.
func Build(docs []Doc) *Index { return BuildLang("", docs) }

// BuildLang indexes docs written in lang (a BCP 47 tag) with that language's
// word forms: Snowball stems for Russian and English, endings and prefixes
// for Kyrgyz (see the package's language support). Other languages are
// indexed as Build does. Its time is linear in the size of the texts; while
// it runs it holds each distinct word of the texts once, besides the index.
// The index's postings must stay under 4 GB (hundreds of millions of
// postings); BuildLang panics beyond.
func BuildLang(lang string, docs []Doc) *Index {
	last := make(map[string]int, len(docs))
	for i, d := range docs {
		last[d.ID] = i
	}
	b := NewBuilder(lang)
	b.ix.docs = make([]docMeta, 0, len(last))
	b.ix.lens = make([][numFields]uint32, 0, len(last))
	for i, d := range docs {
		if last[d.ID] == i {
			b.Add(d)
		}
	}
	return b.Index()
}

// Len returns the number of indexed documents.
func (ix *Index) Len() int { return len(ix.docs) }

// Bytes returns the heap bytes the index holds: its postings, terms and
// document metadata, document IDs included.
func (ix *Index) Bytes() int {
	n := int(unsafe.Sizeof(*ix)) + len(ix.text) + cap(ix.data) +
		cap(ix.terms)*int(unsafe.Sizeof(termInfo{})) +
		cap(ix.skips)*int(unsafe.Sizeof(skipEntry{})) +
		cap(ix.docs)*int(unsafe.Sizeof(docMeta{})) +
		cap(ix.lens)*int(unsafe.Sizeof([numFields]uint32{}))
	for i := range ix.docs {
		n += len(ix.docs[i].id)
	}
	return n
}

// term returns the text of term id.
func (ix *Index) term(id int) string {
	start := uint32(0)
	if id > 0 {
		start = ix.terms[id-1].textEnd
	}
	return ix.text[start:ix.terms[id].textEnd]
}

// lookup returns the id of term t, if the index has it.
func (ix *Index) lookup(t string) (int, bool) {
	id := ix.prefixStart(t)
	return id, id < len(ix.terms) && ix.term(id) == t
}

// prefixStart returns the first term id whose term is not below p in term
// order: the first term that begins with p, if any does.
func (ix *Index) prefixStart(p string) int {
	lo, hi := 0, len(ix.terms)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ix.term(mid) < p {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// postings returns the postings of term id.
func (ix *Index) postings(id int) postingList {
	var post, skip uint32
	if id > 0 {
		post, skip = ix.terms[id-1].postEnd, ix.terms[id-1].skipEnd
	}
	t := ix.terms[id]
	return postingList{data: ix.data[post:t.postEnd], skips: ix.skips[skip:t.skipEnd], n: int(t.df)}
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
