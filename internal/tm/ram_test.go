package tm

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// tmxLike returns a unit like those of BenchmarkImportTMX250k: 80 bytes of
// English, 150 of Kyrgyz, two numbers of its own.
func tmxLike(i int) Entry {
	return Entry{SourceLang: "en", TargetLang: "ky", Kind: KindUnit, Index: i + 1, Author: "bench", Origin: "tmx",
		Source: fmt.Sprintf("Sentence %d of the archive: UNHCR helped %d refugees in Osh and Bishkek this year.", i, i*7),
		Target: fmt.Sprintf("Архивдин %d-сүйлөмү: БУУнун агенттиги быйыл Ош менен Бишкекте %d качкынга жардам берди.", i, i*7)}
}

func TestAMemoryOfImportedUnitsKeepsTheirTextsOutOfMemoryAndUnder200BytesPerUnit(t *testing.T) {
	const n = 40_000
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap0 := ms.HeapAlloc
	m := New(Options{})
	text := 0
	for k := 0; k < n; k += 250 {
		batch := make([]Entry, 0, 250)
		for i := k; i < k+250; i++ {
			e := tmxLike(i)
			text += len(e.Source) + len(e.Target)
			batch = append(batch, e)
		}
		m.Stage("import/x/"+strconv.Itoa(k/250), batch)
	}
	ix := m.pairs[pairKey("en", "ky")]
	// Counted by the index: what it holds in memory, texts excluded.
	if per := m.ramSize() / n; per > 200 {
		t.Errorf("the memory holds %d B per unit of %d B of text, want at most 200", per, text/n)
	}
	if ram := ix.text.ramSize(); ram > 3<<textBits {
		t.Errorf("%d bytes of the %d of text are held in memory", ram, text)
	}
	if ix.text.fileSize() < int64(text)-3<<textBits {
		t.Errorf("only %d of %d bytes of text went to the file", ix.text.fileSize(), text)
	}
	if c := newChunk[byte](1); c.mem != nil { // the chunks are outside the heap here
		c.free()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if per := (int64(ms.HeapAlloc) - int64(heap0)) / n; per > 32 {
			t.Errorf("the Go heap grew by %d B per unit, want at most 32", per)
		}
	}
	m.Reveal()
	for k := range n / 250 {
		m.Reveal("import/x/" + strconv.Itoa(k))
	}
	if ms := m.Lookup("en", "ky", tmxLike(n-1).Source); len(ms) != 1 || ms[0].Score != 100 || ms[0].Entry.Target != tmxLike(n-1).Target {
		t.Errorf("exact lookup of the last unit = %+v", ms)
	}
	runtime.KeepAlive(m)
}

// texts returns entries whose texts straddle the chunks of a small text
// store: empty, multi-byte, longer than a chunk.
func oddTexts() []Entry {
	var out []Entry
	for i := range 300 {
		src := fmt.Sprintf("Paragraph %d says %s.", i, strings.Repeat("ok ", i%7))
		tgt := fmt.Sprintf("Абзац %d: %s.", i, strings.Repeat("ң ө ү ", i%11))
		switch i % 50 {
		case 7:
			tgt = ""
		case 9:
			src = strings.Repeat("long source words ", 40)
		}
		out = append(out, Entry{SourceLang: "en", TargetLang: "ky", Source: src, Target: tgt, Kind: KindParagraph, Index: i})
	}
	return out
}

func TestTextsReadBackTheSameFromTheScratchFileAndWhenNoFileCanBeMade(t *testing.T) {
	fill := func(m *Memory) {
		es := oddTexts()
		for k := 0; k < len(es); k += 30 {
			m.Replace("r"+strconv.Itoa(k), es[k:k+30])
		}
		// Replacing most of it compacts the pair into a new store.
		m.Replace("r0", es[:30])
	}
	check := func(t *testing.T, m *Memory) {
		t.Helper()
		got := m.Entries("en", "ky")
		want := oddTexts()
		if len(got) != len(want) {
			t.Fatalf("%d entries, want %d", len(got), len(want))
		}
		for _, w := range want {
			ms := m.Lookup("en", "ky", w.Source)
			if len(ms) == 0 || ms[0].Score != 100 || ms[0].Entry.Source != w.Source {
				t.Fatalf("lookup %q = %+v", w.Source, ms)
			}
		}
		seen := map[string]bool{}
		for _, e := range got {
			seen[e.Source+"\x00"+e.Target] = true
		}
		for _, w := range want {
			if !seen[w.Source+"\x00"+w.Target] {
				t.Fatalf("entry %q → %q lost", w.Source, w.Target)
			}
		}
	}
	t.Run("in a scratch file", func(t *testing.T) {
		m := New(Options{})
		m.textFlushAt, m.textBits = 64, 5
		fill(m)
		if ix := m.pairs[pairKey("en", "ky")]; ix.text.f == nil || ix.text.fileSize() == 0 {
			t.Fatal("no text went to a file")
		}
		check(t, m)
	})
	t.Run("in memory when no file can be made", func(t *testing.T) {
		defer func(f func() (*os.File, error)) { scratchFile = f }(scratchFile)
		scratchFile = func() (*os.File, error) { return nil, errors.New("no room") }
		m := New(Options{})
		m.textFlushAt, m.textBits = 64, 5
		fill(m)
		if ix := m.pairs[pairKey("en", "ky")]; ix.text.f != nil || !ix.text.failed {
			t.Fatal("a file was made")
		}
		check(t, m)
	})
}

