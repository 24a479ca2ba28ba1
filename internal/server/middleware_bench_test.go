package server_test

import (
	"context"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
	"github.com/kotormo/kotormo/internal/server"
)

// discard is a ResponseWriter that does with headers what net/http's does
// for every request — a fresh header map, cloned and written out sorted
// when the handler sends them — and throws the bytes away, so that a
// benchmark counts what a handler's headers cost, but no socket.
type discard struct {
	h      http.Header
	status int
	n      int
}

func (d *discard) Header() http.Header { return d.h }

func (d *discard) WriteHeader(status int) {
	if d.status == 0 {
		d.status = status
		_ = d.h.Clone().Write(io.Discard)
	}
}

func (d *discard) Write(b []byte) (int, error) {
	d.WriteHeader(http.StatusOK)
	d.n += len(b)
	return len(b), nil
}

// assembledReaderPage returns the assembled server's handler with one
// release published through the store, and the path of its Kyrgyz page.
func assembledReaderPage(b *testing.B, secure bool) (*server.Server, string) {
	b.Helper()
	ctx := context.Background()
	store := mongotest.Store(b, "")
	mk := func(email string, role newsroom.Role) *newsroom.User {
		u, err := store.CreateUser(ctx, newsroom.NewUser{Email: email, Name: email, Password: "correct horse battery", Roles: []newsroom.Role{role}, Langs: []string{"en", "ru", "ky"}})
		if err != nil {
			b.Fatal(err)
		}
		return u
	}
	editor, translator, reviewer := mk("editor@x.test", newsroom.RoleEditor), mk("tr@x.test", newsroom.RoleTranslator), mk("rev@x.test", newsroom.RoleReviewer)
	ps := readertest.Generate(1, []string{"en", "ru", "ky"})
	r, err := store.CreateRelease(ctx, editor, newsroom.NewRelease{Slug: ps[0].Slug, SourceLang: "en", Date: ps[0].Date, Content: ps[0].Content,
		Places: map[string]string{"en": ps[0].Place, "ru": ps[1].Place, "ky": ps[2].Place}})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range ps {
		if p.Lang != "en" {
			if _, err := store.Save(ctx, translator, r.ID, p.Lang, newsroom.Change{Content: p.Content}); err != nil {
				b.Fatal(err)
			}
		}
		submitter := translator
		if p.Lang == "en" {
			submitter = editor
		}
		for _, s := range []struct {
			u *newsroom.User
			a newsroom.Action
		}{{submitter, newsroom.ActionSubmit}, {reviewer, newsroom.ActionApprove}} {
			if _, err := store.Transition(ctx, s.u, r.ID, p.Lang, newsroom.Change{Action: s.a, Override: "benchmark text"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := store.PublishAll(ctx, editor, r.ID); err != nil {
		b.Fatal(err)
	}
	srv, err := server.New(ctx, server.Config{
		Langs: store.Langs(), Store: store, BaseURL: "http://example.test", SecureCookies: secure,
		Ping: func(context.Context) error { return nil }, ReaderPoll: time.Hour,
	})
	if err != nil {
		b.Fatal(err)
	}
	return srv, "/ky/releases/" + ps[0].Slug
}

// BenchmarkAssembledReaderRequest serves a release page through server.New's
// handler, every middleware included; BenchmarkBareGinRequest serves the same
// bytes from a bare Gin route. The difference is what the assembled server
// adds per request (compare allocs/op and ns/op).
func BenchmarkAssembledReaderRequest(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	srv, path := assembledReaderPage(b, false)
	serveBench(b, srv.Handler(), path)
}

// BenchmarkAssembledReaderRequestOverHTTPS is BenchmarkAssembledReaderRequest
// with secure cookies on, as over HTTPS: Strict-Transport-Security makes a
// ninth header field.
func BenchmarkAssembledReaderRequestOverHTTPS(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	srv, path := assembledReaderPage(b, true)
	serveBench(b, srv.Handler(), path)
}

// BenchmarkReaderWithoutMiddleware serves the page of
// BenchmarkAssembledReaderRequest from the reader site alone, on a bare Gin
// engine: the difference is the server's middleware.
func BenchmarkReaderWithoutMiddleware(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	srv, path := assembledReaderPage(b, false)
	e := gin.New()
	srv.Site().Register(e)
	serveBench(b, e, path)
}

// BenchmarkBareGinRequest is the baseline of BenchmarkAssembledReaderRequest.
func BenchmarkBareGinRequest(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	srv, path := assembledReaderPage(b, false)
	page := &recorded{discard: discard{h: make(http.Header)}}
	srv.Handler().ServeHTTP(page, newRequest(path))
	e := gin.New()
	e.GET(path, func(c *gin.Context) { c.Data(http.StatusOK, "text/html; charset=utf-8", page.body) })
	serveBench(b, e, path)
}

func serveBench(b *testing.B, h http.Handler, path string) {
	req := newRequest(path)
	w := &discard{h: make(http.Header)}
	h.ServeHTTP(w, req)
	if w.status != http.StatusOK || w.n == 0 {
		b.Fatalf("GET %s: %d, %d bytes", path, w.status, w.n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for b.Loop() {
		w.h, w.status, w.n = make(http.Header), 0, 0
		h.ServeHTTP(w, req)
	}
	// CPU time per request, which a busy machine disturbs far less than
	// ns/op (it includes the garbage collector's work).
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// processCPU is the CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// newRequest is a browser's GET of path.
func newRequest(path string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, "http://example.test"+path, nil)
	req.RemoteAddr = "127.0.0.1:50000"
	req.Header.Set("User-Agent", "readerbench")
	req.Header.Set("Accept", "*/*")
	return req
}

// recorded keeps a response's body.
type recorded struct {
	discard
	body []byte
}

func (r *recorded) Write(b []byte) (int, error) { r.body = append(r.body, b...); return len(b), nil }
