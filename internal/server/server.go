// Package server assembles Kotormo's HTTP handler from its parts — the JSON
// API, the web editor, the reader site, static files and the operational
// endpoints — and runs it with graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/api"
	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/editor"
	"github.com/kotormo/kotormo/internal/httperror"
	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/metrics"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader"
	"github.com/kotormo/kotormo/locales"
	"github.com/kotormo/kotormo/web"
)

// Config is everything the server is built from; main fills it.
type Config struct {
	Langs newsroom.Languages
	// Store is the database-backed store of releases and users.
	Store *mongodb.Store
	// Ping checks the database for /readyz.
	Ping func(context.Context) error
	// BaseURL is the public origin used in canonical links, feeds and the sitemap.
	BaseURL string
	// SecureCookies sets the Secure flag on cookies.
	SecureCookies bool
	Logger        *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// ReaderPoll is how often the reader site checks for other instances' publishes.
	ReaderPoll time.Duration
	// Timeouts bound how long a connection may take; zero fields take
	// DefaultTimeouts' values.
	Timeouts Timeouts
	// ReaderCacheBytes and ReaderHot size the reader's page memory (see
	// reader.Config's PageCacheBytes and HotReleases); zero means the defaults.
	ReaderCacheBytes int64
	ReaderHot        int
	// Location is the site time zone (embargoes, editor times, "Updated"
	// dates); UTC when nil.
	Location *time.Location
}

// Timeouts bound the time a client may take over each part of a request, so
// that slow senders cannot hold connections (see http.Server).
type Timeouts struct {
	// ReadHeader is the time to send the request's headers.
	ReadHeader time.Duration
	// Read is the time to send the whole request, headers and body: a body
	// sent slower than that is cut and the connection closed.
	Read time.Duration
	// Write is the time from the end of the request's headers to the end
	// of the response.
	Write time.Duration
	// Idle is how long a kept-alive connection may wait for its next request.
	Idle time.Duration
}

// DefaultTimeouts cut a slow sender within 15 s: 5 s for the headers, 15 s
// for the whole request. The largest request body (2 MiB, an editor form)
// then needs about 140 KB/s.
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 5 * time.Second, Read: 15 * time.Second, Write: 60 * time.Second, Idle: 120 * time.Second}
}

