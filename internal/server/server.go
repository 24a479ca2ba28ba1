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
	"runtime/debug"
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
	// Location is the site time zone (embargoes, editor times, "Updated"
	// dates); UTC when nil.
	Location *time.Location
}

// Server is the assembled application.
type Server struct {
	engine  *gin.Engine
	reader  *reader.Site
	log     *slog.Logger
	Metrics *metrics.Metrics
}

// New builds the server. The reader site's first load reads every published
// snapshot from the store.
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
		Langs: cfg.Langs, Source: cfg.Store, Catalog: catalog, BaseURL: cfg.BaseURL,
		Logger: cfg.Logger, Now: cfg.Now, PollInterval: cfg.ReaderPoll, Location: cfg.Location,
	})
	if err != nil {
		return nil, fmt.Errorf("server: reader site: %w", err)
	}
	if err := site.Load(ctx); err != nil {
		return nil, fmt.Errorf("server: load published releases: %w", err)
	}
	cfg.Store.SetOnPublish(site.Invalidate)

	ed, err := editor.New(editor.Config{
		Releases: cfg.Store, Users: cfg.Store, Auth: au, Langs: cfg.Langs,
		Catalog: catalog, Logger: cfg.Logger, Now: cfg.Now, Location: cfg.Location,
	})
	if err != nil {
		return nil, fmt.Errorf("server: editor: %w", err)
	}

	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.Use(recovery(cfg.Logger), accessLog(cfg.Logger), m.Middleware(), securityHeaders)

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
		Releases: cfg.Store, Users: cfg.Store, Auth: au, Langs: cfg.Langs, Metrics: m, Logger: cfg.Logger,
	}).Register(e.Group("/api/v1", au.Identify()))
	ed.Register(e)
	site.Register(e)
	e.NoRoute(func(c *gin.Context) {
		switch p := c.Request.URL.Path; {
		case strings.HasPrefix(p, "/api/"):
			httperror.JSON(c, cfg.Logger, newsroom.Errorf(newsroom.ENotFound, "No such endpoint: %s %s.", c.Request.Method, p))
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
	return &Server{engine: e, reader: site, log: cfg.Logger, Metrics: m}, nil
}

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine }

// Serve serves on l until ctx is cancelled, then stops accepting, lets
// in-flight requests finish (up to grace) and returns.
func (s *Server) Serve(ctx context.Context, l net.Listener, grace time.Duration) error {
	bg, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	go s.reader.Start(bg)
	srv := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
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
	return err
}

// recovery turns a panic into a 500 without leaking detail, and logs it.
func recovery(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic", "method", c.Request.Method, "path", c.Request.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if c.Writer.Written() {
					c.Abort()
					return
				}
				if strings.HasPrefix(c.Request.URL.Path, "/api/") {
					c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": gin.H{"code": newsroom.EInternal, "message": "Internal error."}})
					return
				}
				c.AbortWithStatus(http.StatusInternalServerError)
			}
		}()
		c.Next()
	}
}

// accessLog logs writes and failures; reads of the public site are counted by
// /metrics instead, so that logging never dominates serving a cached page.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
			if status < 500 {
				return
			}
		}
		lvl := slog.LevelInfo
		if status >= 500 {
			lvl = slog.LevelError
		}
		log.Log(c.Request.Context(), lvl, "request", "method", c.Request.Method, "path", c.Request.URL.Path,
			"status", status, "ms", time.Since(start).Milliseconds())
	}
}

func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
}

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
