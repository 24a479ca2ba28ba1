package tm

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// BenchmarkLookupReleaseSentences is BenchmarkLookupRelease with paragraphs
// of four sentences: the memory holds 20,000 paragraphs and their 80,000
// sentences (100,000 segments), and a third of each release's paragraphs
// are exact, a third mix two remembered sentences with two new ones (they
// get sentence matches), a third are new (every sentence is looked up):
//
//	go test ./internal/tm/ -run '^$' -bench LookupReleaseSentences -benchtime 200x
func BenchmarkLookupReleaseSentences(b *testing.B) {
	// Sentences of 8–20 words, capitalised (UAX #29 does not end a
	// sentence before a lower-case word).
	sentence := func(s string, i int) string {
		if ws := strings.Fields(s); len(ws) > 20 {
			s = strings.Join(ws[:8+i%13], " ") + "."
		}
		return "W" + s[1:]
	}
	sents := corpus(80_000, 5)
	for i, s := range sents {
		sents[i] = sentence(s, i)
	}
	m := New(Options{})
	var paras []string
	var es []Entry
	for p := range 20_000 {
		four := sents[p*4 : p*4+4]
		para := strings.Join(four, " ")
		paras = append(paras, para)
		es = append(es, Entry{SourceLang: "en", TargetLang: "ky", Source: para, Target: "т " + para, Kind: KindParagraph, Index: p % 12})
		for _, s := range four {
			es = append(es, Entry{SourceLang: "en", TargetLang: "ky", Source: s, Target: "т " + s, Kind: KindSentence, Index: p % 12})
		}
	}
	m.Add("bench", es)
	r := rand.New(rand.NewPCG(6, 6))
	fresh := func() string { return sentence(corpus(1, r.Uint64())[0], r.IntN(13)) }
	release := func() newsroom.Content {
		var ps []string
		for k := range 12 {
			var p string
			switch k % 3 {
			case 0:
				p = paras[r.IntN(len(paras))]
			case 1:
				p = strings.Join([]string{sents[r.IntN(len(sents))], fresh(), sents[r.IntN(len(sents))], fresh()}, " ")
			case 2:
				p = strings.Join([]string{fresh(), fresh(), fresh(), fresh()}, " ")
			}
			ps = append(ps, p)
		}
		return newsroom.Content{Title: "Title", Body: strings.Join(ps, "\n\n")}
	}
	var times []time.Duration
	sentenceMatches := 0
	for b.Loop() {
		c := release()
		t0 := time.Now()
		segs := m.LookupRelease("en", "ky", c)
		times = append(times, time.Since(t0))
		for _, s := range segs {
			for _, mt := range s.Matches {
				if mt.Unit == UnitSentence {
					sentenceMatches++
				}
			}
		}
	}
	if sentenceMatches == 0 {
		b.Fatal("no sentence matches")
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}
