// Package reader is the public site that readers use: every published
// release in every language it is published in, a list, a search, an Atom
// feed per language and a sitemap, in the reader's language without asking.
//
// Hot pages — the lists' first pages, the feeds, the sitemap and the newest
// releases' pages — are rendered once per change, kept in memory with their
// gzip bytes and ETags, and served from an immutable snapshot behind an
// atomic pointer, so serving one executes no template and takes no lock.
// Older releases' pages are rendered on their first request into a cache
// bounded in bytes. The site keeps no release body in memory: what it keeps
// of each published version is its metadata (see version), so its memory
// grows with the number of releases, not with their text; bodies are read
// from the store, one lookup each, when a page, a feed entry or a search
// excerpt needs them.
//
// The snapshot is rebuilt incrementally when a release is published,
// unpublished or corrected (Invalidate, or the store's publish log polled by
// Start) and when an embargo ends (a timer set by Start). A start reads a
// checkpoint of the metadata from the store and the publish log since it
// (see loadLocked), so it costs the same whatever the archive's text.
package reader

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/render"
	"github.com/kotormo/kotormo/web"
)

// Source is what the reader site needs from the store: published snapshots
// and the log of what changed. newsroom.Releases satisfies it.
type Source interface {
	// EachPublished calls fn with every published snapshot, embargoed ones
	// included, one at a time, and stops at fn's first error. Errors: EInternal.
	EachPublished(ctx context.Context, fn func(*newsroom.Published) error) error
	// PublishedOf returns the published snapshots of one release; none (and
	// no error) when nothing of it is published. Errors: EInternal.
	PublishedOf(ctx context.Context, id string) ([]*newsroom.Published, error)
	// PublishedVersion returns the published snapshot of one language
	// version; nil (and no error) when it is not published. Errors: EInternal.
	PublishedVersion(ctx context.Context, id, lang string) (*newsroom.Published, error)
	// PublishChanges returns the releases whose published snapshots changed
	// after seq, and the log's latest sequence number. seq 0 asks for
	// everything and is used to learn the current sequence number.
	// Errors: EInternal.
	PublishChanges(ctx context.Context, seq int64) (newsroom.PublishLog, error)
}

// CookieName is the cookie in which the language switcher remembers the
// reader's choice.
const CookieName = "lang"

// Defaults for Config's zero fields.
const (
	DefaultPollInterval = time.Second
	DefaultPageSize     = 20
	DefaultFeedSize     = 50
)

// Config is what the reader site is built from; main fills it.
type Config struct {
	// Langs are the configured content languages; the first is the default.
	Langs newsroom.Languages
	// Source provides the published snapshots.
	Source Source
	// Catalog holds the interface strings.
	Catalog *i18n.Catalog
	// BaseURL is the site's public origin, such as "https://news.example.org",
	// used for canonical links, hreflang alternates, the feeds and the sitemap.
	BaseURL string
	// Logger receives rebuild and polling errors; nil discards them.
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now. Embargoes are judged by it.
	Now func() time.Time
	// Location is the site time zone, in which "Updated" dates are given;
	// nil means UTC.
	Location *time.Location
	// PollInterval is how often Start asks the store what changed (for
	// publishes on other instances); zero means DefaultPollInterval. Keep it
	// at most one second so other instances' publishes show within 2 s.
	PollInterval time.Duration
	// SecureCookies sets the Secure flag on the language cookie; it is set
	// anyway when BaseURL is https.
	SecureCookies bool
	// PageSize is the number of releases per list page; zero means DefaultPageSize.
	PageSize int
	// FeedSize is the number of entries per Atom feed; zero means DefaultFeedSize.
	FeedSize int
	// Templates holds templates/reader/*.html and static/reader.css; nil means web.FS.
	Templates fs.FS
	// StaticPrefix is the URL path under which the main server serves
	// web/static; empty means "/static".
	StaticPrefix string
	// HotReleases is how many of the newest releases keep their pages
	// rendered; zero means DefaultHotReleases.
	HotReleases int
	// PageCacheBytes bounds the memory of the other releases' pages,
	// rendered on demand; zero means DefaultPageCacheBytes.
	PageCacheBytes int64
}

