// Package api serves Kotormo's JSON API under /api/v1: releases and their
// language versions, the review workflow, history and audit, users and API
// tokens. It is described by the OpenAPI document served at /openapi.json.
package api

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/httperror"
	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/locales"
)

// Config holds what the API needs; main fills it.
type Config struct {
	Releases newsroom.Releases
	Users    newsroom.Users
	Auth     *auth.Auth
	Langs    newsroom.Languages
	// Logger receives internal errors and recovered panics; slog.Default when nil.
	Logger *slog.Logger
	// Catalog holds the messages of errors; the embedded interface strings when nil.
	Catalog *i18n.Catalog
	// Assistant serves the translator's assistant (glossary, memory); nil
	// disables it.
	Assistant Assistant
	// Webhooks manages webhook endpoints; nil answers 404 on their routes.
	Webhooks Webhooks
}

// API is the JSON API's handlers and their dependencies.
type API struct {
	releases newsroom.Releases
	users    newsroom.Users
	auth     *auth.Auth
	langs    newsroom.Languages
	log      *slog.Logger
	csrf     *http.CrossOriginProtection
	catalog  *i18n.Catalog
	neg      *locale.Negotiator
	// assistant is nil when the translator's assistant is off.
	assistant Assistant
	webhooks  Webhooks
	// revCache keeps source texts for the quality checks.
	revCache revisionCache
}

// New returns an API over cfg.
func New(cfg Config) *API {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	catalog := cfg.Catalog
	if catalog == nil {
		c, err := i18n.New(locales.FS, cfg.Langs.Codes())
		if err != nil {
			panic("api: embedded interface strings: " + err.Error())
		}
		catalog = c
	}
	// English first: a request that asks for no language we have gets English.
	msgLangs := []string{"en"}
	for _, l := range catalog.Langs() {
		if l != "en" {
			msgLangs = append(msgLangs, l)
		}
	}
	neg, err := locale.NewNegotiator(msgLangs)
	if err != nil {
		panic("api: " + err.Error())
	}
	return &API{
		releases: cfg.Releases, users: cfg.Users, auth: cfg.Auth, langs: cfg.Langs,
		log: log, csrf: http.NewCrossOriginProtection(), catalog: catalog, neg: neg, assistant: cfg.Assistant, webhooks: cfg.Webhooks,
	}
}

// Register mounts the API's routes on g (main uses /api/v1). The engine must
// already run auth.Identify, which attaches the requesting user. Register
// adds its own middleware (panic recovery, no-store, CSRF protection) to a
// subgroup, leaving parent as it was.
func (a *API) Register(parent *gin.RouterGroup) {
	g := parent.Group("", httperror.Recover(a.log), a.noStore, a.crossOrigin)
	g.GET("/openapi.json", a.openAPI)
	g.POST("/login", a.login)

	u := g.Group("", a.requireUser)
	u.POST("/logout", a.logout)
	u.GET("/me", a.me)
	u.PATCH("/me", a.updateMe)

	u.GET("/releases", a.listReleases)
	u.POST("/releases", a.createRelease)
	u.GET("/releases/:id", a.getRelease)
	u.PATCH("/releases/:id", a.updateRelease)
	u.POST("/releases/:id/publish", a.publishAll)
	u.GET("/releases/:id/audit", a.audit)

	u.PUT("/releases/:id/versions/:lang", a.saveVersion)
	u.POST("/releases/:id/versions/:lang/restore", a.restore)
	u.POST("/releases/:id/versions/:lang/pretranslate", a.pretranslate)
	u.GET("/releases/:id/versions/:lang/matches", a.matches)
	u.GET("/glossaries/:src/:tgt", a.listGlossary)
	u.POST("/glossaries/:src/:tgt", a.putGlossaryTerm)
	u.PUT("/glossaries/:src/:tgt/:term", a.putGlossaryTerm)
	u.DELETE("/glossaries/:src/:tgt/:term", a.deleteGlossaryTerm)
	u.GET("/glossaries/:src/:tgt/csv", a.exportGlossary)
	u.POST("/glossaries/:src/:tgt/csv", a.importGlossary)
	u.GET("/glossaries/:src/:tgt/tbx", a.exportGlossaryTBX)
	u.POST("/glossaries/:src/:tgt/tbx", a.importGlossaryTBX)
	u.GET("/memory/:src/:tgt/tmx", a.exportTMX)
	u.POST("/memory/:src/:tgt/tmx", a.importTMX)
	u.POST("/releases/:id/versions/:lang/:action", a.transition)
	u.GET("/releases/:id/versions/:lang/revisions", a.revisions)
	u.GET("/releases/:id/versions/:lang/revisions/:rev", a.revision)
	u.GET("/releases/:id/versions/:lang/diff", a.diff)
	u.GET("/releases/:id/versions/:lang/xliff", a.exportXLIFF)
	u.PUT("/releases/:id/versions/:lang/xliff", a.importXLIFF)
	u.GET("/releases/:id/xliff", a.exportXLIFFZip)

	adm := u.Group("", a.requireAdmin)
	adm.GET("/users", a.listUsers)
	adm.POST("/users", a.createUser)
	adm.PATCH("/users/:id", a.updateUser)
	adm.GET("/tokens", a.listTokens)
	adm.POST("/tokens", a.createToken)
	adm.DELETE("/tokens/:id", a.deleteToken)
	adm.GET("/webhooks", a.listWebhooks)
	adm.POST("/webhooks", a.createWebhook)
	adm.DELETE("/webhooks/:id", a.deleteWebhook)
	adm.GET("/webhooks/:id/deliveries", a.webhookDeliveries)
}

