// Package editor serves the web interface the newsroom works in, under /app:
// login, a home page per role, the side-by-side version editor, the review
// page, the editors' release actions, history, preferences and user and
// token administration. Pages are rendered on the server from
// web/templates/editor and work without JavaScript; web/static/editor.js
// adds autosave, conflict handling and a live preview on top.
package editor

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
	"github.com/kotormo/kotormo/internal/render"
	"github.com/kotormo/kotormo/locales"
	"github.com/kotormo/kotormo/web"
)

// Config holds what the editor needs; main fills it.
type Config struct {
	Releases newsroom.Releases
	Users    newsroom.Users
	// Auth identifies the person behind each request and logs people in and out.
	Auth *auth.Auth
	// Langs are the content languages.
	Langs newsroom.Languages
	// Catalog holds the interface strings.
	Catalog *i18n.Catalog
	// Logger receives internal errors; slog.Default when nil.
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// SecureCookies sets the Secure flag on the interface's own cookies
	// (the flash message), as auth does on the session cookie.
	SecureCookies bool
	// Glossary gives the quality checks their glossary terms; nil for none.
	Glossary qa.Glossaries
	// Memory serves pre-translation; nil turns it off.
	Memory Memory
	// Location is the site time zone: embargoes are typed and every time
	// is shown in it. UTC when nil.
	Location *time.Location
	// Webhooks shows webhook endpoints and deliveries to admins; nil shows none.
	Webhooks Webhooks
	// Glossaries lets the newsroom manage glossaries; nil hides the pages.
	Glossaries Glossaries
}

// Editor is the web interface's handlers and their dependencies. It holds no
// mutable state after New and is safe for concurrent use.
type Editor struct {
	releases newsroom.Releases
	users    newsroom.Users
	auth     *auth.Auth
	langs    newsroom.Languages
	catalog  *i18n.Catalog
	log      *slog.Logger
	now      func() time.Time
	glossary qa.Glossaries
	memory   Memory
	tz       *time.Location
	webhooks Webhooks
	// glossaries: see Config.Glossaries.
	glossaries Glossaries

	// uiLangs are the content languages that have interface strings; the
	// interface is offered in these.
	uiLangs []string
	neg     *locale.Negotiator
	tpl     *templates
	md      *render.Renderer
	csrf    *http.CrossOriginProtection
	// secureCookies: see Config.SecureCookies.
	secureCookies bool
}