// Site is the reader site. Build it with New, fill it with Load, mount it
// with Register and keep it fresh with Start and Invalidate.
type Site struct {
	cfg       Config
	langs     []string
	langIndex map[string]int
	def       string
	base      string // BaseURL without a trailing slash
	secure    bool   // SecureCookies, or BaseURL is https: the cookie is Secure
	log       *slog.Logger
	now       func() time.Time
	neg       *locale.Negotiator
	md        *render.Renderer
	tpl       *templates
	css       string // URL of reader.css, with a version for caching
	langNames map[string]string
	ui        map[string]*uiStrings
	rootLoc   map[string][]string // "/ky/" per language, for Location headers

	// cur is what the handlers serve; it is replaced, never changed.
	cur atomic.Pointer[snapshot]
	// ready is set once a Load has succeeded.
	ready atomic.Bool

	// buildMu serializes rebuilds and guards st.
	buildMu sync.Mutex
	st      *state

	// pending holds release IDs that Invalidate queued for the loop.
	pendingMu sync.Mutex
	pending   map[string]struct{}
	wake      chan struct{}
	// gen numbers Invalidate calls; servedGen is the latest the loop has
	// handled, and servedCh is closed (and replaced) whenever it moves.
	gen, servedGen uint64
	servedCh       chan struct{}
	// notFound holds the 404 page of each language; notFoundNeg the same
	// pages for URLs whose language was negotiated (they vary on it).
	notFound    map[string]*prepared
	notFoundNeg map[string]*prepared

	// pages caches the pages of releases that are not hot; see resolve.
	pages *pageCache

	// searches holds each language's search (see langSearch); the map is
	// fixed at New, its values replaced under idxMu.
	searches map[string]*atomic.Pointer[langSearch]
	idxMu    sync.Mutex
	// scanWant and scanning drive the background scan (see scheduleScan).
	scanWant, scanning bool

	// cpAt is when this instance last wrote a checkpoint; cpBusy is set
	// while it writes one. Both belong to the loop.
	cpAt   time.Time
	cpBusy atomic.Bool
}

