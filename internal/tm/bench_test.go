package tm

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// corpus makes n source segments of 8–60 words drawn from a Zipf-distributed
// vocabulary of 20,000 words, the way newsroom prose reuses common words.
func corpus(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	z := rand.NewZipf(r, 1.1, 1, 19_999)
	out := make([]string, n)
	var b strings.Builder
	for i := range out {
		b.Reset()
		for k := range 8 + r.IntN(53) {
			if k > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "w%d", z.Uint64())
		}
		b.WriteByte('.')
		out[i] = b.String()
	}
	return out
}

// BenchmarkLookupRelease measures the matches of a 12-paragraph release
// against 100,000 segments and reports the p95 per release (target ≤ 20 ms):
//
//	go test ./internal/tm/ -run '^$' -bench LookupRelease -benchtime 200x
func BenchmarkLookupRelease(b *testing.B) {
	segs := corpus(100_000, 1)
	m := New(Options{})
	entries := make([]Entry, len(segs))
	for i, s := range segs {
		entries[i] = Entry{SourceLang: "en", TargetLang: "ky", Source: s, Target: "т" + s, Kind: KindParagraph, Index: i % 12}
	}
	start := time.Now()
	m.Add("bench", entries)
	b.Logf("indexed %d segments in %v", len(segs), time.Since(start))
	r := rand.New(rand.NewPCG(2, 2))
	// Releases mix exact repeats, edited repeats and new text.
	release := func() newsroom.Content {
		var ps []string
		for k := range 12 {
			p := segs[r.IntN(len(segs))]
			switch k % 3 {
			case 1: // edited: replace two words
				ws := strings.Fields(p)
				ws[r.IntN(len(ws))], ws[r.IntN(len(ws))] = "changed", "words"
				p = strings.Join(ws, " ")
			case 2:
				p = corpus(1, r.Uint64())[0]
			}
			ps = append(ps, p)
		}
		return newsroom.Content{Title: "Title", Body: strings.Join(ps, "\n\n")}
	}
	var times []time.Duration
	for b.Loop() {
		c := release()
		t0 := time.Now()
		m.LookupRelease("en", "ky", c)
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	p95 := times[len(times)*95/100]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkFill measures adding the entries of 2,000 approved releases of
// 12 paragraphs (with their sentences) to an empty memory:
//
//	go test ./internal/tm/ -run '^$' -bench Fill -benchtime 3x
func BenchmarkFill(b *testing.B) {
	segs := corpus(24_000, 3)
	for b.Loop() {
		m := New(Options{})
		for rel := range 2000 {
			src := strings.Join(segs[rel*12:rel*12+12], "\n\n")
			es := Align(newsroom.Content{Title: "T", Body: src}, newsroom.Content{Title: "Т", Body: src})
			for i := range es {
				es[i].SourceLang, es[i].TargetLang = "en", "ky"
			}
			m.Replace(fmt.Sprintf("r%d/ky", rel), es)
		}
	}
}
