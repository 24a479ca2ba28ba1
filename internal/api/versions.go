package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// versionJSON is one language version of a release. Lead, body and the
// changed_* fields are present when the version is shown with its text (a
// single release, or the answer to a write), absent in listings.
type versionJSON struct {
	ReleaseID    string         `json:"release_id"`
	Lang         string         `json:"lang"`
	State        newsroom.State `json:"state"`
	Rev          int            `json:"rev"`
	PublishedRev int            `json:"published_rev"`
	PublishedAt  *time.Time     `json:"published_at"`
	// Outdated is true for a translation made from a source revision older
	// than the source's latest substantive change.
	Outdated bool `json:"outdated"`
	// SourceRev is the source revision a translation follows; null for the source.
	SourceRev     *int       `json:"source_rev"`
	LastSaver     string     `json:"last_saver"`
	LastSaverName string     `json:"last_saver_name"`
	Title         string     `json:"title"`
	Lead          *string    `json:"lead,omitzero"`
	Body          *string    `json:"body,omitzero"`
	UpdatedAt     *time.Time `json:"updated_at"`
	// ChangedParagraphs are the indexes of the source body's paragraphs added
	// or changed since the translation's pinned source revision.
	ChangedParagraphs []int `json:"changed_paragraphs,omitzero"`
	ChangedTitle      *bool `json:"changed_title,omitzero"`
	ChangedLead       *bool `json:"changed_lead,omitzero"`
	// QA holds, for a translation shown with its text, the quality-check
	// findings of the working copy against the current source.
	QA []qa.Result `json:"qa,omitzero"`
	// QAErrors counts the findings of severity error; approval needs an
	// override reason while it is above zero.
	QAErrors *int `json:"qa_errors,omitzero"`
	// Translated and Paragraphs say how many of the source's body
	// paragraphs the translation answers; FromMemory lists those that hold
	// text pre-translation took from the memory.
	Translated *int  `json:"translated,omitzero"`
	Paragraphs *int  `json:"paragraphs,omitzero"`
	FromMemory []int `json:"from_memory,omitzero"`
	// Place is the version's own dateline place (its translator's), "" when
	// it uses the release's; present with the text, like lead and body.
	Place *string `json:"place,omitzero"`
}

// versionHead renders a version's head; src is the head of the release's source version.
func versionHead(r *newsroom.Release, v, src *newsroom.Version) *versionJSON {
	j := &versionJSON{
		ReleaseID: r.ID, Lang: v.Lang, State: v.State, Rev: v.Rev, PublishedRev: v.PublishedRev,
		PublishedAt: utc(v.PublishedAt), Outdated: newsroom.Outdated(v, src),
		LastSaver: v.LastSaver, LastSaverName: v.LastSaverName, Title: v.Title, UpdatedAt: utc(v.UpdatedAt),
	}
	if v.Lang != r.SourceLang {
		n := v.SourceRev
		j.SourceRev = &n
	}
	return j
}

type saveRequest struct {
	BaseRev *int    `json:"base_rev"`
	Title   *string `json:"title"`
	Lead    *string `json:"lead"`
	Body    *string `json:"body"`
	// Place is the version's own dateline place; "" clears it, absent keeps
	// the base revision's.
	Place *string `json:"place"`
	// SourceRev is the source revision the translator worked from; 0 or absent for the current one.
	SourceRev int `json:"source_rev"`
}

// saveVersion handles PUT /releases/{id}/versions/{lang}.
func (a *API) saveVersion(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok {
		return
	}
	var req saveRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	if err := required("base_rev", req.BaseRev, "title", req.Title, "lead", req.Lead, "body", req.Body); err != nil {
		a.fail(c, err)
		return
	}
	if *req.BaseRev < 0 || req.SourceRev < 0 {
		a.fail(c, newsroom.E(newsroom.EInvalid, "ErrRevNegative"))
		return
	}
	content := newsroom.Content{Title: *req.Title, Lead: *req.Lead, Body: *req.Body}
	if req.Place != nil {
		content.Place = *req.Place
	} else if *req.BaseRev > 0 {
		// A client that does not know places keeps the one the text had.
		// A base revision that does not exist leaves it empty: the save is
		// refused as a conflict (or the release as not found) anyway.
		if base, err := a.releases.Revision(c.Request.Context(), c.Param("id"), lang, *req.BaseRev); err == nil {
			content.Place = base.Content.Place
		} else if newsroom.ErrorCode(err) != newsroom.ENotFound {
			a.fail(c, err)
			return
		}
	}
	v, err := a.releases.Save(c.Request.Context(), auth.User(c), c.Param("id"), lang, newsroom.Change{
		Action: newsroom.ActionSave, BaseRev: *req.BaseRev, Content: content, SourceRev: req.SourceRev,
	})
	if err != nil {
		a.fail(c, err)
		return
	}
	if v.Rev > *req.BaseRev {
	}
	a.renderVersion(c, v, map[revKey]newsroom.Content{{lang, v.Rev}: content.Normalize()})
}

type transitionRequest struct {
	Comment string `json:"comment"`
	// Override is the reviewer's reason for approving a text with open quality-check errors.
	Override string `json:"override"`
}

// transition handles POST /releases/{id}/versions/{lang}/{action}.
func (a *API) transition(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok {
		return
	}
	action := newsroom.Action(c.Param("action"))
	if !slices.Contains(newsroom.TransitionActions, action) {
		a.fail(c, newsroom.E(newsroom.EInvalid, "ErrUnknownURLAction", "Action", string(action)))
		return
	}
	var req transitionRequest
	if err := decode(c, &req, true); err != nil {
		a.fail(c, err)
		return
	}
	v, err := a.releases.Transition(c.Request.Context(), auth.User(c), c.Param("id"), lang, newsroom.Change{Action: action, Comment: req.Comment, Override: req.Override})
	if err != nil {
		a.fail(c, err)
		return
	}
	a.renderVersion(c, v, nil)
}

type restoreRequest struct {
	Rev     *int `json:"rev"`
	BaseRev *int `json:"base_rev"`
}

// restore handles POST /releases/{id}/versions/{lang}/restore.
func (a *API) restore(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok {
		return
	}
	var req restoreRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	if err := required("rev", req.Rev, "base_rev", req.BaseRev); err != nil {
		a.fail(c, err)
		return
	}
	if *req.Rev < 1 || *req.BaseRev < 0 {
		a.fail(c, newsroom.E(newsroom.EInvalid, "ErrRestoreRevs"))
		return
	}
	v, err := a.releases.Restore(c.Request.Context(), auth.User(c), c.Param("id"), lang, *req.Rev, *req.BaseRev)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.renderVersion(c, v, nil)
}

// renderVersion answers 200 with a version a write just returned.
func (a *API) renderVersion(c *gin.Context, v *newsroom.Version, known map[revKey]newsroom.Content) {
	out, err := a.writtenVersions(c.Request.Context(), []*newsroom.Version{v}, known)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out[0])
}
