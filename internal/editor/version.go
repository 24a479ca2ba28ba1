package editor

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// conflictView is the other person's text shown next to the user's own
// after a save was refused as stale.
type conflictView struct {
	Rev     int
	Author  string
	At      time.Time
	Content newsroom.Content
	// Yours is the user's refused text.
	Yours newsroom.Content
}

type previewView struct {
	Title, Lead string
	Body        template.HTML
}

// editorView is the side-by-side version editor.
type editorView struct {
	Release    *newsroom.Release
	Lang       string
	SourceLang string
	IsSource   bool
	Version    *newsroom.Version
	Source     *newsroom.Version
	// SourceContent is the source's current text, shown on the left.
	SourceContent newsroom.Content
	// Title and Lead are the target fields as shown in the form.
	Title, Lead string
	// Place is the version's own dateline place as shown in the form;
	// SourcePlace the source's place (its own, else the release's), and
	// ReleasePlace the release's place in Lang, used when Place is empty.
	Place, SourcePlace, ReleasePlace string
	Rows                             []row
	// BaseRev is the revision the form's text is based on; SourceRev the
	// source revision shown on the left, which a save pins.
	BaseRev, SourceRev int

	Outdated     bool
	PinnedRev    int
	SourceDiff   *textDiff // what changed in the source since PinnedRev
	TitleChanged bool
	LeadChanged  bool

	Lookalikes []string
	Preview    *previewView
	Conflict   *conflictView
	// Locked is set while the version is in review: it cannot be saved.
	Locked bool
	// Reopens is set when a save sends an approved or published text back to draft.
	Reopens   bool
	CanSubmit bool
	// MaySubmit: the user may submit this language once its state allows
	// (the page shows the button when a save makes it a draft).
	MaySubmit  bool
	CanMarkNS  bool
	CanReview  bool
	Reason     string
	LastReview *newsroom.AuditEntry

	FormAction, ReleaseHref, HistoryHref, ReviewHref, ActionBase string

	// Assistant is the translator's assistant, for translations.
	Assistant *assistantView
}

// loadRelease loads the release named in the path, answering 404 when there
// is none and 403 when the user works on no releases.
func (e *Editor) loadRelease(c *gin.Context) (*newsroom.Release, bool) {
	if !worksOnReleases(auth.User(c)) {
		e.forbidden(c)
		return nil, false
	}
	r, err := e.releases.Release(c.Request.Context(), c.Param("id"))
	if err != nil {
		e.failErr(c, err)
		return nil, false
	}
	return r, true
}

// loadVersion loads the release and checks the language in the path and
// that the user may see it.
func (e *Editor) loadVersion(c *gin.Context) (*newsroom.Release, string, bool) {
	r, ok := e.loadRelease(c)
	if !ok {
		return nil, "", false
	}
	lang := c.Param("lang")
	if !e.langs.Has(lang) {
		e.notFound(c)
		return nil, "", false
	}
	if !canSee(auth.User(c), lang, r.SourceLang) {
		e.forbidden(c)
		return nil, "", false
	}
	return r, lang, true
}

// loadForSave loads the request's version for someone who may save it
// (newsroom.Permitted), answering 403 to anyone else.
func (e *Editor) loadForSave(c *gin.Context) (*newsroom.Release, string, *newsroom.User, bool) {
	r, lang, ok := e.loadVersion(c)
	if !ok {
		return nil, "", nil, false
	}
	u := auth.User(c)
	if !newsroom.Permitted(u, newsroom.ActionSave, lang, r.SourceLang) {
		e.forbidden(c)
		return nil, "", nil, false
	}
	return r, lang, u, true
}

func (e *Editor) editPage(c *gin.Context) {
	r, lang, u, ok := e.loadForSave(c)
	if !ok {
		return
	}
	p := e.page(c, "")
	e.takeFlash(c, p)
	v, err := e.editor(c.Request.Context(), u, r, lang, nil)
	if err != nil {
		e.failErr(c, err)
		return
	}
	e.renderEditor(c, http.StatusOK, p, v)
}

