package editor

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/glossaryio"
)

// exportGlossary streams the glossary as CSV or TBX-Basic, the same files
// as the API's GET /glossaries/{src}/{tgt}/csv and …/tbx.
func (e *Editor) exportGlossary(c *gin.Context) {
	src, tgt, ok := e.pair(c)
	if !ok {
		return
	}
	format := c.Param("format")
	if format != "csv" && format != "tbx" {
		e.notFound(c)
		return
	}
	ts, err := e.glossaries.GlossaryTerms(c.Request.Context(), src, tgt)
	if err != nil {
		e.failErr(c, err)
		return
	}
	if err := glossaryio.Export(c.Writer.Header(), c.Writer, format, src, tgt, ts); err != nil {
		e.log.Error("editor: glossary export", "src", src, "tgt", tgt, "format", format, "err", err)
	}
}

// importGlossary adds the terms of an uploaded CSV or TBX file (multipart
// form: "file", and "format" csv or tbx) through glossaryio, the code the
// API's imports call: all or nothing, and a refused file comes back with
// every rejected entry and its reason. The upload is bounded by the
// editor's maxForm (the API takes larger TBX files).
func (e *Editor) importGlossary(c *gin.Context) {
	src, tgt, ok := e.editablePair(c)
	if !ok {
		return
	}
	p := e.glossaryPageOf(c, src, tgt)
	v := e.newGlossaryView(c, src, tgt)
	v.Format = c.PostForm("format")
	if v.Format != "tbx" {
		v.Format = "csv"
	}
	again := func(status int, msg string) {
		v.ImportError = msg
		e.renderGlossary(c, status, p, v)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			again(http.StatusRequestEntityTooLarge, p.L.T("EdTooLarge"))
			return
		}
		again(http.StatusBadRequest, p.L.T("EdGlossaryChooseFile"))
		return
	}
	f, err := fh.Open()
	if err != nil {
		e.failErr(c, err)
		return
	}
	defer f.Close()
	imp, where := glossaryio.ImportCSV, "EdGlossaryRejectedLine"
	if v.Format == "tbx" {
		imp, where = glossaryio.ImportTBX, "EdGlossaryRejectedEntry"
	}
	res, err := imp(c.Request.Context(), e.glossaries, auth.User(c), src, tgt, f)
	if err != nil {
		status, msg := e.describe(c, p.L, err)
		if status >= 500 || status == http.StatusForbidden || status == http.StatusUnauthorized {
			e.failErr(c, err)
			return
		}
		again(status, msg)
		return
	}
	if res.RejectedCount > 0 {
		for _, r := range res.Rejected {
			v.Rejected = append(v.Rejected, rejectedView{Where: p.L.T(where, "Pos", strconv.Itoa(r.Pos)), ID: r.ID, Reason: p.L.Error(r.Err)})
		}
		v.RejectedCount = res.RejectedCount
		again(http.StatusBadRequest, p.L.N("EdGlossaryImportRejected", res.RejectedCount))
		return
	}
	e.redirect(c, e.glossaryHref(src, tgt), "EdFlashGlossaryImported")
}
