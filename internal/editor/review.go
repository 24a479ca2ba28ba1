package editor

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// reviewView is the reviewer's page: the working copy, what changed since
// the last published (or approved) text, and the two decisions.
type reviewView struct {
	Release    *newsroom.Release
	Lang       string
	SourceLang string
	IsSource   bool
	Version    *newsroom.Version
	Source     *newsroom.Version
	Content    newsroom.Content
	// SourceContent is the source text the working copy was translated from.
	SourceContent newsroom.Content
	Rows          []row
	// ReleaseTitle is the source's title, for the way back.
	ReleaseTitle string
	// Against says what the diff compares with: "published", "approved" or
	// "" (a first review: the whole text is new).
	Against    string
	AgainstRev int
	Diff       textDiff
	Outdated   bool
	Lookalikes []string
	// QA is the quality-check findings against the current source.
	QA *qaView
	// FromMemory lists the body paragraphs (from 1) pre-translation filled
	// from the memory; Paragraphs counts the source's.
	FromMemory []int
	Paragraphs int

	IsLastSaver       bool
	CanApprove        bool
	CanRequestChanges bool
	Comment           string

	ActionBase, EditHref, HistoryHref, ReleaseHref string
	CanEdit                                        bool
}

func (e *Editor) reviewPage(c *gin.Context) {
	r, lang, ok := e.loadVersion(c)
	if !ok {
		return
	}
	u := auth.User(c)
	if !canReview(u, lang, r.SourceLang) {
		e.forbidden(c)
		return
	}
	p := e.page(c, "")
	e.takeFlash(c, p)
	v, err := e.review(c.Request.Context(), u, r, lang)
	if err != nil {
		e.failErr(c, err)
		return
	}
	e.renderReview(c, http.StatusOK, p, v)
}

func (e *Editor) renderReview(c *gin.Context, status int, p *page, v *reviewView) {
	if v.Version.Rev > 0 && !v.IsSource {
		q, err := e.checkQuality(c.Request.Context(), p.L, v.Release, v.Lang, v.Content)
		if err != nil {
			e.log.Error("quality checks for the review page", "release", v.Release.ID, "lang", v.Lang, "err", err)
		}
		v.QA = q
		if e.memory != nil {
			from, err := e.memory.FromMemory(c.Request.Context(), v.Release.ID, v.Lang, v.Content.Body)
			if err != nil {
				e.log.Error("paragraphs from memory for the review page", "release", v.Release.ID, "lang", v.Lang, "err", err)
			}
			for _, i := range from {
				v.FromMemory = append(v.FromMemory, i+1)
			}
		}
		_, v.Paragraphs = qa.Progress(v.SourceContent, v.Content)
	}
	p.D = v
	p.Title = p.L.T("EdReviewTitle", "Title", v.Content.Title, "Language", locale.Name(v.Lang))
	e.render(c, status, "review", p)
}

func (e *Editor) review(ctx context.Context, u *newsroom.User, r *newsroom.Release, lang string) (*reviewView, error) {
	ver, src := r.Versions[lang], r.Versions[r.SourceLang]
	v := &reviewView{
		Release: r, Lang: lang, SourceLang: r.SourceLang, IsSource: lang == r.SourceLang,
		Version: ver, Source: src, Outdated: newsroom.Outdated(ver, src), ReleaseTitle: src.Title,
		// The words are the reviewer's own: the domain's four-eyes answer,
		// which the page explains.
		IsLastSaver: isFourEyes(newsroom.Check(u, r, ver, src, newsroom.ActionApprove)),
		ActionBase:  releaseHref(r.ID) + "/" + lang + "/",
		EditHref:    editHref(r.ID, lang), HistoryHref: historyHref(r.ID, lang), ReleaseHref: releaseHref(r.ID),
		CanEdit: newsroom.Permitted(u, newsroom.ActionSave, lang, r.SourceLang),
	}
	v.CanApprove = may(u, r, lang, newsroom.ActionApprove)
	v.CanRequestChanges = may(u, r, lang, newsroom.ActionRequestChanges)
	if ver.Rev == 0 {
		return v, nil
	}
	// The current text, the approved baseline's number and the source text
	// are independent reads: they run side by side.
	var cur, srcRev *newsroom.Revision
	approved := 0
	reads := []func() error{func() (err error) { cur, err = e.releases.Revision(ctx, r.ID, lang, ver.Rev); return err }}
	if ver.PublishedRev == 0 {
		reads = append(reads, func() (err error) { approved, err = e.approvedRev(ctx, r.ID, ver); return err })
	}
	if lang != r.SourceLang && src.Rev > 0 {
		reads = append(reads, func() (err error) { srcRev, err = e.releases.Revision(ctx, r.ID, r.SourceLang, src.Rev); return err })
	}
	if err := together(reads...); err != nil {
		return nil, err
	}
	v.Content = cur.Content
	v.Lookalikes = locale.LatinLookalikes(cur.Content.Title + "\n" + cur.Content.Lead + "\n" + cur.Content.Body)

	// The baseline: the published text, else the latest approved one.
	base := ver.PublishedRev
	if base > 0 {
		v.Against = "published"
	} else if approved > 0 {
		base, v.Against = approved, "approved"
	}
	var old newsroom.Content
	if base > 0 {
		b, err := e.releases.Revision(ctx, r.ID, lang, base)
		if err != nil {
			return nil, err
		}
		old, v.AgainstRev = b.Content, base
	}
	v.Diff = diffContent(old, cur.Content)

	if !v.IsSource && src.Rev > 0 {
		pin := cur.SourceRev
		if pin < 1 || pin > src.Rev {
			pin = src.Rev
		}
		s := srcRev
		if pin != src.Rev {
			var err error
			if s, err = e.releases.Revision(ctx, r.ID, r.SourceLang, pin); err != nil {
				return nil, err
			}
		}
		v.SourceContent = s.Content
		v.Rows = alignRows(paragraphs(s.Content.Body), paragraphs(cur.Content.Body), nil)
		v.Rows = v.Rows[:len(v.Rows)-1] // no empty row for a new paragraph here
	}
	return v, nil
}

// isFourEyes reports whether err is the four-eyes refusal.
func isFourEyes(err error) bool {
	e, ok := newsroom.AsError(err)
	return ok && e.ID == "ErrFourEyes"
}
