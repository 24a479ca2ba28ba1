package editor

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/httperror"
	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/xliff"
	"github.com/kotormo/kotormo/web"
)

// pageNames are the page templates, each a file of templates/editor/ that
// defines "main" and is executed through "layout" (layout.html).
var pageNames = []string{
	"login", "home", "release_new", "release", "version", "review", "history",
	"users", "user", "tokens", "prefs", "error", "xliff", "webhooks",
	"glossaries", "glossary",
}

// templates holds one parsed template set per page. It is immutable after
// parseTemplates: the interface strings travel in each request's data,
// never bound into the shared set.
type templates struct {
	pages map[string]*template.Template
}

// funcs are the pure helpers templates may call; nothing here depends on the
// request.
var funcs = template.FuncMap{
	"stateClass": func(s newsroom.State) string { return "state-" + strings.ReplaceAll(string(s), "_", "-") },
	"states":     func() []newsroom.State { return newsroom.States },
	"add":        func(a, b int) int { return a + b },
	"langName":   locale.Name,
	"iso":        func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"opClass":    func(k fmt.Stringer) string { return k.String() },
	// mayExportXLIFF asks the xliff package who may download a translation.
	"mayExportXLIFF": xliff.MayExport,
	// args makes a map of key/value pairs, to pass several values to a partial.
	"args": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				m[k] = kv[i+1]
			}
		}
		return m
	},
	// rows suggests a textarea height for a text.
	"rows": func(s string, lo int) int {
		n := utf8.RuneCountInString(s)/60 + strings.Count(s, "\n") + 1
		return max(lo, min(n, 30))
	},
}

// sharedTemplates are parsed with every page: the layout and the parts
// pages include.
var sharedTemplates = []string{"layout", "parts", "assistant"}

// parseTemplates parses layout.html and parts.html with each page template
// from fsys. A missing page template is an error.
func parseTemplates(fsys fs.FS) (*templates, error) {
	pages, err := web.ParsePages(fsys, "templates/editor", sharedTemplates, pageNames, funcs)
	if err != nil {
		return nil, fmt.Errorf("editor: %w", err)
	}
	return &templates{pages: pages}, nil
}

// loc is the interface-string helper templates call: {{.L.T "Save"}},
// {{.L.N "ReleasesCount" 3}}, {{.L.T "Revision" "Rev" 4}}.
type loc struct {
	l  *i18n.Localizer
	tz *time.Location // the site time zone
}

// T returns message id; args are key/value pairs for its placeholders.
func (l loc) T(id string, args ...any) string { return l.l.T(id, i18n.Pairs(args...)) }

// Lang returns the interface language, for marking interface text inside
// content in another language.
func (l loc) Lang() string { return l.l.Lang() }

// N returns the plural message id for count; args are further key/value pairs.
func (l loc) N(id string, count int, args ...any) string {
	return l.l.N(id, count, i18n.Pairs(args...))
}

// State returns the localized name of a workflow state.
func (l loc) State(s newsroom.State) string { return l.l.State(s) }

// Role returns the localized name of a role.
func (l loc) Role(r newsroom.Role) string { return l.l.Role(r) }

// Action returns the localized name of an audit-log action.
func (l loc) Action(a string) string {
	switch a {
	case "create":
		return l.T("EdAuditCreate")
	case "update":
		return l.T("EdAuditUpdate")
	case string(newsroom.ActionSave):
		return l.T("EdAuditSave")
	case string(newsroom.ActionRestore):
		return l.T("EdAuditRestore")
	case string(newsroom.ActionSubmit):
		return l.T("EdAuditSubmit")
	case string(newsroom.ActionApprove):
		return l.T("EdAuditApprove")
	case string(newsroom.ActionRequestChanges):
		return l.T("EdAuditRequestChanges")
	case string(newsroom.ActionPublish):
		return l.T("EdAuditPublish")
	case string(newsroom.ActionUnpublish):
		return l.T("EdAuditUnpublish")
	case string(newsroom.ActionMarkNotSubstantive):
		return l.T("EdAuditMarkNotSubstantive")
	}
	return a
}

// Error returns err's message in the interface language.
func (l loc) Error(err error) string { return l.l.Error(err) }

// Stamp writes a moment in the site time zone, in the interface language,
// with the zone's offset: "15 October 2026, 09:00 (UTC+6)".
func (l loc) Stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return locale.FormatDateTime(l.l.Lang(), t, l.tz)
}

// Zone names the site time zone and its offset now: "Asia/Bishkek, UTC+6".
func (l loc) Zone() string {
	return l.tz.String() + ", " + locale.OffsetName(time.Now(), l.tz)
}

// Date writes a dateline date in the interface language.
func (l loc) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return locale.FormatDate(l.l.Lang(), t, locale.Long)
}

// page is what every template gets; D holds the page's own view.
type page struct {
	L     loc
	Lang  string // the interface language
	User  *newsroom.User
	Title string
	Nav   string // the current navigation item
	Flash string
	Error string
	// IsEditor and IsAdmin choose the navigation links.
	IsEditor, IsAdmin bool
	// Glossaries shows the glossaries' link (the server has them).
	Glossaries bool
	D          any
}

