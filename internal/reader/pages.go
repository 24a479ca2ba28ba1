package reader

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/render"
)

// descriptionLength is the longest description (meta, Open Graph, list lead) in characters.
const descriptionLength = 300

// newEntry precomputes what lists, feeds and search need of a snapshot.
func (s *Site) newEntry(p *version) *entry {
	e := &entry{
		p:        p,
		href:     releasePath(p.Lang, p.Slug),
		dateText: locale.FormatDate(p.Lang, p.Date, locale.Long),
	}
	e.view = &releaseView{
		Href:     e.href,
		Title:    p.Content.Title,
		Place:    p.Place,
		DateISO:  p.Date.Format("2006-01-02"),
		DateText: e.dateText,
		Lead:     p.Content.Lead,
	}
	// A correction published after the first publication is dated on the
	// page: readers should know the text changed.
	if p.PublishedAt.Sub(p.FirstPublishedAt) > correctionAfter {
		at := p.PublishedAt.In(s.cfg.Location)
		e.view.UpdatedISO = at.Format(time.RFC3339)
		e.view.UpdatedText = locale.FormatDate(p.Lang, at, locale.Long)
	}
	return e
}

// correctionAfter is how long after its first publication a republished
// version counts as corrected (publishing every language at once takes a
// moment).
const correctionAfter = time.Minute

// common fills what every page in lang has.
func (s *Site) common(lang string) *pageData {
	ui := s.ui[lang]
	return &pageData{
		Lang:     lang,
		Dir:      textDirection(lang),
		L:        loc{s.cfg.Catalog.Localizer(lang)},
		UI:       ui,
		SiteName: ui.SiteName,
		CSS:      s.css,
		Home:     "/" + lang + "/",
		FeedHref: "/" + lang + "/feed.atom",
	}
}

// textDirection returns "rtl" for languages written right to left.
func textDirection(lang string) string {
	base, _, _ := strings.Cut(lang, "-")
	switch base {
	case "ar", "fa", "he", "ur", "ps", "dv", "yi", "ckb", "sd", "ug":
		return "rtl"
	}
	return "ltr"
}

// abs makes a site path absolute.
func (s *Site) abs(path string) string { return s.base + path }

// chooseHref is the switcher link that remembers lang and goes to path.
func chooseHref(lang, path string) string {
	return "/" + lang + "/choose?next=" + url.QueryEscape(path)
}

// versionLinks lists the visible versions of a release in configured order.
func (s *Site) versionLinks(rb *relBuild, current string) []link {
	var out []link
	for _, l := range s.langs {
		e := rb.visible[l]
		if e == nil {
			continue
		}
		out = append(out, link{
			Lang: l, Name: s.langNames[l], Href: chooseHref(l, e.href), Abs: s.abs(e.href),
			Title: e.p.Content.Title, Current: l == current,
		})
	}
	return out
}

// renderRelease renders the page of one visible language version, whose
// body, rendered, is body.
func (s *Site) renderRelease(rb *relBuild, lang string, body template.HTML) (*prepared, error) {
	e := rb.visible[lang]
	p := e.p
	d := s.common(lang)
	d.Title = p.Content.Title
	d.Description = render.Truncate(strings.Join(strings.Fields(p.Content.Lead), " "), descriptionLength)
	d.Canonical = s.abs(e.href)
	d.OGType = "article"
	d.Switcher = s.versionLinks(rb, lang)
	d.Alternates = d.Switcher
	if x := s.primary(rb); x != nil {
		d.XDefault = s.abs(x.href)
	}
	v := *e.view
	v.Body = body
	d.Release = &v
	b, err := s.tpl.execute("release", d)
	if err != nil {
		return nil, err
	}
	return newPrepared(http.StatusOK, hdrHTML, b), nil
}

