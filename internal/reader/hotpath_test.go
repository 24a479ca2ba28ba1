package reader_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/reader/readertest"
)

// nopWriter is a ResponseWriter that reuses its header map and discards the
// body, so that only the handler's own allocations are counted.
type nopWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) WriteHeader(status int)      { w.status = status }
func (w *nopWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }

func hotPath(t testing.TB) (http.Handler, *http.Request) {
	f := newFixture(t, readertest.NewSource(readertest.Generate(100, []string{"en", "ru", "ky"})...))
	engine := gin.New()
	f.site.Register(engine)
	return engine, httptest.NewRequest(http.MethodGet, "/ky/releases/release-50-health", nil)
}

// TestServingAPageDoesNotAllocate guards the hot path: routing, the snapshot
// lookup and writing a prepared page allocate nothing.
func TestServingAPageDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocations are not meaningful under -race (sync.Pool drops items)")
	}
	h, req := hotPath(t)
	w := &nopWriter{h: http.Header{}}
	for _, accept := range []string{"", "gzip, deflate, br"} {
		req.Header.Set("Accept-Encoding", accept)
		allocs := testing.AllocsPerRun(1000, func() {
			clear(w.h)
			w.n = 0
			h.ServeHTTP(w, req)
		})
		if w.status != http.StatusOK || w.n == 0 {
			t.Fatalf("status %d, %d bytes", w.status, w.n)
		}
		if allocs > 0 {
			t.Errorf("Accept-Encoding %q: %.1f allocations per request, want 0", accept, allocs)
		}
	}
}

// BenchmarkServeReleasePage measures the handler alone (routing, lookup,
// headers), without net/http; cmd/readerbench measures it over the network.
func BenchmarkServeReleasePage(b *testing.B) {
	h, req := hotPath(b)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &nopWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

// BenchmarkBareGin is the framework's floor for the same request: a Gin
// route that returns the same bytes with c.Data.
func BenchmarkBareGin(b *testing.B) {
	h, req := hotPath(b)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.Bytes()
	engine := gin.New()
	engine.GET(req.URL.Path, func(c *gin.Context) { c.Data(http.StatusOK, "text/html; charset=utf-8", body) })
	w := &nopWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		engine.ServeHTTP(w, req)
	}
}
