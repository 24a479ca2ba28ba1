package editor

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// historyView lists a version's revisions, compares two of them and offers
// to restore old ones.
type historyView struct {
	Release     *newsroom.Release
	Title       string
	Lang        string
	Version     *newsroom.Version
	Revisions   []*newsroom.Revision
	A, B        int
	Diff        *textDiff
	Audit       []newsroom.AuditEntry
	CanRestore  bool
	ActionBase  string
	EditHref    string
	ReleaseHref string
	Href        string
	// Count is the number of revisions; one page shows historyPageSize of
	// them and of the version's audit entries, newest first.
	Count              int
	Page, Pages        int
	PrevHref, NextHref string
}

// historyPageSize is how many revisions and audit entries a history page shows.
const historyPageSize = 25

func (e *Editor) historyPage(c *gin.Context) {
	r, lang, ok := e.loadVersion(c)
	if !ok {
		return
	}
	p := e.page(c, "History")
	e.takeFlash(c, p)
	status := http.StatusOK
	a, b := 0, 0
	if s := c.Query("a"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			status, p.Error = http.StatusBadRequest, p.L.T("EdBadRevision")
		}
		a = n
	}
	if s := c.Query("b"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			status, p.Error = http.StatusBadRequest, p.L.T("EdBadRevision")
		}
		b = n
	}
	ver := r.Versions[lang]
	if a > ver.Rev || b > ver.Rev {
		status, p.Error = http.StatusNotFound, p.L.T("EdBadRevision")
	}
	if status != http.StatusOK {
		a, b = 0, 0
	}
	pg, _ := strconv.Atoi(c.Query("page"))
	v, err := e.history(c.Request.Context(), auth.User(c), r, lang, a, b, pg)
	if err != nil {
		e.failErr(c, err)
		return
	}
	e.renderHistory(c, status, p, v)
}

func (e *Editor) renderHistory(c *gin.Context, status int, p *page, v *historyView) {
	p.D = v
	p.Title = p.L.T("History") + " · " + v.Title + " · " + locale.Name(v.Lang)
	e.render(c, status, "history", p)
}

// history builds page pg (from 1, the newest) of the history, comparing
// revisions a and b (by default the latest with the one before). It reads
// only the revisions and audit entries the page shows.
func (e *Editor) history(ctx context.Context, u *newsroom.User, r *newsroom.Release, lang string, a, b, pg int) (*historyView, error) {
	ver := r.Versions[lang]
	v := &historyView{
		Release: r, Title: r.Versions[r.SourceLang].Title, Lang: lang, Version: ver,
		CanRestore: may(u, r, lang, newsroom.ActionRestore),
		ActionBase: releaseHref(r.ID) + "/" + lang + "/", EditHref: editHref(r.ID, lang),
		ReleaseHref: releaseHref(r.ID), Href: historyHref(r.ID, lang),
	}
	v.Count = ver.Rev
	v.Pages = max(1, (ver.Rev+historyPageSize-1)/historyPageSize, (ver.Seq+historyPageSize-1)/historyPageSize)
	v.Page = min(max(pg, 1), v.Pages)
	link := func(n int) string { return v.Href + "?page=" + strconv.Itoa(n) }
	if v.Page > 1 {
		v.PrevHref = link(v.Page - 1)
	}
	if v.Page < v.Pages {
		v.NextHref = link(v.Page + 1)
	}
	skip := (v.Page - 1) * historyPageSize
	if b == 0 {
		b = ver.Rev
	}
	pick := a == 0
	if pick {
		a = max(b-1, 1) // there is no revision 0
	}
	v.A, v.B = a, b
	// The page's four reads are independent: they run side by side.
	var ca, cb newsroom.Content
	var reads []func() error
	if top := ver.Rev - skip; top >= 1 {
		reads = append(reads, func() (err error) {
			v.Revisions, err = e.releases.RevisionSummaries(ctx, r.ID, lang, top+1, historyPageSize)
			return err
		})
	}
	diff := b > 0 && !(pick && a == b)
	if diff {
		reads = append(reads,
			func() (err error) { ca, err = e.revisionContent(ctx, r.ID, lang, a); return err },
			func() (err error) { cb, err = e.revisionContent(ctx, r.ID, lang, b); return err })
	}
	if top := ver.Seq - skip; top >= 1 {
		reads = append(reads, func() error {
			cursor := newsroom.AuditCursor{lang: top}.String()
			page, err := e.releases.AuditPage(ctx, r.ID, newsroom.AuditQuery{Streams: []string{lang}, Cursor: cursor, Limit: historyPageSize})
			v.Audit = page.Entries
			return err
		})
	}
	if err := together(reads...); err != nil {
		return nil, err
	}
	if diff {
		d := diffContent(ca, cb)
		v.Diff = &d
	}
	return v, nil
}

// revisionContent returns the content of revision rev (empty for 0).
func (e *Editor) revisionContent(ctx context.Context, releaseID, lang string, rev int) (newsroom.Content, error) {
	if rev == 0 {
		return newsroom.Content{}, nil
	}
	rv, err := e.releases.Revision(ctx, releaseID, lang, rev)
	if err != nil {
		return newsroom.Content{}, err
	}
	return rv.Content, nil
}

// together runs reads side by side and returns their errors, joined.
func together(reads ...func() error) error {
	errs := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, f := range reads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