// renderUnavailable renders the 404 page for a release that readers can
// see, but not in lang: in lang, saying so, linking to the versions that exist.
func (s *Site) renderUnavailable(rb *relBuild, lang string) (*prepared, error) {
	d := s.common(lang)
	d.Title = d.UI.NotFound
	d.NoIndex = true
	d.Switcher = s.versionLinks(rb, lang)
	d.Unavailable = &unavailableView{LanguageName: s.langNames[lang], Available: d.Switcher}
	b, err := s.tpl.execute("unavailable", d)
	if err != nil {
		return nil, err
	}
	p := newPrepared(http.StatusNotFound, hdrHTML, b)
	p.noindex = true
	return p, nil
}

// renderListPage renders page n of a language's list.
func (s *Site) renderListPage(ls *langSnap, n int) (*prepared, error) {
	size := s.cfg.PageSize
	pages := ls.pageCount(size)
	d := s.common(ls.lang)
	d.Canonical = s.abs(listPath(ls.lang, n))
	d.OGType = "website"
	d.Description = d.UI.FooterAbout
	d.Title = d.UI.NewsroomTitle
	if n > 1 {
		d.Title += " — " + d.L.T("PaginationPageOf", "Page", n, "Pages", pages)
	}
	for _, l := range s.langs {
		d.Switcher = append(d.Switcher, link{Lang: l, Name: s.langNames[l], Href: chooseHref(l, "/"+l+"/"), Abs: s.abs("/" + l + "/"), Current: l == ls.lang})
	}
	if n == 1 {
		d.Alternates = d.Switcher
		d.XDefault = s.abs("/")
	}
	lv := &listView{Total: len(ls.entries), Page: n, Pages: pages}
	if len(ls.entries) == 0 {
		for _, l := range d.Switcher {
			if !l.Current {
				lv.Others = append(lv.Others, l)
			}
		}
	}
	lo, hi := (n-1)*size, min(n*size, len(ls.entries))
	for _, e := range ls.entries[lo:hi] {
		v := *e.view
		v.Lead = render.Truncate(strings.Join(strings.Fields(v.Lead), " "), descriptionLength)
		lv.Items = append(lv.Items, &v)
	}
	if n > 1 {
		lv.PrevHref = listPath(ls.lang, n-1)
	}
	if n < pages {
		lv.NextHref = listPath(ls.lang, n+1)
	}
	d.List = lv
	b, err := s.tpl.execute("list", d)
	if err != nil {
		return nil, err
	}
	return newPrepared(http.StatusOK, hdrHTML, b), nil
}

// renderNotFound renders the generic 404 page in lang.
func (s *Site) renderNotFound(lang string) (*prepared, error) {
	d := s.common(lang)
	d.Title = d.UI.PageNotFound
	d.NoIndex = true
	for _, l := range s.langs {
		d.Switcher = append(d.Switcher, link{Lang: l, Name: s.langNames[l], Href: chooseHref(l, "/"+l+"/"), Current: l == lang})
	}
	b, err := s.tpl.execute("notfound", d)
	if err != nil {
		return nil, err
	}
	p := newPrepared(http.StatusNotFound, hdrHTML, b)
	p.noindex = true
	return p, nil
}

// robots prepares robots.txt: the public site is open, the editor and the API are not.
func (s *Site) robots() *prepared {
	body := "User-agent: *\nDisallow: /app/\nDisallow: /api/\nAllow: /\n\nSitemap: " + s.abs("/sitemap.xml") + "\n"
	return newPrepared(http.StatusOK, hdrText, []byte(body))
}

// htmlText returns the text of sanitized HTML: tags removed (block tags
// leave a space), entities decoded, white space collapsed.
func htmlText(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for len(h) > 0 {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		if blockTag(h[i+1 : i+j]) {
			b.WriteByte(' ')
		}
		h = h[i+j+1:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// blockTag reports whether the inside of a tag ("p", "/li", "br /") names
// an element that separates words.
func blockTag(tag string) bool {
	tag = strings.TrimPrefix(tag, "/")
	end := strings.IndexAny(tag, " \t\n/")
	if end >= 0 {
		tag = tag[:end]
	}
	switch strings.ToLower(tag) {
	case "p", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
		"pre", "div", "table", "thead", "tbody", "tr", "td", "th", "hr", "dl", "dt", "dd":
		return true
	}
	return false
}
