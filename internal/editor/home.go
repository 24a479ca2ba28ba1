package editor

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// workItem is one version on a translator's or reviewer's list.
type workItem struct {
	Release  *newsroom.Release
	Title    string // the source's title
	Lang     string
	Version  *newsroom.Version
	Outdated bool
	Href     string
}

// cell is one language of one release in the editors' matrix.
type cell struct {
	Lang     string
	Version  *newsroom.Version
	Outdated bool
	IsSource bool
	Href     string
}

type matrixRow struct {
	Release *newsroom.Release
	Title   string
	Cells   []cell
}

type matrixFilter struct {
	State, Lang, Outdated, Q string
}

type matrixView struct {
	Langs    []string
	States   []newsroom.State
	Filter   matrixFilter
	Rows     []matrixRow
	Total    int
	Page     int
	Pages    int
	PrevHref string
	NextHref string
}

type homeView struct {
	Translator bool
	Reviewer   bool
	Translate  []workItem
	Review     []workItem
	Matrix     *matrixView
}

const matrixPageSize = 50

func (e *Editor) home(c *gin.Context) {
	u := auth.User(c)
	p := e.page(c, "EdHomeTitle")
	p.Nav = "home"
	e.takeFlash(c, p)
	v := &homeView{Translator: u.Has(newsroom.RoleTranslator), Reviewer: u.Has(newsroom.RoleReviewer)}
	p.D = v
	ctx := c.Request.Context()
	status := http.StatusOK

	if v.Translator || v.Reviewer {
		all, err := e.releases.ListReleases(ctx, newsroom.ReleaseFilter{})
		if err != nil {
			e.failErr(c, err)
			return
		}
		// Oldest first: the longest-waiting work on top.
		rels := slices.Clone(all.Releases)
		slices.Reverse(rels)
		for _, r := range rels {
			src := r.Versions[r.SourceLang]
			for _, l := range e.langs.Codes() {
				ver := r.Versions[l]
				item := workItem{Release: r, Title: src.Title, Lang: l, Version: ver, Outdated: newsroom.Outdated(ver, src)}
				if l != r.SourceLang && u.HasLang(newsroom.RoleTranslator, l) {
					switch {
					case ver.State == newsroom.StateUntranslated, ver.State == newsroom.StateDraft,
						ver.State == newsroom.StateChangesRequested, item.Outdated:
						item.Href = editHref(r.ID, l)
						v.Translate = append(v.Translate, item)
					}
				}
				if u.HasLang(newsroom.RoleReviewer, l) && ver.State == newsroom.StateInReview {
					item.Href = reviewHref(r.ID, l)
					v.Review = append(v.Review, item)
				}
			}
		}
	}

	if u.IsEditor() || v.Translator || v.Reviewer {
		m, msg := e.matrix(c, u)
		if msg != "" {
			status, p.Error = http.StatusBadRequest, p.L.T(msg)
		}
		if m == nil {
			return
		}
		v.Matrix = m
	}
	e.render(c, status, "home", p)
}

// matrix builds the release × language overview from the query's filters:
// every language for editors, their own languages for translators and
// reviewers (so that they reach published texts too). An invalid filter is
// dropped and reported by message ID.
func (e *Editor) matrix(c *gin.Context, u *newsroom.User) (*matrixView, string) {
	m := &matrixView{Langs: e.langs.Codes(), States: newsroom.States, Page: 1}
	if !u.IsEditor() {
		m.Langs = nil
		for _, l := range e.langs.Codes() {
			if u.HasLang(newsroom.RoleTranslator, l) || u.HasLang(newsroom.RoleReviewer, l) {
				m.Langs = append(m.Langs, l)
			}
		}
	}
	q := c.Request.URL.Query()
	m.Filter = matrixFilter{State: q.Get("state"), Lang: q.Get("lang"), Outdated: q.Get("outdated"), Q: q.Get("q")}
	if len([]rune(m.Filter.Q)) > 200 {
		m.Filter.Q = string([]rune(m.Filter.Q)[:200])
	}
	f := newsroom.ReleaseFilter{Query: m.Filter.Q, Limit: matrixPageSize}
	var bad string
	if m.Filter.State != "" {
		s, err := newsroom.ParseState(m.Filter.State)
		if err != nil {
			bad, m.Filter.State = "EdBadFilter", ""
		}
		f.State = s
	}
	if m.Filter.Lang == "" && len(m.Langs) == 1 && !u.IsEditor() {
		f.Lang = m.Langs[0] // a state filter means the person's own language
	}
	if m.Filter.Lang != "" {
		if slices.Contains(m.Langs, m.Filter.Lang) {
			f.Lang = m.Filter.Lang
		} else {
			bad, m.Filter.Lang = "EdBadFilter", ""
		}
	}
	switch m.Filter.Outdated {
	case "":
	case "yes", "no":
		o := m.Filter.Outdated == "yes"
		f.Outdated = &o
	default:
		bad, m.Filter.Outdated = "EdBadFilter", ""
	}
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1_000_000 {
			bad = "EdBadFilter"
		} else {
			m.Page = n
		}
	}
	f.Offset = (m.Page - 1) * matrixPageSize
	page, err := e.releases.ListReleases(c.Request.Context(), f)
	if err != nil {
		e.failErr(c, err)
		return nil, ""
	}
	m.Total = page.Total
	m.Pages = max(1, (page.Total+matrixPageSize-1)/matrixPageSize)
	for _, r := range page.Releases {
		src := r.Versions[r.SourceLang]
		row := matrixRow{Release: r, Title: src.Title}
		for _, l := range m.Langs {
			ver := r.Versions[l]
			href := editHref(r.ID, l)
			if !u.IsEditor() && !u.HasLang(newsroom.RoleTranslator, l) {
				href = reviewHref(r.ID, l)
			}
			row.Cells = append(row.Cells, cell{Lang: l, Version: ver, Outdated: newsroom.Outdated(ver, src), IsSource: l == r.SourceLang, Href: href})
		}
		m.Rows = append(m.Rows, row)
	}
	link := func(n int) string {
		v := url.Values{}
		for k, s := range map[string]string{"state": m.Filter.State, "lang": m.Filter.Lang, "outdated": m.Filter.Outdated, "q": m.Filter.Q} {
			if s != "" {
				v.Set(k, s)
			}
		}
		v.Set("page", strconv.Itoa(n))
		return "/app/?" + v.Encode()
	}
	if m.Page > 1 {
		m.PrevHref = link(m.Page - 1)
	}
	if m.Page < m.Pages {
		m.NextHref = link(m.Page + 1)
	}
	return m, bad
}

func releaseHref(id string) string       { return "/app/releases/" + url.PathEscape(id) }
func editHref(id, lang string) string    { return releaseHref(id) + "/" + lang + "/edit" }
func reviewHref(id, lang string) string  { return releaseHref(id) + "/" + lang + "/review" }
func historyHref(id, lang string) string { return releaseHref(id) + "/" + lang + "/history" }
