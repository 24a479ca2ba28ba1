package reader

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/search"
)

// Search limits.
const (
	maxQueryRunes  = 200 // a longer query is cut
	maxSearchShown = 20  // best results shown; the count covers them all
	snippetRunes   = 240 // length of a result's excerpt
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

// maxDeltaDocs is how many changed versions a language's search delta
// holds before the base index is rebuilt from a scan of the store.
const maxDeltaDocs = 256

// langSearch is one language's search: a base index built from a scan of
// the store (or from the bodies a full reload read), and a delta index of
// the versions that changed since, small and rebuilt with every change.
// The base is not rebuilt on a publish, so a publish costs the same at any
// archive size; hits of versions that changed since are dropped from the
// base's answer (their digest differs) and come from the delta. It is
// immutable: changes replace it under Site.idxMu.
type langSearch struct {
	base     *search.Index // nil until the first index has been built
	baseSums map[string]uint64
	delta    *search.Index
	deltas   map[string]*deltaDoc
}

// deltaDoc is a version in a search delta, with the plain text its
// excerpts are cut from.
type deltaDoc struct {
	doc   search.Doc
	sum   uint64
	plain string
}

// searchDoc is what the index holds of a version. Bodies are indexed as
// Markdown: the search folds markup characters away.
func searchDoc(v *version, body string) search.Doc {
	return search.Doc{ID: v.ReleaseID, Title: v.Content.Title, Lead: v.Content.Lead, Body: body, Place: v.Place, Date: v.Date}
}

// plainText is the start of a rendered body as plain text, which excerpts
// are cut from: at most snippetWindow bytes, so that an excerpt costs the
// same whatever the size of the body.
func (s *Site) plainText(body string) string {
	return clipText(htmlText(string(s.md.Markdown(body))), snippetWindow)
}

// indexAll gives every language a new base index from the versions and
// bodies a full reload read.
func (s *Site) indexAll(raw map[string]map[string]*version, fresh bodies) {
	builders := map[string]*search.Builder{}
	sums := map[string]map[string]uint64{}
	for _, l := range s.langs {
		builders[l], sums[l] = search.NewBuilder(l), map[string]uint64{}
	}
	for id, m := range raw {
		for l, v := range m {
			builders[l].Add(searchDoc(v, fresh[id][l]))
			sums[l][id] = v.sum
		}
	}
	for _, l := range s.langs {
		s.installBase(l, builders[l].Index(), sums[l])
	}
}

// installBase makes ix, which indexed the versions with the digests in
// sums, lang's base index, keeping in the delta only what changed since.
func (s *Site) installBase(lang string, ix *search.Index, sums map[string]uint64) {
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	old := s.searches[lang].Load()
	next := &langSearch{base: ix, baseSums: sums, deltas: map[string]*deltaDoc{}}
	if old != nil {
		for id, d := range old.deltas {
			if sums[id] != d.sum {
				next.deltas[id] = d
			}
		}
	}
	next.delta = deltaIndex(lang, next.deltas)
	s.searches[lang].Store(next)
}

func deltaIndex(lang string, deltas map[string]*deltaDoc) *search.Index {
	if len(deltas) == 0 {
		return nil
	}
	docs := make([]search.Doc, 0, len(deltas))
	for _, d := range deltas {
		docs = append(docs, d.doc)
	}
	return search.BuildLang(lang, docs)
}

// updateSearch puts the visible versions that a rebuild changed into their
// languages' search deltas. A version the base (or the scan under way)
// already holds is left alone; when a delta grows past maxDeltaDocs the
// base is rebuilt from a scan of the store.
func (s *Site) updateSearch(ctx context.Context, ids []string, results []*relBuild, errs []error, fullReload bool) {
	if fullReload {
		return // indexAll covered everything
	}
	type change struct {
		lang string
		id   string
		d    *deltaDoc
	}
	var changes []change
	for i, id := range ids {
		rb := results[i]
		if errs[i] != nil || rb == nil {
			continue
		}
		for l, e := range rb.visible {
			sx := s.searches[l].Load()
			_, fresh := rb.bodies[l]
			switch {
			case sx != nil && sx.baseSums[id] == e.p.sum && sx.deltas[id] == nil:
				continue // the base has it
			case sx != nil && sx.deltas[id] != nil && sx.deltas[id].sum == e.p.sum:
				continue // the delta has it
			case (sx == nil || sx.base == nil) && !fresh:
				continue // the scan under way reads it from the store
			}
			body, err := s.bodyOf(ctx, e.p, rb.bodies)
			if err != nil {
				s.log.Warn("reader: a changed release is not searchable until the next scan", "release", id, "lang", l, "err", err)
				s.scheduleScan()
				continue
			}
			changes = append(changes, change{l, id, &deltaDoc{doc: searchDoc(e.p, body), sum: e.p.sum, plain: s.plainText(body)}})
		}
	}
	if len(changes) == 0 {
		return
	}
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	byLang := map[string]*langSearch{}
	for _, c := range changes {
		next := byLang[c.lang]
		if next == nil {
			next = &langSearch{deltas: map[string]*deltaDoc{}}
			if old := s.searches[c.lang].Load(); old != nil {
				next.base, next.baseSums = old.base, old.baseSums
				maps.Copy(next.deltas, old.deltas)
			}
			byLang[c.lang] = next
		}
		next.deltas[c.id] = c.d
	}
	for l, next := range byLang {
		next.delta = deltaIndex(l, next.deltas)
		s.searches[l].Store(next)
		if len(next.deltas) > maxDeltaDocs {
			s.scheduleScanLocked()
		}
	}
}

// scheduleScan asks for the base indexes to be rebuilt from a scan of the
// store, in the background; requests made while a scan runs are served by
// one more scan after it.
func (s *Site) scheduleScan() {
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	s.scheduleScanLocked()
}

func (s *Site) scheduleScanLocked() {
	s.scanWant = true
	if s.scanning {
		return
	}
	s.scanning = true
	go s.scanWorker()
}

func (s *Site) scanWorker() {
	for {
		s.idxMu.Lock()
		if !s.scanWant {
			s.scanning = false
			s.idxMu.Unlock()
			return
		}
		s.scanWant = false
		s.idxMu.Unlock()
		if err := s.scan(); err != nil {
			s.log.Error("reader: indexing the published releases for search", "err", err)
			s.idxMu.Lock()
			s.scanning = false
			s.idxMu.Unlock()
			return // the next change or a later poll asks again
		}
	}
}

// scanTimeout bounds one scan of the store for search.
const scanTimeout = 10 * time.Minute

// scan rebuilds every language's base index from the store, one document
// at a time: no body is held past its indexing.
func (s *Site) scan() error {
	ctx, cancel := context.WithTimeout(context.Background(), scanTimeout)
	defer cancel()
	builders := map[string]*search.Builder{}
	sums := map[string]map[string]uint64{}
	for _, l := range s.langs {
		builders[l], sums[l] = search.NewBuilder(l), map[string]uint64{}
	}
	err := s.cfg.Source.EachPublished(ctx, func(p *newsroom.Published) error {
		b := builders[p.Lang]
		if b == nil {
			return nil
		}
		v, body := newVersion(p)
		b.Add(searchDoc(v, body))
		sums[p.Lang][p.ReleaseID] = v.sum
		return nil
	})
	if err != nil {
		return err
	}
	for _, l := range s.langs {
		s.installBase(l, builders[l].Index(), sums[l])
	}
	return nil
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
	sx := s.searches[lang].Load()
	if q != "" && (sx == nil || sx.base == nil) {
		s.unavailable(c) // still indexing after the start
		return
	}
	if q != "" {
		s.searchInto(c.Request.Context(), sv, ls, sx, q)
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

// searchInto fills sv with the hits of q: the base's, less the versions
// that changed since it was built, and the delta's, merged by score; and
// the excerpts of those shown, cut from their bodies (read from the store
// for base hits, a few at a time; the lead stands in when one cannot be read).
func (s *Site) searchInto(ctx context.Context, sv *searchView, ls *langSnap, sx *langSearch, q string) {
	type hit struct {
		e     *entry
		delta *deltaDoc
	}
	// Segment 0 is the base, 1 the delta: a version is taken from the one
	// that indexed the body readers see now.
	skip := func(seg int, id string) bool {
		e := ls.byID[id]
		if e == nil {
			return true // not visible (unpublished, embargoed)
		}
		d := sx.deltas[id]
		if seg == 1 {
			return d == nil || d.sum != e.p.sum
		}
		return d != nil || sx.baseSums[id] != e.p.sum
	}
	var hits []hit
	for _, h := range search.SearchSegments([]*search.Index{sx.base, sx.delta}, q, 0, skip) {
		hits = append(hits, hit{e: ls.byID[h.ID], delta: sx.deltas[h.ID]})
	}
	sv.Count = len(hits)
	shown := hits[:min(len(hits), maxSearchShown)]
	plains := make([]string, len(shown))
	var wg sync.WaitGroup
	sem := make(chan struct{}, snippetReads)
	for i, h := range shown {
		if h.delta != nil {
			plains[i] = h.delta.plain
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if body, err := s.bodyOf(ctx, h.e.p, nil); err == nil {
				plains[i] = s.plainText(body)
			} else {
				plains[i] = h.e.p.Content.Lead
			}
		})
	}
	wg.Wait()
	for i, h := range shown {
		sv.Results = append(sv.Results, searchResult{releaseView: h.e.view, Snippet: sx.base.Snippet(plains[i], q, snippetRunes)})
	}
}

// snippetReads bounds the bodies one search reads from the store at once.
const snippetReads = 4

// Indexing reports whether search indexes are being built in the background
// (after the start, or from a scan of the store).
func (s *Site) Indexing() bool {
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	return s.scanning
}
