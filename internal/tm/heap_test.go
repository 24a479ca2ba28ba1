package tm

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkMemoryHeap builds a memory of 100,000 segments (the corpus of
// BenchmarkLookupRelease: 8–60 words, about 145 bytes of source and as much
// target) and reports what it keeps in memory per segment — Go heap plus the
// chunks mapped outside it — as measured and as the index counts it, the
// two parts in MB, and the texts, which go to the scratch file:
//
//	go test ./internal/tm/ -run '^$' -bench MemoryHeap -benchtime 1x
func BenchmarkMemoryHeap(b *testing.B) {
	segs := corpus(100_000, 1)
	text := 0
	entries := make([]Entry, len(segs))
	for i, s := range segs {
		entries[i] = Entry{SourceLang: "en", TargetLang: "ky", Source: s, Target: "т" + s, Kind: KindParagraph, Index: i % 12, ReleaseID: "r", Author: "A"}
		text += 2*len(s) + 2
	}
	for b.Loop() {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		m := New(Options{})
		for k := 0; k < len(entries); k += 1000 {
			// Fresh strings per batch, as the store decodes them: a memory
			// that keeps them is charged for them.
			batch := make([]Entry, 1000)
			for i, e := range entries[k : k+1000] {
				e.Source, e.Target = strings.Clone(e.Source), strings.Clone(e.Target)
				batch[i] = e
			}
			m.Add("batch"+strconv.Itoa(k/1000), batch)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		heap := float64(int64(ms.HeapAlloc) - int64(before))
		arenas := m.dict.size() // mapped outside the Go heap on unix
		var disk int64
		for _, ix := range m.pairs {
			arenas += ix.offHeapSize()
			disk += ix.text.fileSize()
		}
		per := (heap + float64(arenas)) / float64(len(segs))
		b.ReportMetric(per, "B/segment")
		b.ReportMetric(float64(text)/float64(len(segs)), "text-B/segment")
		b.ReportMetric(heap/(1<<20), "heap-MB")
		b.ReportMetric(float64(arenas)/(1<<20), "arena-MB")
		b.ReportMetric(float64(disk)/(1<<20), "text-file-MB")
		b.ReportMetric(float64(m.ramSize())/float64(len(segs)), "counted-B/segment")
		runtime.KeepAlive(m)
	}
}
