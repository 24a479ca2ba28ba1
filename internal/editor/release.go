package editor

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// Form layouts of the date and embargo inputs (<input type=date> and
// <input type=datetime-local>); the embargo is in the site time zone.
const (
	dateLayout    = "2006-01-02"
	embargoLayout = "2006-01-02T15:04"
)

// releaseForm is the metadata form of a release, as typed.
type releaseForm struct {
	SourceLang string
	Slug       string
	Date       string
	Embargo    string
	Places     map[string]string
	Title      string
	Lead       string
	Body       string
}

func readReleaseForm(c *gin.Context, langs []string) releaseForm {
	f := releaseForm{
		SourceLang: c.PostForm("source_lang"), Slug: strings.TrimSpace(c.PostForm("slug")),
		Date: strings.TrimSpace(c.PostForm("date")), Embargo: strings.TrimSpace(c.PostForm("embargo")),
		Places: map[string]string{}, Title: c.PostForm("title"), Lead: c.PostForm("lead"), Body: c.PostForm("body"),
	}
	for _, l := range langs {
		f.Places[l] = c.PostForm("place_" + l)
	}
	return f
}

// parse checks the date and embargo fields, answering a message ID on error.
func (f releaseForm) parse(tz *time.Location) (date, embargo time.Time, msg string) {
	d, err := time.Parse(dateLayout, f.Date)
	if err != nil { // the range of years is the domain's rule (newsroom.CheckDate)
		return date, embargo, "EdBadDate"
	}
	if f.Embargo != "" {
		em, err := time.ParseInLocation(embargoLayout, f.Embargo, tz)
		if err != nil {
			// Some browsers send seconds.
			em, err = time.ParseInLocation(embargoLayout+":05", f.Embargo, tz)
		}
		if err != nil {
			return date, embargo, "EdBadEmbargo"
		}
		embargo = em.UTC()
	}
	return d, embargo, ""
}

type newReleaseView struct {
	Form  releaseForm
	Langs []string
}

func (e *Editor) newReleasePage(c *gin.Context) {
	if newsroom.CanEditRelease(auth.User(c)) != nil {
		e.forbidden(c)
		return
	}
	p := e.page(c, "NewRelease")
	p.Nav = "new"
	p.D = newReleaseView{Langs: e.langs.Codes(), Form: releaseForm{SourceLang: e.langs.Default(), Date: e.now().UTC().Format(dateLayout), Places: map[string]string{}}}
	e.render(c, http.StatusOK, "release_new", p)
}

func (e *Editor) createRelease(c *gin.Context) {
	u := auth.User(c)
	if newsroom.CanEditRelease(u) != nil {
		e.forbidden(c)
		return
	}
	f := readReleaseForm(c, e.langs.Codes())
	p := e.page(c, "NewRelease")
	p.Nav = "new"
	p.D = newReleaseView{Langs: e.langs.Codes(), Form: f}
	again := func(status int, msg string) {
		p.Error = msg
		e.render(c, status, "release_new", p)
	}
	date, embargo, msg := f.parse(e.tz)
	switch {
	case msg != "":
		again(http.StatusBadRequest, p.L.T(msg))
		return
	case !e.langs.Has(f.SourceLang):
		again(http.StatusBadRequest, p.L.T("EdBadLanguage"))
		return
	case strings.TrimSpace(f.Title) == "":
		again(http.StatusBadRequest, p.L.T("EdTitleRequired"))
		return
	}
	places := map[string]string{}
	for l, s := range f.Places {
		if s = strings.TrimSpace(s); s != "" {
			places[l] = s
		}
	}
	r, err := e.releases.CreateRelease(c.Request.Context(), u, newsroom.NewRelease{
		Slug: f.Slug, SourceLang: f.SourceLang, Date: date, Places: places, EmbargoUntil: embargo,
		Content: newsroom.Content{Title: f.Title, Lead: f.Lead, Body: f.Body},
	})
	if err != nil {
		status, msg := e.describe(c, p.L, err)
		if status >= 500 {
			e.failErr(c, err)
			return
		}
		again(status, msg)
		return
	}
	e.redirect(c, releaseHref(r.ID), "EdFlashCreated")
}

// versionRow is one language of the release page.
type versionRow struct {
	Lang         string
	Version      *newsroom.Version
	IsSource     bool
	Outdated     bool
	CanEdit      bool
	CanReview    bool
	CanPublish   bool
	CanUnpublish bool
	ReaderHref   string
	EditHref     string
	ReviewHref   string
	HistoryHref  string
}

type releaseView struct {
	Release       *newsroom.Release
	Title         string
	Rows          []versionRow
	Langs         []string
	CanEditMeta   bool
	CanPublishAll bool
	Embargoed     bool
	Form          releaseForm
	Audit         []newsroom.AuditEntry
	ActionBase    string
}

func (e *Editor) releasePage(c *gin.Context) {
	r, ok := e.loadRelease(c)
	if !ok {
		return
	}
	p := e.page(c, "")
	e.takeFlash(c, p)
	v, err := e.releaseView(c.Request.Context(), auth.User(c), r, nil)
	if err != nil {
		e.failErr(c, err)
		return
	}
	e.renderRelease(c, http.StatusOK, p, v)
}