func (e *Editor) renderEditor(c *gin.Context, status int, p *page, v *editorView) {
	p.D = v
	p.Title = v.Title
	if p.Title == "" {
		p.Title = v.SourceContent.Title
	}
	p.Title += " · " + locale.Name(v.Lang)
	if a, err := e.assistantFor(c.Request.Context(), p.L, v); err != nil {
		e.log.Error("translator's assistant", "release", v.Release.ID, "lang", v.Lang, "err", err)
	} else {
		v.Assistant = a
	}
	e.render(c, status, "version", p)
}

// typed is what the user typed into the editor form.
type typed struct {
	Content            newsroom.Content
	BaseRev, SourceRev int
}

// editor builds the editor view; t, when set, is the user's unsaved text to
// show instead of the stored one.
func (e *Editor) editor(ctx context.Context, u *newsroom.User, r *newsroom.Release, lang string, t *typed) (*editorView, error) {
	ver, src := r.Versions[lang], r.Versions[r.SourceLang]
	v := &editorView{
		Release: r, Lang: lang, SourceLang: r.SourceLang, IsSource: lang == r.SourceLang,
		Version: ver, Source: src, BaseRev: ver.Rev, SourceRev: src.Rev,
		Locked:  ver.State == newsroom.StateInReview,
		Reopens: ver.State == newsroom.StateApproved || ver.State == newsroom.StatePublished,
		// Submitting saves first, so an untranslated version can be submitted too.
		CanSubmit: may(u, r, lang, newsroom.ActionSubmit) ||
			(ver.State == newsroom.StateUntranslated && newsroom.Permitted(u, newsroom.ActionSubmit, lang, r.SourceLang)),
		MaySubmit:   newsroom.Permitted(u, newsroom.ActionSubmit, lang, r.SourceLang),
		CanReview:   canReview(u, lang, r.SourceLang),
		FormAction:  releaseHref(r.ID) + "/" + lang,
		ReleaseHref: releaseHref(r.ID), HistoryHref: historyHref(r.ID, lang), ReviewHref: reviewHref(r.ID, lang),
		ActionBase: releaseHref(r.ID) + "/" + lang + "/",
	}
	var target newsroom.Content
	if ver.Rev > 0 {
		rev, err := e.releases.Revision(ctx, r.ID, lang, ver.Rev)
		if err != nil {
			return nil, err
		}
		target = rev.Content
	}
	if src.Rev > 0 {
		if v.IsSource {
			v.SourceContent = target
		} else {
			rev, err := e.releases.Revision(ctx, r.ID, r.SourceLang, src.Rev)
			if err != nil {
				return nil, err
			}
			v.SourceContent = rev.Content
		}
	}
	if t != nil {
		target = t.Content
		v.BaseRev = t.BaseRev
		if t.SourceRev > 0 && t.SourceRev <= src.Rev {
			v.SourceRev = t.SourceRev
		}
		if v.SourceRev != src.Rev && !v.IsSource {
			rev, err := e.releases.Revision(ctx, r.ID, r.SourceLang, v.SourceRev)
			if err != nil {
				return nil, err
			}
			v.SourceContent = rev.Content
		}
	}
	v.Title, v.Lead, v.Place = target.Title, target.Lead, target.Place
	v.SourcePlace, v.ReleasePlace = r.PlaceFor(r.SourceLang, v.SourceContent.Place), r.Place(lang)

	var changed []int
	if !v.IsSource {
		v.Outdated = newsroom.Outdated(ver, src)
		if v.Outdated && ver.SourceRev > 0 {
			pinned, err := e.releases.Revision(ctx, r.ID, r.SourceLang, ver.SourceRev)
			if err != nil {
				return nil, err
			}
			v.PinnedRev = ver.SourceRev
			d := diffContent(pinned.Content, v.SourceContent).onlyChanges()
			v.SourceDiff = &d
			v.TitleChanged, v.LeadChanged = !d.TitleSame(), !d.LeadSame()
			changed = textdiff.ChangedIndexes(paragraphs(pinned.Content.Body), paragraphs(v.SourceContent.Body))
		}
		v.CanMarkNS = may(u, r, lang, newsroom.ActionMarkNotSubstantive)
		v.Rows = alignRows(paragraphs(v.SourceContent.Body), paragraphs(target.Body), changed)
	} else {
		v.CanMarkNS = may(u, r, lang, newsroom.ActionMarkNotSubstantive)
		v.Rows = alignRows(nil, paragraphs(target.Body), nil)
	}
	v.Lookalikes = locale.LatinLookalikes(target.Title + "\n" + target.Lead + "\n" + target.Body)

	if ver.State == newsroom.StateChangesRequested || ver.State == newsroom.StateDraft {
		a, err := e.lastReview(ctx, r.ID, ver)
		if err != nil {
			return nil, err
		}
		v.LastReview = a
	}
	return v, nil
}

