package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/glossaryio"
	"github.com/kotormo/kotormo/internal/httperror"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// glossaryPair reads and checks the :src and :tgt parameters.
func (a *API) glossaryPair(c *gin.Context) (string, string, bool) {
	if !a.requireAssistant(c) {
		return "", "", false
	}
	src, tgt := c.Param("src"), c.Param("tgt")
	for _, l := range []string{src, tgt} {
		if err := a.langs.Check(l); err != nil {
			a.fail(c, err)
			return "", "", false
		}
	}
	return src, tgt, true
}

// listGlossary handles GET /glossaries/{src}/{tgt}.
func (a *API) listGlossary(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	ts, err := a.assistant.GlossaryTerms(c.Request.Context(), src, tgt)
	if err != nil {
		a.fail(c, err)
		return
	}
	if ts == nil {
		ts = []*qa.StoredTerm{}
	}
	c.JSON(http.StatusOK, gin.H{"source_lang": src, "target_lang": tgt, "terms": ts})
}

// putGlossaryTerm handles POST /glossaries/{src}/{tgt} and PUT /glossaries/{src}/{tgt}/{term}.
func (a *API) putGlossaryTerm(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	var t qa.Term
	if err := decode(c, &t, false); err != nil {
		a.fail(c, err)
		return
	}
	st, err := a.assistant.PutGlossaryTerm(c.Request.Context(), auth.User(c), src, tgt, c.Param("term"), t)
	if err != nil {
		a.fail(c, err)
		return
	}
	status := http.StatusOK
	if c.Param("term") == "" {
		status = http.StatusCreated
	}
	c.JSON(status, st)
}

// deleteGlossaryTerm handles DELETE /glossaries/{src}/{tgt}/{term}.
func (a *API) deleteGlossaryTerm(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	if err := a.assistant.DeleteGlossaryTerm(c.Request.Context(), auth.User(c), src, tgt, c.Param("term")); err != nil {
		a.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// exportGlossary handles GET /glossaries/{src}/{tgt}/csv.
func (a *API) exportGlossary(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	ts, err := a.assistant.GlossaryTerms(c.Request.Context(), src, tgt)
	if err != nil {
		a.fail(c, err)
		return
	}
	if err := glossaryio.Export(c.Writer.Header(), c.Writer, "csv", src, tgt, ts); err != nil {
		a.log.Error("export csv", "src", src, "tgt", tgt, "err", err)
	}
}

// rejectedRow is one CSV row an import refused, with the reason.
type rejectedRow struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// importGlossary handles POST /glossaries/{src}/{tgt}/csv. Like the TBX
// import it is all or nothing (see glossaryio.ImportCSV, which the editor
// calls too): when any row is rejected the answer is 400 with the
// rejected rows, their lines and reasons, and the glossary is unchanged.
func (a *API) importGlossary(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	res, err := glossaryio.ImportCSV(c.Request.Context(), a.assistant, auth.User(c), src, tgt,
		http.MaxBytesReader(c.Writer, c.Request.Body, glossaryio.MaxCSV+1))
	if err != nil {
		a.fail(c, err)
		return
	}
	loc := a.localizer(c)
	rejected := make([]rejectedRow, len(res.Rejected))
	for i, r := range res.Rejected {
		_, d := httperror.Describe(a.log, c.Request, r.Err, loc)
		rejected[i] = rejectedRow{Line: r.Pos, Reason: d.Message}
	}
	if res.RejectedCount > 0 {
		a.refuseGlossaryImport(c, gin.H{"rejected": rejected, "rejected_count": res.RejectedCount})
		return
	}
	c.JSON(http.StatusOK, gin.H{"imported": res.Imported, "rejected": rejected, "rejected_count": 0})
}

// refuseGlossaryImport answers a glossary import (CSV or TBX) that had
// rejected entries: 400, nothing imported; body says which and why.
func (a *API) refuseGlossaryImport(c *gin.Context, body gin.H) {
	_, d := httperror.Describe(a.log, c.Request, newsroom.E(newsroom.EInvalid, "ErrGlossaryImportRejected"), a.localizer(c))
	body["error"], body["imported"] = d, 0
	c.JSON(http.StatusBadRequest, body)
}