// orDefault returns t with its zero fields set from DefaultTimeouts.
func (t Timeouts) orDefault() Timeouts {
	d := DefaultTimeouts()
	for _, f := range []struct{ v, def *time.Duration }{
		{&t.ReadHeader, &d.ReadHeader}, {&t.Read, &d.Read}, {&t.Write, &d.Write}, {&t.Idle, &d.Idle},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	return t
}

// Server is the assembled application.
type Server struct {
	engine  *gin.Engine
	handler *handler
	reader  *reader.Site
	log     *slog.Logger
	timeout Timeouts
	Metrics *metrics.Metrics
	store   *mongodb.Store
}

// New builds the server. The reader site loads from its checkpoint in the
// store and the publish log since it, or, without one, reads every
// published snapshot.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	catalog, err := i18n.New(locales.FS, cfg.Langs.Codes())
	if err != nil {
		return nil, fmt.Errorf("server: interface strings: %w", err)
	}
	m := metrics.New()
	au := auth.New(auth.Config{Users: cfg.Store, SecureCookies: cfg.SecureCookies})

	site, err := reader.New(reader.Config{
		Langs: cfg.Langs, Source: cfg.Store, Catalog: catalog, BaseURL: cfg.BaseURL, SecureCookies: cfg.SecureCookies,
		Logger: cfg.Logger, Now: cfg.Now, PollInterval: cfg.ReaderPoll, Location: cfg.Location,
		PageCacheBytes: cfg.ReaderCacheBytes, HotReleases: cfg.ReaderHot,
	})
	if err != nil {
		return nil, fmt.Errorf("server: reader site: %w", err)
	}
	if err := site.Load(ctx); err != nil {
		return nil, fmt.Errorf("server: load published releases: %w", err)
	}
	// The store calls this synchronously after a publish, an unpublish or a
	// correction: waiting for the rebuild means the call answers only once
	// this instance serves the new state (read-your-writes), bounded.
	cfg.Store.SetOnPublish(func(id string) { site.InvalidateWait(id, publishWait) })
	cfg.Store.SetOnTransition(m.Transition)

	ed, err := editor.New(editor.Config{
		Releases: cfg.Store, Users: cfg.Store, Auth: au, Langs: cfg.Langs,
		Catalog: catalog, Logger: cfg.Logger, Now: cfg.Now, SecureCookies: cfg.SecureCookies, Glossary: cfg.Store, Memory: cfg.Store,
		Location: cfg.Location, Webhooks: cfg.Store, Glossaries: cfg.Store,
	})
	if err != nil {
		return nil, fmt.Errorf("server: editor: %w", err)
	}

	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.Use(middleware(cfg.Logger, m, cfg.SecureCookies)...)

	e.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		if err := cfg.Ping(ctx); err != nil {
			cfg.Logger.Warn("readiness check failed", "err", err)
			c.String(http.StatusServiceUnavailable, "database unreachable\n")
			return
		}
		c.String(http.StatusOK, "ok\n")
	})
	e.GET("/metrics", gin.WrapH(m.Handler()))
	static, err := fs.Sub(web.FS, "static")
	if err != nil {
		return nil, err
	}
	e.GET("/static/*filepath", staticFiles(static))

	api.New(api.Config{
		Releases: cfg.Store, Users: cfg.Store, Auth: au, Langs: cfg.Langs, Logger: cfg.Logger, Catalog: catalog,
		Assistant: cfg.Store, Webhooks: cfg.Store,
	}).Register(e.Group("/api/v1", au.Identify()))
	ed.Register(e)
	site.Register(e)
	e.NoRoute(func(c *gin.Context) {
		switch p := c.Request.URL.Path; {
		case strings.HasPrefix(p, "/api/"):
			httperror.JSON(c, cfg.Logger, newsroom.E(newsroom.ENotFound, "ErrNoEndpoint", "Method", c.Request.Method, "Path", p), catalog.Localizer("en"))
		case strings.HasPrefix(p, "/app/"), strings.HasPrefix(p, "/static/"):
			c.String(http.StatusNotFound, "Not found.\n")
		default:
			site.NotFound(c)
		}
	})
	e.NoMethod(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			c.AbortWithStatusJSON(http.StatusMethodNotAllowed, httperror.Body{Error: httperror.Detail{Code: "method_not_allowed", Message: "This endpoint does not accept " + c.Request.Method + "."}})
			return
		}
		c.String(http.StatusMethodNotAllowed, "Method not allowed.\n")
	})
	return &Server{engine: e, handler: &handler{engine: e, site: site, m: m, secure: cfg.SecureCookies}, reader: site, log: cfg.Logger, timeout: cfg.Timeouts.orDefault(), Metrics: m, store: cfg.Store}, nil
}

// Start runs the background work (the reader site following other
// instances' publishes and embargo times, and the webhook deliveries) until
// ctx is done. Serve calls it; tests that serve Handler themselves call it too.
func (s *Server) Start(ctx context.Context) {
	go s.store.RunWebhooks(ctx)
	s.reader.Start(ctx)
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// handler is the server's http.Handler: a GET or HEAD of a page the reader
// holds rendered (most of what readers ask for) is served from it at once,
// with the same security headers and metrics as the middleware gives every
// other request; everything else goes through Gin and the middleware. The
// router, its context and three middleware calls cost a reader page about a
// tenth of its CPU time (see BenchmarkAssembledReaderRequest).
type handler struct {
	engine *gin.Engine
	site   *reader.Site
	m      *metrics.Metrics
	secure bool
}

func (h *handler) headers(hd http.Header) { securityHeaders(hd, h.secure) }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		start := time.Now()
		if route, status, ok := h.site.ServeRendered(w, r, h.headers); ok {
			h.m.Observe(r.Method, route, status, time.Since(start))
			return
		}
	}
	h.engine.ServeHTTP(w, r)
}

// Serve serves on l until ctx is cancelled, then stops accepting, lets
// in-flight requests finish (up to grace) and returns.
func (s *Server) Serve(ctx context.Context, l net.Listener, grace time.Duration) error {
	bg, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	go s.Start(bg)
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.timeout.ReadHeader,
		ReadTimeout:       s.timeout.Read,
		WriteTimeout:      s.timeout.Write,
		IdleTimeout:       s.timeout.Idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) {
		err = errors.Join(err, e)
	}
	// What the reader site loaded since its last checkpoint is kept for the
	// next start; failing that, the next start catches up from the log.
	if e := s.reader.SaveCheckpoint(sctx, false); e != nil {
		s.log.Warn("shutting down: the reader's checkpoint was not saved", "err", e)
	}
	return err
}

// publishWait bounds how long a publish waits for this instance's reader
// pages to show it; past it the rebuild finishes in the background.
const publishWait = time.Second

