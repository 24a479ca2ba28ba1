package editor

import (
	"context"
	"net/http"
	"strconv"

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
}

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
	v, err := e.history(c.Request.Context(), auth.User(c), r, lang, a, b)
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

// history builds the history page comparing revisions a and b (by default
// the latest with the one before).
func (e *Editor) history(ctx context.Context, u *newsroom.User, r *newsroom.Release, lang string, a, b int) (*historyView, error) {
	ver := r.Versions[lang]
	v := &historyView{
		Release: r, Title: r.Versions[r.SourceLang].Title, Lang: lang, Version: ver,
		CanRestore: newsroom.Permitted(u, newsroom.ActionRestore, lang, r.SourceLang) && newsroom.AppliesTo(newsroom.ActionRestore, ver.State),
		ActionBase: releaseHref(r.ID) + "/" + lang + "/", EditHref: editHref(r.ID, lang),
		ReleaseHref: releaseHref(r.ID), Href: historyHref(r.ID, lang),
	}
	revs, err := e.releases.Revisions(ctx, r.ID, lang)
	if err != nil {
		return nil, err
	}
	v.Revisions = revs
	if b == 0 {
		b = ver.Rev
	}
	pick := a == 0
	if pick {
		a = max(b-1, 1) // there is no revision 0
	}
	v.A, v.B = a, b
	if b > 0 && !(pick && a == b) {
		var ca, cb newsroom.Content
		for _, rv := range revs {
			if rv.Rev == a {
				ca = rv.Content
			}
			if rv.Rev == b {
				cb = rv.Content
			}
		}
		d := diffContent(ca, cb)
		v.Diff = &d
	}
	entries, err := e.releases.Audit(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Lang == lang {
			v.Audit = append(v.Audit, entries[i])
		}
	}
	return v, nil
}