// readTyped reads the editor form. The body comes as one "body" field or as
// the paragraphs of the side-by-side view, "p", in order.
func readTyped(c *gin.Context) (typed, bool) {
	var t typed
	t.Content.Title = c.PostForm("title")
	t.Content.Lead = c.PostForm("lead")
	t.Content.Place = c.PostForm("place")
	if b, ok := c.GetPostForm("body"); ok {
		t.Content.Body = b
	} else {
		t.Content.Body = joinParagraphs(c.PostFormArray("p"))
	}
	var err1, err2 error
	t.BaseRev, err1 = strconv.Atoi(c.PostForm("base_rev"))
	if s := c.PostForm("source_rev"); s != "" {
		t.SourceRev, err2 = strconv.Atoi(s)
	}
	return t, err1 == nil && err2 == nil && t.BaseRev >= 0 && t.SourceRev >= 0
}

// save handles the editor form: save, preview, or save and submit.
func (e *Editor) save(c *gin.Context) {
	r, lang, u, ok := e.loadForSave(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	t, okNums := readTyped(c)
	op := c.PostForm("op")
	p := e.page(c, "")
	again := func(status int, msg string, extra func(*editorView)) {
		v, err := e.editor(ctx, u, r, lang, &t)
		if err != nil {
			e.failErr(c, err)
			return
		}
		if extra != nil {
			extra(v)
		}
		p.Error = msg
		e.renderEditor(c, status, p, v)
	}
	if !okNums {
		t.BaseRev, t.SourceRev = r.Versions[lang].Rev, 0
		again(http.StatusBadRequest, p.L.T("EdBadRevision"), nil)
		return
	}
	if op == "preview" {
		norm := t.Content.Normalize()
		status, msg := http.StatusOK, ""
		if err := e.md.Check(norm.Body); err != nil { // the limits a save would apply
			status, msg = e.describe(c, p.L, err)
		}
		again(status, msg, func(v *editorView) {
			v.Preview = &previewView{Title: norm.Title, Lead: norm.Lead, Body: e.md.Markdown(norm.Body)}
		})
		return
	}
	if strings.TrimSpace(t.Content.Title) == "" {
		again(http.StatusBadRequest, p.L.T("EdTitleRequired"), nil)
		return
	}
	_, err := e.releases.Save(ctx, u, r.ID, lang, newsroom.Change{BaseRev: t.BaseRev, Content: t.Content, SourceRev: t.SourceRev})
	if err != nil {
		if de, ok := newsroom.AsError(err); ok && de.Code == newsroom.EConflict && de.CurrentRev != t.BaseRev {
			e.conflict(c, p, u, r, lang, &t, de.CurrentRev)
			return
		}
		if newsroom.ErrorCode(err) == newsroom.EConflict {
			again(http.StatusConflict, p.L.T("EdLockedInReview"), nil)
			return
		}
		status, msg := e.describe(c, p.L, err)
		if status >= 500 {
			e.failErr(c, err)
			return
		}
		again(status, msg, nil)
		return
	}
	if op == "submit" {
		if _, err := e.releases.Transition(ctx, u, r.ID, lang, newsroom.Change{Action: newsroom.ActionSubmit}); err != nil {
			e.actionFailed(c, r, lang, newsroom.ActionSubmit, err, "")
			return
		}
		e.redirect(c, editHref(r.ID, lang), "EdFlashSubmitted")
		return
	}
	e.redirect(c, editHref(r.ID, lang), "Saved")
}

// conflict answers a stale save with both texts: the current one from the
// store and the user's, which stays in the form, now based on the current
// revision so that saving it again is a deliberate choice.
func (e *Editor) conflict(c *gin.Context, p *page, u *newsroom.User, r0 *newsroom.Release, lang string, t *typed, cur int) {
	ctx := c.Request.Context()
	r, err := e.releases.Release(ctx, r0.ID)
	if err != nil {
		e.failErr(c, err)
		return
	}
	cv := &conflictView{Rev: cur, Yours: t.Content.Normalize()}
	if cur > 0 {
		rev, err := e.releases.Revision(ctx, r.ID, lang, cur)
		if err != nil {
			e.failErr(c, err)
			return
		}
		cv.Content, cv.Author, cv.At = rev.Content, rev.AuthorName, rev.CreatedAt
	}
	t.BaseRev = r.Versions[lang].Rev
	v, err := e.editor(ctx, u, r, lang, t)
	if err != nil {
		e.failErr(c, err)
		return
	}
	v.Conflict = cv
	p.Error = p.L.T("EdConflictExplain")
	e.renderEditor(c, http.StatusConflict, p, v)
}

// text answers the working copy (or ?rev=N) as JSON, for the editor's
// script to show the other side of a conflict.
func (e *Editor) text(c *gin.Context) {
	r, lang, ok := e.loadVersion(c)
	if !ok {
		return
	}
	ver := r.Versions[lang]
	rev := ver.Rev
	if s := c.Query("rev"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": gin.H{"code": newsroom.EInvalid, "message": "rev must be a positive number"}})
			return
		}
		rev = n
	}
	out := gin.H{"rev": rev, "current_rev": ver.Rev, "state": ver.State, "title": "", "lead": "", "body": "", "place": ""}
	if rev > 0 {
		rv, err := e.releases.Revision(c.Request.Context(), r.ID, lang, rev)
		if err != nil {
			status, msg := e.describe(c, e.page(c, "").L, err)
			c.AbortWithStatusJSON(status, gin.H{"error": gin.H{"code": newsroom.ErrorCode(err), "message": msg}})
			return
		}
		out["title"], out["lead"], out["body"], out["author"] = rv.Content.Title, rv.Content.Lead, rv.Content.Body, rv.AuthorName
		out["place"] = rv.Content.Place
	}
	c.JSON(http.StatusOK, out)
}

// preview renders Markdown for the editor's live preview: POST
// {"body": "…"} answers {"html": "…"}, sanitized, or 400 with the error
// naming the rendering limit (render.Check) the body breaks.
func (e *Editor) preview(c *gin.Context) {
	var in struct {
		Body string `json:"body"`
	}
	if err := c.ShouldBindJSON(&in); err != nil {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": gin.H{"code": newsroom.EInvalid, "message": "Send {\"body\": \"…\"} as JSON."}})
		return
	}
	if err := e.md.Check(in.Body); err != nil { // the limits a save would apply
		status, msg := e.describe(c, e.page(c, "").L, err)
		c.AbortWithStatusJSON(status, gin.H{"error": gin.H{"code": newsroom.ErrorCode(err), "message": msg}})
		return
	}
	c.JSON(http.StatusOK, gin.H{"html": string(e.md.Markdown(in.Body))})
}
