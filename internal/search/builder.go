package search

import (
	"math"
	"slices"
	"strings"
)

// Builder builds an Index from documents added one at a time, so that their
// texts need not all be in memory at once (a scan of a database, say): it
// keeps what the index keeps, and each distinct word of the texts once.
// BuildLang is a Builder fed from a slice. A Builder is not safe for
// concurrent use.
type Builder struct {
	an      analyzer
	ix      *Index          // the index being built
	ids     map[string]bool // the IDs added
	f       *folder
	words   map[string]int32 // folded word → its term's index in tbs
	termIDs map[string]int32 // term → its index in tbs
	terms   []string
	tbs     []termBuilder
	touched []int32 // terms of the current document
}

// termBuilder is one term of a Builder.
type termBuilder struct {
	w   postingWriter
	tf  [numFields]uint16 // in the current document
	doc int64             // the document tf counts for, -1 before any
}

// NewBuilder returns a Builder of an index of texts in lang, which BuildLang
// describes.
func NewBuilder(lang string) *Builder {
	an := analyzerFor(lang)
	return &Builder{
		an: an, ix: &Index{an: an}, ids: map[string]bool{},
		f: newFolder(), words: map[string]int32{}, termIDs: map[string]int32{},
	}
}

// Add indexes d, unless a document with its ID was added before: then it
// does nothing and returns false. Its time is linear in the size of d's
// texts, which are not retained. Add panics after Index.
func (b *Builder) Add(d Doc) bool {
	if b.ix == nil {
		panic("search: Builder.Add after Index")
	}
	if b.ids[d.ID] {
		return false
	}
	b.ids[d.ID] = true
	var lens [numFields]uint32
	b.addDoc(uint32(len(b.ix.docs)), [numFields][]string{
		fieldTitle: {d.Title},
		fieldLead:  {d.Lead, "\n", d.Place},
		fieldBody:  {d.Body},
	}, &lens)
	for fld, n := range lens {
		b.ix.total[fld] += float64(n)
	}
	b.ix.docs = append(b.ix.docs, docMeta{id: d.ID, date: d.Date})
	b.ix.lens = append(b.ix.lens, lens)
	return true
}

// Len returns the number of documents added.
func (b *Builder) Len() int { return len(b.ix.docs) }

// Index returns the index of the documents added. The Builder is spent:
// it must not be used again.
func (b *Builder) Index() *Index {
	ix := b.ix
	if ix == nil {
		panic("search: Builder.Index called twice")
	}
	b.finish(ix)
	if cap(ix.docs)-len(ix.docs) > len(ix.docs)/8 {
		// Drop append's spare room.
		ix.docs, ix.lens = slices.Clone(ix.docs), slices.Clone(ix.lens)
	}
	*b = Builder{}
	return ix
}

// addDoc indexes the texts of each field of document doc, counting the
// terms of each field into lens.
func (b *Builder) addDoc(doc uint32, fields [numFields][]string, lens *[numFields]uint32) {
	b.touched = b.touched[:0]
	for fld, texts := range fields {
		add := func(word []byte) {
			id, ok := b.words[string(word)]
			if !ok {
				id = b.termOf(string(word))
			}
			tb := &b.tbs[id]
			if tb.doc != int64(doc) {
				tb.doc = int64(doc)
				tb.tf = [numFields]uint16{}
				b.touched = append(b.touched, id)
			}
			if tb.tf[fld] < math.MaxUint16 {
				tb.tf[fld]++
			}
			lens[fld]++
		}
		text := texts[0]
		if len(texts) > 1 {
			text = strings.Join(texts, "")
		}
		b.f.scan(text, add)
		joinedWords(text, func(w string) { b.f.scan(w, add) })
	}
	for _, id := range b.touched {
		tb := &b.tbs[id]
		tb.w.add(doc, tb.tf)
	}
}

// termOf returns the index in tbs of the term of a folded word not seen
// before, adding the term when it is new.
func (b *Builder) termOf(word string) int32 {
	t := word
	if b.an.stem != nil {
		t = b.an.stem(word)
	}
	id, ok := b.termIDs[t]
	if !ok {
		id = int32(len(b.tbs))
		b.termIDs[t] = id
		b.terms = append(b.terms, t)
		b.tbs = append(b.tbs, termBuilder{doc: -1})
	}
	b.words[word] = id
	return id
}

// finish moves the Builder's terms and postings into ix, in term order.
func (b *Builder) finish(ix *Index) {
	order := make([]int32, len(b.terms))
	textLen, dataLen, skipLen := 0, 0, 0
	for i := range order {
		order[i] = int32(i)
		textLen += len(b.terms[i])
		dataLen += len(b.tbs[i].w.data)
		skipLen += len(b.tbs[i].w.skips)
	}
	if textLen > math.MaxUint32 || dataLen > math.MaxUint32 || skipLen > math.MaxUint32 {
		panic("search: index too large")
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(b.terms[x], b.terms[y]) })
	var text strings.Builder
	text.Grow(textLen)
	ix.terms = make([]termInfo, len(order))
	ix.data = make([]byte, 0, dataLen)
	ix.skips = make([]skipEntry, 0, skipLen)
	for i, id := range order {
		text.WriteString(b.terms[id])
		w := &b.tbs[id].w
		ix.data = append(ix.data, w.data...)
		ix.skips = append(ix.skips, w.skips...)
		ix.terms[i] = termInfo{textEnd: uint32(text.Len()), postEnd: uint32(len(ix.data)), skipEnd: uint32(len(ix.skips)), df: w.n}
		*w = postingWriter{}
	}
	ix.text = text.String()
}
