package search

import (
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// refBytes returns a lower bound of the heap bytes of the uncompressed
// index: its postings, slices and strings, without the map's buckets.
func refBytes(ix *refIndex) int {
	n := int(unsafe.Sizeof(*ix)) + cap(ix.docs)*int(unsafe.Sizeof(docMeta{})) +
		cap(ix.terms)*int(unsafe.Sizeof("")) + cap(ix.sorted)*4 +
		cap(ix.postings)*int(unsafe.Sizeof([]posting{})) +
		len(ix.termIDs)*(int(unsafe.Sizeof(""))+4)
	for _, d := range ix.docs {
		n += len(d.id)
	}
	for _, t := range ix.terms {
		n += len(t)
	}
	for _, p := range ix.postings {
		n += cap(p) * int(unsafe.Sizeof(posting{}))
	}
	return n
}

func TestCompactIndexTakesAtMostTwoFifthsOfTheUncompressedBytes(t *testing.T) {
	for _, c := range equivalenceCorpora() {
		if len(c.docs) < 1000 {
			continue // tiny indexes are mostly fixed costs
		}
		t.Run(c.name, func(t *testing.T) {
			if got, ref := c.ix.Bytes(), refBytes(c.ref); got*5 > ref*2 {
				t.Errorf("the index of %d documents takes %d bytes, more than 40%% of the uncompressed index's %d", len(c.docs), got, ref)
			}
		})
	}
}

// cpuTime returns the CPU time the process has used, in user and system
// mode: on a busy machine it varies less than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapOf returns the heap bytes that build's result keeps alive.
func heapOf(build func() any) (any, int64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return v, int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// BenchmarkBuildLang builds the index of 10,000 generated releases in each
// language, with the compact index ("new") and with the uncompressed one it
// replaced ("old"), and reports the CPU time the build takes (cpu-ms/op,
// steadier than ns/op on a busy machine), the heap the index keeps
// (heap-B), what Bytes reports (index-B) and the bytes per posting:
//
//	go test ./internal/search/ -run '^$' -bench BuildLang -benchtime 1x
func BenchmarkBuildLang(b *testing.B) {
	for _, lang := range []string{"ky", "ru", "en"} {
		docs := generated(10_000, lang)
		b.Run(lang+"/new", func(b *testing.B) {
			var ix *Index
			var heap int64
			var cpu time.Duration
			for b.Loop() {
				v, h := heapOf(func() any {
					start := cpuTime()
					defer func() { cpu += cpuTime() - start }()
					return BuildLang(lang, docs)
				})
				ix, heap = v.(*Index), h
			}
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
			postings := 0
			for _, t := range ix.terms {
				postings += int(t.df)
			}
			b.ReportMetric(float64(heap), "heap-B")
			b.ReportMetric(float64(ix.Bytes()), "index-B")
			b.ReportMetric(float64(len(ix.data)+len(ix.skips)*8)/float64(postings), "B/posting")
			b.ReportMetric(float64(len(ix.terms)), "terms")
		})
		b.Run(lang+"/old", func(b *testing.B) {
			var ix *refIndex
			var heap int64
			var cpu time.Duration
			for b.Loop() {
				v, h := heapOf(func() any {
					start := cpuTime()
					defer func() { cpu += cpuTime() - start }()
					return refBuildLang(lang, docs)
				})
				ix, heap = v.(*refIndex), h
			}
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(heap), "heap-B")
			b.ReportMetric(float64(refBytes(ix)), "index-B")
			b.ReportMetric(float64(len(ix.terms)), "terms")
		})
	}
}

// BenchmarkSearchAgainstUncompressed runs BenchmarkSearch's queries on the
// compact index and on the uncompressed one it replaced, built from the
// same documents:
//
//	go test ./internal/search/ -run '^$' -bench SearchAgainstUncompressed
func BenchmarkSearchAgainstUncompressed(b *testing.B) {
	docs := corpus(10_000, 700, 42)
	ix, ref := Build(docs), refBuildLang("", docs)
	rare := ""
	for _, w := range Terms(docs[123].Body) {
		if rare == "" || docFreq(ix, w) < docFreq(ix, rare) {
			rare = w
		}
	}
	queries := []struct{ name, q string }{
		{"rare word", rare},
		{"two words", strings.Join(Terms(docs[77].Title)[:2], " ")},
		{"common word", Terms(docs[5].Body)[0]},
		{"prefix", string([]rune(Terms(docs[9].Title)[0])[:3])},
	}
	for _, q := range queries {
		b.Run(q.name+"/new", func(b *testing.B) {
			for b.Loop() {
				ix.Search(q.q, 10)
			}
		})
		b.Run(q.name+"/old", func(b *testing.B) {
			for b.Loop() {
				ref.Search(q.q, 10)
			}
		})
	}
}
