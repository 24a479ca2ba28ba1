package reader

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/search"
)

// Search limits.
const (
	maxQueryRunes  = 200  // a longer query is cut
	maxSearchShown = 20   // best results shown; the count covers them all
	snippetRunes   = 240  // length of a result's excerpt
	syncIndexLimit = 2000 // languages with more releases are indexed in the background
	// snippetWindow bounds the plain text (bytes) a result's excerpt is
	// looked for in: the start of the body. A match further on gives the
	// start of the body as the excerpt.
	snippetWindow = 16 << 10
)

// clipText returns at most n bytes of s, cut at a word boundary when one is
// near and never inside a character.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > n-200 {
		cut = sp
	}
	return s[:cut]
}

// buildIndex indexes a language's releases. Bodies are indexed as Markdown:
// the search folds markup characters away.
func buildIndex(lang string, entries []*entry) *search.Index {
	docs := make([]search.Doc, len(entries))
	for i, e := range entries {
		docs[i] = search.Doc{ID: e.p.ReleaseID, Title: e.p.Content.Title, Lead: e.p.Content.Lead, Body: e.p.Content.Body, Place: e.p.Place, Date: e.p.Date}
	}
	return search.BuildLang(lang, docs)
}

// indexLangs gives each new language snapshot a search index: at once for
// small languages, else in the background while the previous index (whose
// stale hits the handler drops) keeps answering.
func (s *Site) indexLangs(snap, old *snapshot) {
	for _, lang := range s.langs {
		ls := snap.langs[lang]
		prev := old.langOf(lang)
		if prev == ls {
			continue
		}
		if old == nil || prev == nil || len(ls.entries) <= syncIndexLimit {
			ls.index.Store(buildIndex(ls.lang, ls.entries))
			continue
		}
		// A large language is indexed in the background, also at start, so
		// that pages are served at once; until its first index exists the
		// search answers 503 (see handleSearch).
		if prev != nil {
			ls.index.Store(prev.index.Load())
		}
		s.scheduleIndex(ls)
	}
}

// scheduleIndex queues ls for the background indexer, replacing an older
// snapshot of the same language that was still waiting.
func (s *Site) scheduleIndex(ls *langSnap) {
	s.idxMu.Lock()
	s.idxWant[ls.lang] = ls
	start := !s.idxRunning
	s.idxRunning = true
	s.idxMu.Unlock()
	if start {
		go s.indexWorker()
	}
}

func (s *Site) indexWorker() {
	for {
		s.idxMu.Lock()
		var ls *langSnap
		for l, v := range s.idxWant {
			ls = v
			delete(s.idxWant, l)
			break
		}
		if ls == nil {
			s.idxRunning = false
			s.idxMu.Unlock()
			return
		}
		s.idxMu.Unlock()
		ls.index.Store(buildIndex(ls.lang, ls.entries))
	}
}

// handleSearch answers /:lang/search?q=…, with excerpts cut from the
// entries' precomputed plain text.
func (s *Site) handleSearch(c *gin.Context) {
	lang := c.Param("lang")
	if _, ok := s.langIndex[lang]; !ok {
		s.negotiatedNotFound(c)
		return
	}
	q := strings.TrimSpace(c.Query("q"))
	if !utf8.ValidString(q) {
		q = strings.ToValidUTF8(q, "")
	}
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = string([]rune(q)[:maxQueryRunes])
	}
	snap := s.cur.Load()
	ls := snap.langs[lang]
	if ls == nil {
		s.unavailable(c)
		return
	}
	d := s.common(lang)
	d.Title = d.UI.SearchTitle
	d.NoIndex = true
	d.SearchQ = q
	for _, l := range s.langs {
		href := "/" + l + "/search"
		if q != "" {
			href += "?q=" + url.QueryEscape(q)
		}
		d.Switcher = append(d.Switcher, link{Lang: l, Name: s.langNames[l], Href: chooseHref(l, href), Current: l == lang})
	}
	sv := &searchView{Query: q}
	if q != "" && ls.index.Load() == nil {
		s.unavailable(c) // still indexing after the start
		return
	}
	if q != "" {
		if ix := ls.index.Load(); ix != nil {
			for _, h := range ix.Search(q, 0) {
				e := ls.byID[h.ID]
				if e == nil {
					continue // unpublished since the index was built
				}
				sv.Count++
				if len(sv.Results) < maxSearchShown {
					sv.Results = append(sv.Results, searchResult{releaseView: e.view, Snippet: ix.Snippet(e.plain, q, snippetRunes)})
				}
			}
		}
		d.Title = d.L.N("SearchResultsCount", sv.Count, "Query", q)
	}
	d.Search = sv
	b, err := s.tpl.execute("search", d)
	if err != nil {
		s.log.Error("reader: rendering search", "err", err)
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	h := c.Writer.Header()
	h["Cache-Control"] = hdrPrivate
	h["X-Content-Type-Options"] = hdrNosniff
	h["Content-Security-Policy"] = hdrCSP
	h["X-Robots-Tag"] = hdrNoIndex
	c.Data(http.StatusOK, hdrHTML[0], b)
}

// Indexing reports whether search indexes are being built in the background
// (after the start or a change in a large language).
func (s *Site) Indexing() bool {
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	return s.idxRunning
}
