package editor

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// act handles the workflow buttons: POST /app/releases/:id/:lang/:action.
func (e *Editor) act(c *gin.Context) {
	action, err := newsroom.ParseAction(c.Param("action"))
	if err != nil || action == newsroom.ActionSave {
		e.notFound(c)
		return
	}
	r, lang, ok := e.loadVersion(c)
	if !ok {
		return
	}
	u := auth.User(c)
	ctx := c.Request.Context()
	comment := c.PostForm("comment")
	if action == newsroom.ActionMarkNotSubstantive {
		comment = c.PostForm("reason")
	}
	if action == newsroom.ActionRestore {
		rev, err1 := strconv.Atoi(c.PostForm("rev"))
		base, err2 := strconv.Atoi(c.PostForm("base_rev"))
		if err1 != nil || err2 != nil || rev < 1 || base < 0 {
			e.actionFailed(c, r, lang, action, errRequired("EdBadRevision"), "")
			return
		}
		if _, err := e.releases.Restore(ctx, u, r.ID, lang, rev, base); err != nil {
			e.actionFailed(c, r, lang, action, err, "")
			return
		}
		e.redirect(c, editHref(r.ID, lang), "EdFlashRestored")
		return
	}
	if _, err := e.releases.Transition(ctx, u, r.ID, lang, newsroom.Change{Action: action, Comment: comment, Override: c.PostForm("override")}); err != nil {
		e.actionFailed(c, r, lang, action, err, comment)
		return
	}
	switch action {
	case newsroom.ActionSubmit:
		e.redirect(c, editHref(r.ID, lang), "EdFlashSubmitted")
	case newsroom.ActionApprove:
		e.redirect(c, reviewHref(r.ID, lang), "EdFlashApproved")
	case newsroom.ActionRequestChanges:
		e.redirect(c, reviewHref(r.ID, lang), "EdFlashChangesRequested")
	case newsroom.ActionPublish:
		e.redirect(c, releaseHref(r.ID), "EdFlashPublished")
	case newsroom.ActionUnpublish:
		e.redirect(c, releaseHref(r.ID), "EdFlashUnpublished")
	case newsroom.ActionMarkNotSubstantive:
		e.redirect(c, editHref(r.ID, lang), "EdFlashMarked")
	default:
		e.redirect(c, releaseHref(r.ID), "")
	}
}

// localizedError is an input error whose message is an interface string.
type localizedError struct{ id string }

func (l localizedError) Error() string { return l.id }

func errRequired(id string) error { return localizedError{id} }

// actionFailed re-renders the page the action's button is on, with the
// error and what the user typed.
func (e *Editor) actionFailed(c *gin.Context, r0 *newsroom.Release, lang string, action newsroom.Action, err error, comment string) {
	ctx := c.Request.Context()
	u := auth.User(c)
	p := e.page(c, "")
	var status int
	var msg string
	forbidden := newsroom.ErrorCode(err) == newsroom.EForbidden
	if le, ok := err.(localizedError); ok {
		status, msg = http.StatusBadRequest, p.L.T(le.id)
	} else {
		status, msg = e.describe(c, p.L, err)
		if status >= 500 {
			e.failErr(c, err)
			return
		}
	}
	// Show the page as it is now, which may have changed under the user.
	r, err := e.releases.Release(ctx, r0.ID)
	if err != nil {
		e.failErr(c, err)
		return
	}
	p.Error = msg
	switch action {
	case newsroom.ActionApprove, newsroom.ActionRequestChanges:
		v, err := e.review(ctx, u, r, lang)
		if err != nil {
			e.failErr(c, err)
			return
		}
		v.Comment = comment
		e.renderReview(c, status, p, v)
	case newsroom.ActionPublish, newsroom.ActionUnpublish:
		v, err := e.releaseView(ctx, u, r, nil)
		if err != nil {
			e.failErr(c, err)
			return
		}
		e.renderRelease(c, status, p, v)
	case newsroom.ActionRestore:
		v, err := e.history(ctx, u, r, lang, 0, 0, 1)
		if err != nil {
			e.failErr(c, err)
			return
		}
		e.renderHistory(c, status, p, v)
	default: // submit, mark not substantive
		if forbidden || newsroom.CanRead(u, lang, r.SourceLang) != nil {
			e.fail(c, p, status, msg)
			return
		}
		v, err := e.editor(ctx, u, r, lang, nil)
		if err != nil {
			e.failErr(c, err)
			return
		}
		v.Reason = comment
		e.renderEditor(c, status, p, v)
	}
}
