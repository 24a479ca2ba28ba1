package sz

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader"
	"github.com/kotormo/kotormo/internal/reader/readertest"
	"github.com/kotormo/kotormo/locales"
)

func TestSize(t *testing.T) {
	n := 2000
	langs := newsroom.MustLanguages("en,ru,ky")
	src := readertest.NewSource(readertest.Generate(n, langs.Codes())...)
	cat, _ := i18n.New(locales.FS, langs.Codes())
	site, _ := reader.New(reader.Config{Langs: langs, Source: src, Catalog: cat, BaseURL: "http://127.0.0.1"})
	runtime.GC()
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f2, _ := os.Create("/tmp/cpu.prof"); pprof.StartCPUProfile(f2); t0 := time.Now()
	if err := site.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	d := time.Since(t0); pprof.StopCPUProfile(); f2.Close()
	runtime.GC()
	runtime.ReadMemStats(&b)
	t.Logf("load %v, site heap %d MB (total %d MB)", d, (int64(b.HeapAlloc)-int64(a.HeapAlloc))>>20, b.HeapAlloc>>20)
	f, _ := os.Create("/tmp/heap.prof")
	pprof.WriteHeapProfile(f)
	f.Close()
	runtime.KeepAlive(site)
}