// middleware is the chain every request of the assembled server runs
// through: recovery, then one handler that sets the security headers, and
// after the request counts it in the metrics and logs it when it is a write
// or a failure.
func middleware(log *slog.Logger, m *metrics.Metrics, secure bool) []gin.HandlerFunc {
	return []gin.HandlerFunc{httperror.Recover(log), observe(log, m, secure), pageReads}
}

// pageReads marks the editor's and the API's reads (GET and HEAD) as the
// reads of one page (newsroom.WithPageReads): the store then reads each
// release and version head once per request however many of its methods the
// page calls, and the page shows one state. The reader site, served from
// memory, is left alone.
func pageReads(c *gin.Context) {
	if m := c.Request.Method; m == http.MethodGet || m == http.MethodHead {
		if p := c.Request.URL.Path; strings.HasPrefix(p, "/app/") || strings.HasPrefix(p, "/api/") {
			c.Request = c.Request.WithContext(newsroom.WithPageReads(c.Request.Context()))
		}
	}
	c.Next()
}

// observe sets the security headers every response carries — the reader
// site's Content-Security-Policy (the editor sets its own), and, when the
// site is served over HTTPS (secure cookies on), Strict-Transport-Security —
// from shared, pre-built values; then, once the request is handled, counts
// it and its latency by method and route pattern (see metrics.Observe), and
// logs writes and failures. Reads of the public site are counted by /metrics
// only, so that logging never dominates serving a cached page. A served
// page costs two clock readings and no allocation here.
func observe(log *slog.Logger, m *metrics.Metrics, secure bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		securityHeaders(c.Writer.Header(), secure)
		c.Next()
		elapsed := time.Since(start)
		status := c.Writer.Status()
		method := c.Request.Method
		m.Observe(method, c.FullPath(), status, elapsed)
		if (method == http.MethodGet || method == http.MethodHead) && status < 500 {
			return
		}
		lvl := slog.LevelInfo
		if status >= 500 {
			lvl = slog.LevelError
		}
		log.Log(c.Request.Context(), lvl, "request", "method", method, "path", c.Request.URL.Path,
			"status", status, "ms", elapsed.Milliseconds())
	}
}

// securityHeaders sets the headers every response carries (handlers such as
// the editor's may replace the policy with their own).
func securityHeaders(h http.Header, secure bool) {
	h["X-Content-Type-Options"] = hdrNosniff
	h["Referrer-Policy"] = hdrReferrer
	h["Content-Security-Policy"] = hdrCSP
	if secure {
		h["Strict-Transport-Security"] = hdrHSTS
	}
}

// Security header values, shared by every response (net/http never changes
// a header's value slice).
//
// There is no X-Frame-Options: every response's Content-Security-Policy
// (the reader's, set here, or the editor's own) says frame-ancestors 'none',
// which supersedes it in every browser that supports CSP Level 2 (all since
// 2016). The editor still sends it for its own pages. Leaving it out keeps a
// reader page at 8 header fields: net/http's per-request header map holds 8
// without growing, and a 9th field made it grow — and its clone, made for
// every response — costing 6 allocations (1.5 KB) and about 3.5 µs of CPU per
// request (BenchmarkAssembledReaderRequest). With HSTS on (SecureCookies) a
// page has 9 again.
var (
	hdrNosniff  = []string{"nosniff"}
	hdrReferrer = []string{"strict-origin-when-cross-origin"}
	hdrCSP      = []string{reader.ContentSecurityPolicy}
	// hdrHSTS asks browsers to use only HTTPS for a year.
	hdrHSTS = []string{"max-age=31536000"}
)

// staticFiles serves the embedded static assets with a short cache lifetime,
// except fonts, whose folders are named by version and cached for good.
func staticFiles(fsys fs.FS) gin.HandlerFunc {
	fileServer := http.FileServerFS(fsys)
	return func(c *gin.Context) {
		p := c.Param("filepath")
		if strings.HasSuffix(p, "/") {
			c.AbortWithStatus(http.StatusNotFound)
			return
		}
		if strings.HasPrefix(p, "/fonts/") {
			c.Header("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			c.Header("Cache-Control", "public, max-age=3600")
		}
		c.Request.URL.Path = p
		fileServer.ServeHTTP(c.Writer, c.Request)
	}
}

// Site returns the reader site, for tools that wait on its background work
// (cmd/readerbench waits for the search indexes before measuring).
func (s *Server) Site() *reader.Site { return s.reader }
