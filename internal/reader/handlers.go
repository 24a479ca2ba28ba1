package reader

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// handlePage serves a prepared page by its path: release pages, the first
// list pages, feeds and the sitemap. A path the snapshot does not hold is
// a 404 in the language of its prefix, or in the reader's language when the
// prefix is not a language.
func (s *Site) handlePage(c *gin.Context) {
	if p := s.cur.Load().pages[c.Request.URL.Path]; p != nil {
		if p.lazy != nil {
			var err error
			if p, err = s.resolve(c.Request.Context(), p, c.Param("lang")); err != nil {
				// The body could not be read (the database is away, or the
				// release was unpublished a moment ago): try again shortly.
				s.log.Warn("reader: rendering a release page", "path", c.Request.URL.Path, "err", err)
				s.unavailable(c)
				return
			}
		}
		p.serve(c.Writer, c.Request)
		return
	}
	s.notFoundIn(c, c.Param("lang"))
}

// ServeRendered serves r from the pages the site holds rendered — the hot
// release pages, the first list pages, the feeds, the sitemap, robots.txt,
// and older releases' pages in the page cache — when r asks for one, and
// reports the route (as Register registers it) that would have served it and
// the status written. It is the server's fast path in front of its router:
// it costs a map lookup, and a request it does not serve (a page not
// rendered yet, a search, anything else) is left untouched for the router
// (ok is false). prepare, when not nil, is given the response's headers
// just before a page is written (the server's security headers). Call it
// for GET and HEAD only.
func (s *Site) ServeRendered(w http.ResponseWriter, r *http.Request, prepare func(http.Header)) (route string, status int, ok bool) {
	path := r.URL.Path
	p := s.cur.Load().pages[path]
	if p != nil && p.lazy != nil {
		lang, _, _ := strings.Cut(path[1:], "/")
		p = s.pages.lookup(cacheKey{p, lang}, false)
	}
	if p == nil {
		return "", 0, false
	}
	if route = routeOf(path); route == "" {
		return "", 0, false
	}
	if prepare != nil {
		prepare(w.Header())
	}
	return route, p.serve(w, r), true
}

// routeOf returns the pattern Register serves a page path under, or "".
func routeOf(path string) string {
	if path == "/sitemap.xml" {
		return path
	}
	rest, ok := strings.CutPrefix(path, "/")
	if !ok {
		return ""
	}
	lang, rest, more := strings.Cut(rest, "/")
	switch {
	case lang == "":
		return ""
	case !more:
		return "/:lang"
	case rest == "":
		return "/:lang/"
	case rest == "feed.atom":
		return "/:lang/feed.atom"
	case strings.HasPrefix(rest, "releases/") && !strings.Contains(rest[len("releases/"):], "/"):
		return "/:lang/releases/:slug"
	case strings.HasPrefix(rest, "page/") && !strings.Contains(rest[len("page/"):], "/"):
		return "/:lang/page/:n"
	}
	return ""
}

// notFoundIn serves the 404 page of lang, or the negotiated one if lang is
// not a configured language.
func (s *Site) notFoundIn(c *gin.Context, lang string) {
	if !s.ready.Load() {
		s.unavailable(c)
		return
	}
	if p := s.notFound[lang]; p != nil {
		p.serve(c.Writer, c.Request)
		return
	}
	s.negotiatedNotFound(c)
}

// negotiatedNotFound serves the 404 page in the reader's language.
func (s *Site) negotiatedNotFound(c *gin.Context) {
	if !s.ready.Load() {
		s.unavailable(c)
		return
	}
	s.notFoundNeg[s.readerLang(c.Request)].serve(c.Writer, c.Request)
}

// handleTop serves one-segment paths: /ky redirects to /ky/, /robots.txt
// and the parts of a split sitemap are pages, anything else is a 404.
func (s *Site) handleTop(c *gin.Context) {
	if p := s.cur.Load().pages[c.Request.URL.Path]; p != nil {
		p.serve(c.Writer, c.Request)
		return
	}
	if loc, ok := s.rootLoc[c.Param("lang")]; ok {
		c.Writer.Header()["Location"] = loc
		c.Writer.WriteHeader(http.StatusMovedPermanently)
		return
	}
	s.negotiatedNotFound(c)
}

