package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/tm"
)

// matchesJSON is the answer of GET …/versions/{lang}/matches.
type matchesJSON struct {
	ReleaseID  string       `json:"release_id"`
	Lang       string       `json:"lang"`
	SourceLang string       `json:"source_lang"`
	Threshold  int          `json:"threshold"`
	Segments   []tm.Segment `json:"segments"`
}

// requireAssistant answers 404 when the translator's assistant is off.
func (a *API) requireAssistant(c *gin.Context) bool {
	if a.assistant == nil {
		a.fail(c, newsroom.E(newsroom.ENotFound, "ErrAssistantOff"))
		return false
	}
	return true
}

// matches handles GET /releases/{id}/versions/{lang}/matches.
func (a *API) matches(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok || !a.requireAssistant(c) {
		return
	}
	segs, err := a.assistant.Matches(c.Request.Context(), c.Param("id"), lang)
	if err != nil {
		a.fail(c, err)
		return
	}
	r, err := a.releases.Release(c.Request.Context(), c.Param("id"))
	if err != nil {
		a.fail(c, err)
		return
	}
	if segs == nil {
		segs = []tm.Segment{}
	}
	c.JSON(http.StatusOK, matchesJSON{ReleaseID: r.ID, Lang: lang, SourceLang: r.SourceLang, Threshold: a.assistant.MemoryThreshold(), Segments: segs})
}

type pretranslateRequest struct {
	BaseRev *int `json:"base_rev"`
}

// pretranslateJSON is the answer of POST …/pretranslate: the version and
// how many segments the memory filled.
type pretranslateJSON struct {
	*versionJSON
	Filled int `json:"filled"`
}

// pretranslate handles POST /releases/{id}/versions/{lang}/pretranslate.
func (a *API) pretranslate(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok || !a.requireAssistant(c) {
		return
	}
	var req pretranslateRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	if err := required("base_rev", req.BaseRev); err != nil {
		a.fail(c, err)
		return
	}
	if *req.BaseRev < 0 {
		a.fail(c, newsroom.E(newsroom.EInvalid, "ErrRevNegative"))
		return
	}
	v, n, err := a.assistant.Pretranslate(c.Request.Context(), auth.User(c), c.Param("id"), lang, *req.BaseRev)
	if err != nil {
		a.fail(c, err)
		return
	}
	out, err := a.writtenVersions(c.Request.Context(), []*newsroom.Version{v}, nil)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, pretranslateJSON{versionJSON: out[0], Filled: n})
}
