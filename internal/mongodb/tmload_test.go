package mongodb_test

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// BenchmarkLoadMemoryAfterTMX50k measures what a server starting over a
// memory of 50,000 imported units spends to load it (the import is not
// timed): the time and the peak resident memory added:
//
//	go test ./internal/mongodb/ -run '^$' -bench LoadMemoryAfterTMX50k -benchtime 1x
func BenchmarkLoadMemoryAfterTMX50k(b *testing.B) {
	db, langs := imported50k(b)
	for b.Loop() {
		runtime.GC()
		before := procStatus("VmRSS")
		_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // reset the peak (Linux)
		t0 := time.Now()
		s2 := mongodb.NewStore(db, mongodb.Options{Langs: langs})
		if err := s2.LoadMemory(context.Background()); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		if n := s2.Memory().Len("en", "ky"); n != 50_000 {
			b.Fatalf("loaded %d entries", n)
		}
		b.ReportMetric(d.Seconds(), "s")
		b.ReportMetric(float64(procStatus("VmHWM")-before)/1024, "peak-added-MB")
	}
}

// BenchmarkExportTMX50k measures exporting a memory of 50,000 imported
// units as TMX (the import is not timed): the time and the peak resident
// memory added:
//
//	go test ./internal/mongodb/ -run '^$' -bench ExportTMX50k -benchtime 1x
func BenchmarkExportTMX50k(b *testing.B) {
	db, langs := imported50k(b)
	s := mongodb.NewStore(db, mongodb.Options{Langs: langs})
	for b.Loop() {
		runtime.GC()
		before := procStatus("VmRSS")
		_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
		t0 := time.Now()
		var n countingWriter
		if err := s.ExportTMX(context.Background(), "en", "ky", &n); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t0).Seconds(), "s")
		b.ReportMetric(float64(procStatus("VmHWM")-before)/1024, "peak-added-MB")
		b.ReportMetric(float64(n)/1e6, "out-MB")
	}
}

type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// imported50k returns a database holding an import of 50,000 units.
func imported50k(b *testing.B) (*mongodb.DB, newsroom.Languages) {
	path := writeTMX(b, 50_000)
	db := mongotest.DB(b)
	langs := newsroom.MustLanguages("en,ru,ky")
	s := mongodb.NewStore(db, mongodb.Options{Langs: langs})
	ctx := context.Background()
	ed, err := s.CreateUser(ctx, newsroom.NewUser{Email: "e@x.org", Name: "E", Password: "correct horse battery", Roles: []newsroom.Role{newsroom.RoleEditor}})
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportTMX(ctx, ed, "en", "ky", f); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return db, langs
}

// BenchmarkLoadMemoryArchive measures loading the memory of an archive of
// 2,000 releases with approved ru and ky translations (4,000 small memory
// documents), as a server does at start:
//
//	go test ./internal/mongodb/ -run '^$' -bench LoadMemoryArchive -benchtime 1x
func BenchmarkLoadMemoryArchive(b *testing.B) {
	db := mongotest.DB(b)
	seedArchive(b, db.Name(), 2000)
	langs := newsroom.MustLanguages("en,ru,ky")
	if _, err := mongodb.NewStore(db, mongodb.Options{Langs: langs}).RebuildMemory(context.Background()); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		runtime.GC()
		before := procStatus("VmRSS")
		_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
		t0 := time.Now()
		s := mongodb.NewStore(db, mongodb.Options{Langs: langs})
		if err := s.LoadMemory(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t0).Seconds(), "s")
		b.ReportMetric(float64(procStatus("VmHWM")-before)/1024, "peak-added-MB")
		b.ReportMetric(float64(s.Memory().Len("en", "ky")+s.Memory().Len("en", "ru")), "entries")
	}
}