func TestTheScratchFileIsUnlinkedAndClosedWhenCompactionReplacesIt(t *testing.T) {
	m := New(Options{})
	m.textFlushAt, m.textBits = 64, 6
	for i := range 10_000 {
		m.Replace("r"+strconv.Itoa(i%2500), []Entry{{SourceLang: "en", TargetLang: "ky", Source: "Paragraph " + strconv.Itoa(i), Target: "Абзац"}})
		if i == 100 {
			f := m.pairs[pairKey("en", "ky")].text.f
			if f == nil {
				t.Fatal("no scratch file")
			}
			if link, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(int(f.Fd()))); err == nil && !strings.HasSuffix(link, "(deleted)") {
				t.Errorf("the scratch file has a name: %s", link)
			}
			defer func() {
				if _, err := f.ReadAt(make([]byte, 1), 0); !errors.Is(err, os.ErrClosed) {
					t.Errorf("the replaced scratch file is still open: %v", err)
				}
			}()
		}
	}
	if ms := m.Lookup("en", "ky", "Paragraph 9999"); len(ms) != 1 || ms[0].Entry.Target != "Абзац" {
		t.Errorf("after compaction: %+v", ms)
	}
}

func TestLookupsRunWhileTheMemoryGrowsFlushesAndCompacts(t *testing.T) {
	m := New(Options{})
	m.textFlushAt, m.textBits = 64, 6
	done := make(chan struct{})
	errs := make(chan string, 4)
	for range 2 {
		go func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					errs <- ""
					return
				default:
				}
				for _, mt := range m.Lookup("en", "ky", "Paragraph "+strconv.Itoa(i%500)+" of the archive.") {
					if mt.Score == 100 && !strings.HasPrefix(mt.Entry.Target, "Абзац "+strconv.Itoa(i%500)+",") {
						errs <- fmt.Sprintf("exact match %q for paragraph %d", mt.Entry.Target, i%500)
						return
					}
				}
			}
		}()
	}
	for i := range 6000 {
		m.Replace("r"+strconv.Itoa(i%500), []Entry{{SourceLang: "en", TargetLang: "ky", Kind: KindParagraph,
			Source: "Paragraph " + strconv.Itoa(i%500) + " of the archive.", Target: "Абзац " + strconv.Itoa(i%500) + ", котормо " + strconv.Itoa(i) + "."}})
	}
	close(done)
	for range 2 {
		if e := <-errs; e != "" {
			t.Fatal(e)
		}
	}
	if n := m.pairs[pairKey("en", "ky")].segs.len(); n >= 6000 {
		t.Errorf("%d segment records for 500 live ones: the test never compacted", n)
	}
}

func TestASegmentWithoutWordsIsStoredAndFoundEvenWhenItsWordsChunkIsFull(t *testing.T) {
	var b blobs
	b.alloc(1<<blobBits - 1) // fills the first chunk (its byte 0 names none)
	if ref, dst := b.alloc(0); ref != 0 || len(dst) != 0 || b.rest(ref) != nil {
		t.Fatalf("an empty blob after a full chunk: ref %#x", ref)
	}
	b.free()
	m := New(Options{})
	m.Add("r", []Entry{
		{SourceLang: "en", TargetLang: "ky", Source: "!!!", Target: "!!!", Kind: KindParagraph},
		{SourceLang: "en", TargetLang: "ky", Source: "Words here.", Target: "Сөздөр.", Kind: KindParagraph},
		{SourceLang: "en", TargetLang: "ky", Source: "— …", Target: "— …", Kind: KindParagraph},
	})
	for _, src := range []string{"!!!", "— …", "Words here."} {
		if ms := m.Lookup("en", "ky", src); len(ms) != 1 || ms[0].Score != 100 || ms[0].Entry.Source != src {
			t.Errorf("lookup %q = %+v", src, ms)
		}
	}
}