// New builds a Site from cfg, parsing its templates; a missing template is
// an error. The site answers 503 until Load (or Start) has loaded it.
func New(cfg Config) (*Site, error) {
	if cfg.Source == nil {
		return nil, errors.New("reader: Config.Source is required")
	}
	if cfg.Catalog == nil {
		return nil, errors.New("reader: Config.Catalog is required")
	}
	codes := cfg.Langs.Codes()
	if len(codes) == 0 {
		return nil, errors.New("reader: no content languages configured")
	}
	if cfg.BaseURL == "" {
		return nil, errors.New("reader: Config.BaseURL is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.FeedSize <= 0 {
		cfg.FeedSize = DefaultFeedSize
	}
	if cfg.Templates == nil {
		cfg.Templates = web.FS
	}
	if cfg.StaticPrefix == "" {
		cfg.StaticPrefix = "/static"
	}
	if cfg.HotReleases <= 0 {
		cfg.HotReleases = DefaultHotReleases
	}
	if cfg.PageCacheBytes <= 0 {
		cfg.PageCacheBytes = DefaultPageCacheBytes
	}
	neg, err := locale.NewNegotiator(codes)
	if err != nil {
		return nil, fmt.Errorf("reader: %w", err)
	}
	if got := neg.Langs(); strings.Join(got, ",") != strings.Join(codes, ",") {
		return nil, fmt.Errorf("reader: language codes %v are not canonical (want %v)", codes, got)
	}
	tpl, err := parseTemplates(cfg.Templates)
	if err != nil {
		return nil, err
	}
	css, err := fs.ReadFile(cfg.Templates, "static/reader.css")
	if err != nil {
		return nil, fmt.Errorf("reader: %w", err)
	}
	s := &Site{
		cfg:         cfg,
		langs:       codes,
		langIndex:   map[string]int{},
		def:         codes[0],
		base:        strings.TrimRight(cfg.BaseURL, "/"),
		secure:      cfg.SecureCookies || strings.HasPrefix(cfg.BaseURL, "https://"),
		log:         cfg.Logger,
		now:         cfg.Now,
		neg:         neg,
		md:          render.New(),
		tpl:         tpl,
		css:         strings.TrimRight(cfg.StaticPrefix, "/") + "/reader.css?v=" + etagOf(css)[1:9],
		langNames:   map[string]string{},
		ui:          map[string]*uiStrings{},
		rootLoc:     map[string][]string{},
		pending:     map[string]struct{}{},
		searches:    map[string]*atomic.Pointer[langSearch]{},
		notFound:    map[string]*prepared{},
		notFoundNeg: map[string]*prepared{},
		wake:        make(chan struct{}, 1),
		servedCh:    make(chan struct{}),
		pages:       newPageCache(cfg.PageCacheBytes),
	}
	for i, l := range codes {
		s.langIndex[l] = i
		s.langNames[l] = locale.Name(l)
		s.ui[l] = newUIStrings(loc{cfg.Catalog.Localizer(l)})
		s.rootLoc[l] = []string{"/" + l + "/"}
		s.searches[l] = &atomic.Pointer[langSearch]{}
	}
	for _, l := range codes {
		p, err := s.renderNotFound(l)
		if err != nil {
			return nil, err
		}
		s.notFound[l] = p
		s.notFoundNeg[l] = p.withVary(hdrVaryNeg)
	}
	s.st = newState()
	// Until Load has run, every page answers 503 (see unavailable).
	s.store(&snapshot{pages: map[string]*prepared{}, langs: map[string]*langSnap{}})
	return s, nil
}

// Register mounts the reader's routes on r. They coexist with /api/…,
// /static/…, /app/…, /healthz, /readyz and /metrics on the same engine.
func (s *Site) Register(r gin.IRouter) {
	for _, m := range []string{http.MethodGet, http.MethodHead} {
		r.Handle(m, "/", s.handleRoot)
		r.Handle(m, "/sitemap.xml", s.handlePage)
		r.Handle(m, "/:lang", s.handleTop)
		r.Handle(m, "/:lang/", s.handlePage)
		r.Handle(m, "/:lang/page/:n", s.handleListPage)
		r.Handle(m, "/:lang/releases/:slug", s.handlePage)
		r.Handle(m, "/:lang/feed.atom", s.handlePage)
		r.Handle(m, "/:lang/search", s.handleSearch)
		r.Handle(m, "/:lang/choose", s.handleChoose)
	}
}

// NotFound answers with the 404 page in the reader's negotiated language.
// Mount it as the engine's NoRoute handler for paths outside /api/ and /app/.
func (s *Site) NotFound(c *gin.Context) {
	s.negotiatedNotFound(c)
}

// Load reads what is published from the store and renders the hot part of
// the site (see loadLocked). Call it once before serving, or let Start do it; until it has
// succeeded the site answers 503. Start keeps the site fresh afterwards.
func (s *Site) Load(ctx context.Context) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	return s.loadLocked(ctx)
}

// Invalidate tells the site that a release's published snapshots changed in
// this process (a publish, an unpublish, a correction or an embargo change).
// It returns at once; the loop started by Start reloads the release and
// rebuilds its pages, normally within milliseconds.
func (s *Site) Invalidate(releaseID string) { s.invalidate(releaseID) }

// invalidate queues releaseID, wakes the loop and returns the call's number.
func (s *Site) invalidate(releaseID string) uint64 {
	s.pendingMu.Lock()
	s.pending[releaseID] = struct{}{}
	s.gen++
	gen := s.gen
	s.pendingMu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return gen
}

// Refresh reloads the given releases from the store now, re-judges every
// embargo against the clock, and serves the result before it returns.
// Without IDs it only re-judges embargoes. The loop calls it; tests and
// tools may too.
func (s *Site) Refresh(ctx context.Context, releaseIDs ...string) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	return s.refreshLocked(ctx, releaseIDs)
}

// Ready reports whether the site has loaded and serves pages (for /readyz).
func (s *Site) Ready() bool { return s.ready.Load() }

// Start runs the loop that keeps the site fresh until ctx ends: it loads the
// site first if Load has not succeeded yet (retrying every PollInterval), then handles
// Invalidate calls, polls the store's publish log every PollInterval, and
// wakes up when the next embargo ends. It returns when ctx is done.
func (s *Site) Start(ctx context.Context) {
	s.loop(ctx)
}
