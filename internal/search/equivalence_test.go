package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/kotormo/kotormo/internal/reader/readertest"
)

// generated returns the first n releases of the reader's generated archive
// in lang, as documents.
func generated(n int, lang string) []Doc {
	var docs []Doc
	for _, p := range readertest.Generate(n, []string{lang}) {
		docs = append(docs, Doc{ID: p.ReleaseID, Title: p.Content.Title, Lead: p.Content.Lead, Body: p.Content.Body, Place: p.Place, Date: p.Date})
	}
	return docs
}

// sampleQueries returns queries readers might type about docs,
// deterministically: single words, two and three words of one document
// (which match it), words of two documents (which may match nothing), the
// beginnings of words (prefix matches), numbers and hyphenated words.
func sampleQueries(docs []Doc, n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	words := func() []string {
		d := docs[rng.IntN(len(docs))]
		return strings.Fields(d.Title + " " + d.Lead + " " + d.Place + " " + d.Body)
	}
	word := func() string {
		ws := words()
		return strings.Trim(ws[rng.IntN(len(ws))], ".,:;«»\"()*#")
	}
	prefix := func() string {
		r := []rune(word())
		return string(r[:min(len(r), 3+rng.IntN(3))])
	}
	var out []string
	for len(out) < n {
		switch rng.IntN(7) {
		case 0:
			out = append(out, word())
		case 1:
			ws := words()
			i := rng.IntN(len(ws))
			out = append(out, strings.Join(ws[i:min(len(ws), i+2+rng.IntN(2))], " "))
		case 2:
			out = append(out, word()+" "+word())
		case 3:
			out = append(out, prefix())
		case 4:
			out = append(out, word()+" "+prefix())
		case 5:
			ws := words()
			i := rng.IntN(len(ws))
			out = append(out, strings.Join(ws[i:min(len(ws), i+4)], " "))
		default:
			out = append(out, fmt.Sprintf("%d %03d", 1+rng.IntN(99), rng.IntN(1000)))
		}
	}
	return out
}

type equivalenceCorpus struct {
	name, lang string
	docs       []Doc
	ref        *refIndex
	ix         *Index
}

// equivalenceCorpora returns the corpora the compact index is compared on,
// with both indexes of each, built once for every test that asks.
var equivalenceCorpora = sync.OnceValue(func() []equivalenceCorpus {
	cs := []equivalenceCorpus{
		{name: "generated ky", lang: "ky", docs: generated(1500, "ky")},
		{name: "generated ru", lang: "ru", docs: generated(1500, "ru")},
		{name: "generated en", lang: "en", docs: generated(1500, "en")},
		{name: "zipf words", docs: corpus(1500, 200, 3)},
		{name: "small ky", lang: "ky", docs: kyCorpus},
		{name: "small ru", lang: "ru", docs: ruCorpus},
		{name: "small en", lang: "en", docs: enCorpus},
	}
	for i := range cs {
		cs[i].ref, cs[i].ix = refBuildLang(cs[i].lang, cs[i].docs), BuildLang(cs[i].lang, cs[i].docs)
	}
	return cs
})

func TestCompactIndexFindsWhatTheUncompressedIndexFound(t *testing.T) {
	for _, c := range equivalenceCorpora() {
		t.Run(c.name, func(t *testing.T) {
			ref, ix := c.ref, c.ix
			queries := sampleQueries(c.docs, 400, 1)
			if c.lang == "ky" {
				queries = append(queries, kyQueries[0].query, "мектеп", "кы", "жаңы мекте")
			}
			hits := 0
			for _, q := range queries {
				for _, limit := range []int{10, 0} {
					want, got := ref.Search(q, limit), ix.Search(q, limit)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("Search(%q, %d) = %v, the uncompressed index found %v", q, limit, got, want)
					}
					hits += len(got)
				}
			}
			if hits == 0 {
				t.Fatal("no query found anything: the comparison shows nothing")
			}
		})
	}
}