// fail aborts the request with err rendered as the JSON error body, its
// message in the language the request asks for.
func (a *API) fail(c *gin.Context, err error) {
	httperror.JSON(c, a.log, err, a.localizer(c))
}

// localizer is the request's message language: Accept-Language matched
// over the interface languages, English by default.
func (a *API) localizer(c *gin.Context) *i18n.Localizer {
	return a.catalog.Localizer(a.neg.Match(c.GetHeader("Accept-Language")))
}

// noStore keeps authenticated answers out of shared caches.
func (a *API) noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Next()
}

// crossOrigin is the API's CSRF protection. Browsers attach the session cookie
// on their own, so a state-changing request authenticated by cookie must come
// from our own origin. We use Go's http.CrossOriginProtection: it refuses
// unsafe methods (POST, PUT, PATCH, DELETE) whose Sec-Fetch-Site says
// cross-site or same-site, or, in browsers too old to send that header, whose
// Origin host differs from the Host; GET, HEAD and OPTIONS always pass, and
// so do non-browser clients, which send neither header. It needs no token in
// forms or headers. Requests that carry a bearer token are exempt: a browser
// never adds an Authorization header by itself, and auth.Identify never falls
// back to the cookie when one is present. Login is checked as well, against
// login CSRF.
func (a *API) crossOrigin(c *gin.Context) {
	if auth.ViaToken(c) {
		c.Next()
		return
	}
	if err := a.csrf.Check(c.Request); err != nil {
		a.fail(c, newsroom.E(newsroom.EForbidden, "ErrCrossOrigin"))
		return
	}
	c.Next()
}

// requireUser answers 401 to anonymous requests.
func (a *API) requireUser(c *gin.Context) {
	if auth.User(c) == nil {
		if why := auth.Refusal(c); why != nil {
			a.fail(c, why)
			return
		}
		a.fail(c, newsroom.E(newsroom.EUnauthorized, "ErrLogIn"))
		return
	}
	c.Next()
}

// requireAdmin answers 403 to everyone but admins.
func (a *API) requireAdmin(c *gin.Context) {
	if err := newsroom.CanAdminister(auth.User(c)); err != nil {
		a.fail(c, err)
		return
	}
	c.Next()
}

// checkLang answers 404 for a language this server does not publish in.
func (a *API) checkLang(c *gin.Context) (string, bool) {
	lang := c.Param("lang")
	if err := a.langs.Check(lang); err != nil {
		a.fail(c, err)
		return "", false
	}
	return lang, true
}