// page starts the data of a page for the requesting user, in their interface language.
func (e *Editor) page(c *gin.Context, title string) *page {
	u := auth.User(c)
	lang := e.uiLang(c, u)
	p := &page{L: loc{l: e.catalog.Localizer(lang), tz: e.tz}, Lang: lang, User: u, IsEditor: u.IsEditor(), IsAdmin: u.IsAdmin(), Glossaries: e.glossaries != nil}
	if title != "" {
		p.Title = p.L.T(title)
	}
	return p
}

// uiLang is the user's chosen interface language, else the best match for
// the browser's Accept-Language among the languages that have strings.
func (e *Editor) uiLang(c *gin.Context, u *newsroom.User) string {
	if u != nil && u.UILang != "" && e.neg.Supported(u.UILang) {
		return u.UILang
	}
	return e.neg.Match(c.GetHeader("Accept-Language"))
}

// render writes page name with status.
func (e *Editor) render(c *gin.Context, status int, name string, p *page) {
	var buf bytes.Buffer
	buf.Grow(32 << 10)
	if err := e.tpl.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		e.log.Error("editor: rendering page", "page", name, "err", err)
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// fail renders the error page with status and message.
func (e *Editor) fail(c *gin.Context, p *page, status int, msg string) {
	if p.Title == "" {
		p.Title = p.L.T("EdErrorTitle")
	}
	p.Error = msg
	p.D = status
	e.render(c, status, "error", p)
	c.Abort()
}

func (e *Editor) forbidden(c *gin.Context) {
	p := e.page(c, "")
	e.fail(c, p, http.StatusForbidden, p.L.T("EdForbidden"))
}

func (e *Editor) notFound(c *gin.Context) {
	p := e.page(c, "")
	e.fail(c, p, http.StatusNotFound, p.L.T("EdNotFound"))
}

// failErr renders the error page for a store error: its status, and a
// message in the interface language where one fits.
func (e *Editor) failErr(c *gin.Context, err error) {
	p := e.page(c, "")
	code := newsroom.ErrorCode(err)
	status, msg := e.describe(c, p.L, err)
	if code == newsroom.EInternal && status != http.StatusServiceUnavailable {
		status = http.StatusInternalServerError
	}
	e.fail(c, p, status, msg)
}

// describe returns the status and user-facing message for err, logging
// internal errors. Coded domain errors are shown in the interface language;
// the few errors that have no catalogue entry yet get the interface's
// sentence for their code, with their detail after it.
func (e *Editor) describe(c *gin.Context, l loc, err error) (int, string) {
	err = httperror.Classify(err)
	code := newsroom.ErrorCode(err)
	status := httperror.Status(code)
	if de, ok := newsroom.AsError(err); ok && de.ID != "" && code != newsroom.EInternal {
		return status, l.Error(err)
	}
	switch code {
	case newsroom.EUnavailable:
		e.log.Error("editor: database unavailable", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		c.Header("Retry-After", "5")
		return http.StatusServiceUnavailable, l.T("EdUnavailable")
	case newsroom.EInternal:
		e.log.Error("editor: internal error", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		return http.StatusInternalServerError, l.T("EdInternalError")
	case newsroom.ENotFound:
		return status, l.T("EdNotFound")
	case newsroom.EForbidden:
		return status, l.T("EdForbiddenDetail", "Detail", newsroom.ErrorMessage(err))
	case newsroom.EConflict:
		return status, l.T("EdConflictDetail", "Detail", newsroom.ErrorMessage(err))
	case newsroom.ETooMany:
		return status, l.T("TooManyAttempts")
	case newsroom.ETooLarge:
		return status, l.T("EdTooLarge")
	}
	return status, l.T("EdInvalidDetail", "Detail", newsroom.ErrorMessage(err))
}

// Flash messages survive one redirect in a short-lived cookie holding only
// a message ID from flashIDs, never free text.
const flashCookie = "kotormo_flash"

var flashIDs = map[string]bool{
	"Saved": true, "EdFlashSubmitted": true, "EdFlashApproved": true, "EdFlashChangesRequested": true,
	"EdFlashPublished": true, "EdFlashUnpublished": true, "EdFlashMarked": true, "EdFlashRestored": true,
	"EdFlashCreated": true, "EdFlashReleaseUpdated": true, "EdFlashUserCreated": true, "EdFlashUserUpdated": true,
	"EdFlashTokenRevoked": true, "EdFlashPrefsSaved": true, "EdFlashLoggedOut": true, "EdFlashPublishedAll": true,
	"EdFlashNoChange": true, "EdFlashXliffImported": true,
	"EdFlashWebhookDeleted": true,
	"EdFlashTermAdded":      true, "EdFlashTermSaved": true, "EdFlashTermDeleted": true, "EdFlashGlossaryImported": true,
}

// redirect answers a successful form post (post/redirect/get) with a flash message.
func (e *Editor) redirect(c *gin.Context, to, flash string) {
	if flashIDs[flash] {
		http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: flash, Path: "/app", MaxAge: 60,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: e.secureCookies || c.Request.TLS != nil})
	}
	c.Redirect(http.StatusSeeOther, to)
	c.Abort()
}

// takeFlash returns the pending flash message, clearing it.
func (e *Editor) takeFlash(c *gin.Context, p *page) {
	ck, err := c.Request.Cookie(flashCookie)
	if err != nil || !flashIDs[ck.Value] {
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: "", Path: "/app", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: e.secureCookies || c.Request.TLS != nil})
	p.Flash = p.L.T(ck.Value)
}