func (e *Editor) renderRelease(c *gin.Context, status int, p *page, v *releaseView) {
	p.D = v
	p.Title = v.Title
	e.render(c, status, "release", p)
}

// releaseView builds the release page; form, when set, is the metadata the
// user typed.
func (e *Editor) releaseView(ctx context.Context, u *newsroom.User, r *newsroom.Release, form *releaseForm) (*releaseView, error) {
	src := r.Versions[r.SourceLang]
	v := &releaseView{
		Release: r, Title: src.Title, Langs: e.langs.Codes(), CanEditMeta: newsroom.CanEditRelease(u) == nil,
		Embargoed: r.Embargoed(e.now()), ActionBase: releaseHref(r.ID),
	}
	for _, l := range e.langs.Codes() {
		if !canSee(u, l, r.SourceLang) {
			continue
		}
		ver := r.Versions[l]
		row := versionRow{
			Lang: l, Version: ver, IsSource: l == r.SourceLang, Outdated: newsroom.Outdated(ver, src),
			CanEdit:      newsroom.Permitted(u, newsroom.ActionSave, l, r.SourceLang),
			CanReview:    canReview(u, l, r.SourceLang) && ver.Rev > 0,
			CanPublish:   may(u, r, l, newsroom.ActionPublish),
			CanUnpublish: may(u, r, l, newsroom.ActionUnpublish),
			EditHref:     editHref(r.ID, l), ReviewHref: reviewHref(r.ID, l), HistoryHref: historyHref(r.ID, l),
		}
		if ver.PublishedRev > 0 {
			row.ReaderHref = "/" + l + "/releases/" + r.Slug
		}
		if ver.State == newsroom.StateApproved && newsroom.CanEditRelease(u) == nil {
			v.CanPublishAll = true
		}
		v.Rows = append(v.Rows, row)
	}
	if form != nil {
		v.Form = *form
	} else {
		v.Form = releaseForm{Slug: r.Slug, Date: r.Date.UTC().Format(dateLayout), Places: maps.Clone(r.Places)}
		if v.Form.Places == nil {
			v.Form.Places = map[string]string{}
		}
		if !r.EmbargoUntil.IsZero() {
			v.Form.Embargo = r.EmbargoUntil.In(e.tz).Format(embargoLayout)
		}
	}
	streams := []string{newsroom.ReleaseStream}
	for _, l := range e.langs.Codes() {
		if canSee(u, l, r.SourceLang) {
			streams = append(streams, l)
		}
	}
	page, err := e.releases.AuditPage(ctx, r.ID, newsroom.AuditQuery{Streams: streams, Limit: 30})
	if err != nil {
		return nil, err
	}
	v.Audit = page.Entries
	return v, nil
}

// updateRelease saves the release's metadata: slug, dateline and embargo.
func (e *Editor) updateRelease(c *gin.Context) {
	r, ok := e.loadRelease(c)
	if !ok {
		return
	}
	u := auth.User(c)
	if newsroom.CanEditRelease(u) != nil {
		e.forbidden(c)
		return
	}
	ctx := c.Request.Context()
	f := readReleaseForm(c, e.langs.Codes())
	p := e.page(c, "")
	again := func(status int, msg string) {
		v, err := e.releaseView(ctx, u, r, &f)
		if err != nil {
			e.failErr(c, err)
			return
		}
		p.Error = msg
		e.renderRelease(c, status, p, v)
	}
	date, embargo, msg := f.parse(e.tz)
	if msg != "" {
		again(http.StatusBadRequest, p.L.T(msg))
		return
	}
	var in newsroom.ReleaseUpdate
	if f.Slug != r.Slug {
		in.Slug = &f.Slug
	}
	if !date.Equal(r.Date) {
		in.Date = &date
	}
	if !embargo.Equal(r.EmbargoUntil.Truncate(time.Minute)) {
		in.EmbargoUntil = &embargo
	}
	for l, s := range f.Places {
		if s = strings.TrimSpace(s); s != r.Places[l] {
			if in.Places == nil {
				in.Places = map[string]string{}
			}
			in.Places[l] = s
		}
	}
	if in.Slug == nil && in.Date == nil && in.EmbargoUntil == nil && in.Places == nil {
		e.redirect(c, releaseHref(r.ID), "EdFlashNoChange")
		return
	}
	if _, err := e.releases.UpdateRelease(ctx, u, r.ID, in); err != nil {
		status, msg := e.describe(c, p.L, err)
		if status >= 500 {
			e.failErr(c, err)
			return
		}
		again(status, msg)
		return
	}
	e.redirect(c, releaseHref(r.ID), "EdFlashReleaseUpdated")
}

func (e *Editor) publishAll(c *gin.Context) {
	r, ok := e.loadRelease(c)
	if !ok {
		return
	}
	u := auth.User(c)
	if newsroom.CanEditRelease(u) != nil {
		e.forbidden(c)
		return
	}
	if _, err := e.releases.PublishAll(c.Request.Context(), u, r.ID); err != nil {
		e.actionFailed(c, r, r.SourceLang, newsroom.ActionPublish, err, "")
		return
	}
	e.redirect(c, releaseHref(r.ID), "EdFlashPublishedAll")
}
