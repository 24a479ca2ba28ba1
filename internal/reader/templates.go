package reader

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"sync"

	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/web"
)

// pageNames are the page templates of the reader site, each a file of
// templates/reader/ that defines "main" and is executed through "layout"
// (layout.html).
var pageNames = []string{"list", "release", "unavailable", "notfound", "search"}

// templates holds one parsed template set per page. It is immutable after
// parseTemplates: pages are executed concurrently with the interface
// strings passed in their data, never bound into the shared set.
type templates struct {
	pages map[string]*template.Template
}

// parseTemplates parses layout.html with each page template from fsys.
// A missing page template is an error.
func parseTemplates(fsys fs.FS) (*templates, error) {
	pages, err := web.ParsePages(fsys, "templates/reader", []string{"layout"}, pageNames, nil)
	if err != nil {
		return nil, fmt.Errorf("reader: %w", err)
	}
	return &templates{pages: pages}, nil
}

// execute renders page with data into a new byte slice.
func (t *templates) execute(page string, data *pageData) ([]byte, error) {
	buf := renderBufs.Get().(*bytes.Buffer)
	defer renderBufs.Put(buf)
	buf.Reset()
	if err := t.pages[page].ExecuteTemplate(buf, "layout", data); err != nil {
		return nil, fmt.Errorf("reader: rendering %s (%s): %w", page, data.Lang, err)
	}
	// The site keeps every page in memory for as long as it is served: an
	// exact-size copy, not a buffer grown by doubling (which held twice to
	// four times the bytes, about 40 MB at 2,000 releases).
	return bytes.Clone(buf.Bytes()), nil
}

var renderBufs = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

// loc is the interface-string helper templates call: {{.L.T "SearchButton"}},
// {{.L.N "ReleasesCount" .Count}}, {{.L.T "ReadIn" "Language" .Name}}.
type loc struct{ l *i18n.Localizer }

// T returns message id; args are key/value pairs for its placeholders.
func (l loc) T(id string, args ...any) string {
	return l.l.T(id, i18n.Pairs(args...))
}

// N returns the plural message id for count; args are further key/value pairs.
func (l loc) N(id string, count int, args ...any) string {
	return l.l.N(id, count, i18n.Pairs(args...))
}

// Around returns the text of message id before and after its placeholder
// key, so a template can wrap the placeholder's value in markup (a
// language name in its own lang attribute).
func (l loc) Around(id, key string) [2]string {
	const mark = "\x00"
	before, after, _ := strings.Cut(l.l.T(id, map[string]any{key: mark}), mark)
	return [2]string{before, after}
}

// link is a language version of a page: for the switcher, hreflang
// alternates and the "available in" list.
type link struct {
	Lang    string
	Name    string // the language's own name
	Href    string // site-relative
	Abs     string // absolute, for alternates
	Title   string // the release's title in that language, when known
	Current bool
}

// uiStrings are the interface strings without placeholders of one
// language, looked up once: templates read them as plain fields.
type uiStrings struct {
	SiteName, NewsroomTitle, SkipToContent, LanguageSwitcherLabel  string
	SearchLabel, SearchButton, SearchTitle, FooterAbout, FeedTitle string
	NotFound, PageNotFound, AvailableIn                            string
	NothingPublishedYet, ReadInOtherLanguages                      string
	PaginationLabel, PaginationNext, PaginationPrevious            string
	// ReadIn is the "Read in {{.Language}}" link's text before and after the name.
	ReadIn [2]string
}

func newUIStrings(l loc) *uiStrings {
	return &uiStrings{
		SiteName: l.T("SiteName"), NewsroomTitle: l.T("NewsroomTitle"), SkipToContent: l.T("SkipToContent"),
		LanguageSwitcherLabel: l.T("LanguageSwitcherLabel"), SearchLabel: l.T("SearchLabel"),
		SearchButton: l.T("SearchButton"), SearchTitle: l.T("SearchTitle"), FooterAbout: l.T("FooterAbout"),
		FeedTitle: l.T("FeedTitle"), NotFound: l.T("NotFound"), PageNotFound: l.T("PageNotFound"),
		AvailableIn: l.T("AvailableIn"), PaginationLabel: l.T("PaginationLabel"),
		PaginationNext: l.T("PaginationNext"), PaginationPrevious: l.T("PaginationPrevious"),
		ReadIn:              l.Around("ReadIn", "Language"),
		NothingPublishedYet: l.T("NothingPublishedYet"), ReadInOtherLanguages: l.T("ReadInOtherLanguages"),
	}
}

// pageData is what every page template gets. Page-specific fields are
// zero on the pages that do not use them.
type pageData struct {
	Lang     string
	Dir      string
	L        loc
	UI       *uiStrings
	SiteName string
	CSS      string
	Home     string // "/ky/"
	FeedHref string
	SearchQ  string
	// Head.
	Title       string // the document's <title> before the site name; empty on the home page
	Description string
	Canonical   string
	Alternates  []link
	XDefault    string
	OGType      string
	NoIndex     bool
	// Switcher lists the languages the page exists in; SwitcherHere
	// tells whether the current language is one of them.
	Switcher []link

	Release     *releaseView
	List        *listView
	Unavailable *unavailableView
	Search      *searchView
}

// releaseView is one release's text on its page or in a list.
type releaseView struct {
	Href     string
	Title    string
	Place    string
	DateISO  string
	DateText string
	Lead     string
	Body     template.HTML
	// Updated is set when the release was corrected after it was first published.
	UpdatedISO  string
	UpdatedText string
}

type listView struct {
	Items []*releaseView
	// Others links to the other languages' lists when this one is empty.
	Others   []link
	Total    int
	Page     int
	Pages    int
	PrevHref string
	NextHref string
}

type unavailableView struct {
	LanguageName string
	Available    []link
}

type searchView struct {
	Query   string
	Count   int
	Results []searchResult
}

type searchResult struct {
	*releaseView
	Snippet string
}