// handleListPage serves /:lang/page/:n, rendering the page on its first
// request after a change when it is not one of the eagerly rendered ones.
func (s *Site) handleListPage(c *gin.Context) {
	snap := s.cur.Load()
	if p := snap.pages[c.Request.URL.Path]; p != nil {
		p.serve(c.Writer, c.Request)
		return
	}
	lang := c.Param("lang")
	ls := snap.langs[lang]
	if ls == nil {
		s.notFoundIn(c, lang)
		return
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 || n > len(ls.listPages) || c.Param("n") != strconv.Itoa(n) {
		s.notFoundIn(c, lang)
		return
	}
	if n == 1 {
		c.Writer.Header()["Location"] = s.rootLoc[lang]
		c.Writer.WriteHeader(http.StatusMovedPermanently)
		return
	}
	p := ls.listPages[n-1].Load()
	if p == nil {
		p, err = s.renderListPage(ls, n)
		if err != nil {
			s.log.Error("reader: rendering a list page", "lang", lang, "page", n, "err", err)
			c.AbortWithStatus(http.StatusInternalServerError)
			return
		}
		ls.listPages[n-1].CompareAndSwap(nil, p)
	}
	p.serve(c.Writer, c.Request)
}

// unavailable answers 503 while the site has not loaded yet: a page that
// exists must not be reported missing just because this instance is starting.
func (s *Site) unavailable(c *gin.Context) {
	h := c.Writer.Header()
	h["Retry-After"] = []string{"1"}
	h["Cache-Control"] = hdrNoStore
	c.Data(http.StatusServiceUnavailable, hdrText[0], []byte("The site is starting; try again in a moment.\n"))
}

// handleRoot sends the reader to their language's home page: the language
// they picked before (cookie), else the best match of Accept-Language, else
// the default.
func (s *Site) handleRoot(c *gin.Context) {
	lang := s.readerLang(c.Request)
	h := c.Writer.Header()
	h["Vary"] = hdrVaryRoot
	h["Cache-Control"] = hdrPrivate
	h["Location"] = s.rootLoc[lang]
	c.Writer.WriteHeader(http.StatusSeeOther)
}

// readerLang chooses the reader's language for pages whose URL does not say it.
func (s *Site) readerLang(r *http.Request) string {
	if ck, err := r.Cookie(CookieName); err == nil {
		if _, ok := s.langIndex[ck.Value]; ok {
			return ck.Value
		}
	}
	return s.neg.Match(strings.Join(r.Header.Values("Accept-Language"), ","))
}

// handleChoose is the language switcher's target: /ky/choose?next=/ky/releases/x
// remembers ky in a cookie and goes to next, which must be a page of the
// chosen language (else the language's home page). A plain link does it: no
// JavaScript needed.
func (s *Site) handleChoose(c *gin.Context) {
	lang := c.Param("lang")
	if _, ok := s.langIndex[lang]; !ok {
		s.negotiatedNotFound(c)
		return
	}
	next := c.Query("next")
	if !safeNext(lang, next) {
		next = "/" + lang + "/"
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     CookieName,
		Value:    lang,
		Path:     "/",
		MaxAge:   int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
	h := c.Writer.Header()
	h["Cache-Control"] = hdrNoStore
	h["Location"] = []string{next}
	c.Writer.WriteHeader(http.StatusSeeOther)
}

// safeNext reports whether next is a local path inside lang's part of the
// site, so the switcher cannot be used to redirect elsewhere.
func safeNext(lang, next string) bool {
	if !strings.HasPrefix(next, "/"+lang+"/") || len(next) > 2048 || strings.ContainsAny(next, "\\\r\n\t#") {
		return false
	}
	path, _, _ := strings.Cut(next, "?")
	return !strings.Contains(path, "//") && !strings.Contains(path, "/../") && !strings.HasSuffix(path, "/..")
}