// New returns an Editor over cfg, parsing every page template once.
func New(cfg Config) (*Editor, error) {
	if cfg.Releases == nil || cfg.Users == nil || cfg.Auth == nil || cfg.Catalog == nil {
		return nil, errors.New("editor: Releases, Users, Auth and Catalog are required")
	}
	if len(cfg.Langs.Codes()) == 0 {
		return nil, errors.New("editor: no content languages configured")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	var ui []string
	for _, l := range cfg.Langs.Codes() {
		if _, err := fs.Stat(locales.FS, i18n.FileName(l)); err == nil {
			ui = append(ui, l)
		}
	}
	if len(ui) == 0 {
		ui = cfg.Catalog.Langs()[:1]
	}
	neg, err := locale.NewNegotiator(ui)
	if err != nil {
		return nil, err
	}
	tpl, err := parseTemplates(web.FS)
	if err != nil {
		return nil, err
	}
	return &Editor{
		releases: cfg.Releases, users: cfg.Users, auth: cfg.Auth, langs: cfg.Langs,
		catalog: cfg.Catalog, log: cfg.Logger, now: cfg.Now, glossary: cfg.Glossary, memory: cfg.Memory, tz: cfg.Location, webhooks: cfg.Webhooks,
		uiLangs: ui, neg: neg, tpl: tpl, md: render.New(), csrf: http.NewCrossOriginProtection(),
		secureCookies: cfg.SecureCookies, glossaries: cfg.Glossaries,
	}, nil
}

// Register mounts the interface under /app, identifying the user on each
// request. The engine must serve web/static at /static/.
func (e *Editor) Register(r *gin.Engine) {
	r.GET("/app", func(c *gin.Context) { c.Redirect(http.StatusFound, "/app/") })
	g := r.Group("/app", e.auth.IdentifyOr(e.failErr), e.secure, e.crossOrigin, e.limitBody)
	g.GET("/login", e.loginPage)
	g.POST("/login", e.login)
	g.POST("/logout", e.logout)

	a := g.Group("", e.requireUser)
	a.GET("/", e.home)
	a.GET("/prefs", e.prefsPage)
	a.POST("/prefs", e.savePrefs)
	a.POST("/preview", e.preview)

	a.GET("/releases/new", e.newReleasePage)
	a.POST("/releases", e.createRelease)
	a.GET("/releases/:id", e.releasePage)
	a.POST("/releases/:id", e.updateRelease)
	a.POST("/releases/:id/publish-all", e.publishAll)
	a.GET("/releases/:id/xliff", e.xliffZip)

	a.GET("/releases/:id/:lang/edit", e.editPage)
	a.POST("/releases/:id/:lang", e.save)
	a.GET("/releases/:id/:lang/text", e.text)
	a.GET("/releases/:id/:lang/review", e.reviewPage)
	a.GET("/releases/:id/:lang/history", e.historyPage)
	a.GET("/releases/:id/:lang/xliff", e.xliffDownload)
	a.POST("/releases/:id/:lang/xliff", e.xliffUpload)
	a.POST("/releases/:id/:lang/pretranslate", e.pretranslate)
	a.POST("/releases/:id/:lang/:action", e.act)

	a.GET("/glossaries", e.glossariesPage)
	a.GET("/glossaries/:src/:tgt", e.glossaryPage)
	a.POST("/glossaries/:src/:tgt/terms", e.saveTerm)
	a.POST("/glossaries/:src/:tgt/terms/:term", e.saveTerm)
	a.GET("/glossaries/:src/:tgt/terms/:term/delete", e.deleteTermPage)
	a.POST("/glossaries/:src/:tgt/terms/:term/delete", e.deleteTerm)
	a.POST("/glossaries/:src/:tgt/import", e.importGlossary)
	a.GET("/glossaries/:src/:tgt/export/:format", e.exportGlossary)

	adm := a.Group("/admin", e.requireAdmin)
	adm.GET("/users", e.usersPage)
	adm.POST("/users", e.createUser)
	adm.GET("/users/:uid", e.userPage)
	adm.POST("/users/:uid", e.updateUser)
	adm.GET("/tokens", e.tokensPage)
	adm.POST("/tokens", e.createToken)
	adm.POST("/tokens/:tid/revoke", e.revokeToken)
	adm.GET("/webhooks", e.webhooksPage)
	adm.POST("/webhooks", e.createWebhook)
	adm.GET("/webhooks/:wid/delete", e.deleteWebhookPage)
	adm.POST("/webhooks/:wid/delete", e.deleteWebhook)
}

// contentSecurityPolicy allows nothing inline and nothing from elsewhere:
// scripts and styles come only from /static, forms post only here.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// secure sets the headers every page of the interface carries.
func (e *Editor) secure(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	c.Next()
}

// crossOrigin is the interface's CSRF protection: Go's
// http.CrossOriginProtection refuses state-changing requests (POST, PUT,
// PATCH, DELETE) that a browser marks as coming from another site
// (Sec-Fetch-Site), or, for browsers that do not send that header, whose
// Origin differs from the Host. Together with the SameSite=Lax session
// cookie no token is needed in forms. The login form is covered too.
func (e *Editor) crossOrigin(c *gin.Context) {
	if err := e.csrf.Check(c.Request); err != nil {
		p := e.page(c, "")
		e.fail(c, p, http.StatusForbidden, p.L.T("EdCrossOrigin"))
		return
	}
	c.Next()
}

// maxForm bounds a request body: a body of newsroom.MaxBody characters of
// four bytes each, plus title, lead and form overhead.
const maxForm = 2 << 20

// limitBody bounds the request body and reads forms up front, so that an
// oversized or broken form is a clear 413 or 400 instead of empty fields.
func (e *Editor) limitBody(c *gin.Context) {
	if c.Request.Body == nil {
		c.Next()
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	if c.Request.Method == http.MethodPost && c.ContentType() == "application/x-www-form-urlencoded" {
		if err := c.Request.ParseForm(); err != nil {
			p := e.page(c, "")
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				e.fail(c, p, http.StatusRequestEntityTooLarge, p.L.T("EdTooLarge"))
				return
			}
			e.fail(c, p, http.StatusBadRequest, p.L.T("EdInvalidDetail", "Detail", err.Error()))
			return
		}
	}
	c.Next()
}

// requireUser sends anonymous visitors to the login page.
func (e *Editor) requireUser(c *gin.Context) {
	if auth.User(c) == nil {
		target := "/app/login"
		if c.Request.Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
		}
		c.Redirect(http.StatusSeeOther, target)
		c.Abort()
		return
	}
	c.Next()
}

// requireAdmin answers 403 to everyone but admins.
func (e *Editor) requireAdmin(c *gin.Context) {
	if newsroom.CanAdminister(auth.User(c)) != nil {
		e.forbidden(c)
		return
	}
	c.Next()
}
