package api

import (
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/httperror"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// Limits of a CSV glossary import.
const (
	maxGlossaryCSV  = 2 << 20 // bytes
	maxCSVRejected  = 100
	glossaryCSVHead = "source,translations,forbidden,note,case_sensitive,word_forms"
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
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="glossary-`+src+`-`+tgt+`.csv"`)
	w := csv.NewWriter(c.Writer)
	_ = w.Write(strings.Split(glossaryCSVHead, ","))
	for _, t := range ts {
		_ = w.Write([]string{t.Source, strings.Join(t.Translations, "|"), strings.Join(t.Forbidden, "|"), t.Note,
			strconv.FormatBool(t.CaseSensitive), strconv.FormatBool(t.WordForms)})
	}
	w.Flush()
}

// rejectedRow is one CSV row an import refused, with the reason.
type rejectedRow struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// importGlossary handles POST /glossaries/{src}/{tgt}/csv. Like the TBX
// import it is all or nothing: the CSV is read whole (at most
// maxGlossaryCSV bytes), every row is checked by the CSV's rules and then by
// the store's rules for a term, and only when none is rejected are the terms
// added. Otherwise the answer is 400 with the rejected rows, their lines and
// reasons, and the glossary is unchanged.
func (a *API) importGlossary(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	// Who may, before reading: a refused person gets 403 whatever they send.
	if _, err := a.assistant.ImportGlossary(c.Request.Context(), auth.User(c), src, tgt, nil, false); err != nil {
		a.fail(c, err)
		return
	}
	r := csv.NewReader(http.MaxBytesReader(c.Writer, c.Request.Body, maxGlossaryCSV))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil || strings.Join(head, ",") != glossaryCSVHead {
		a.fail(c, newsroom.E(newsroom.EInvalid, "ErrCSVHeader", "Header", glossaryCSVHead))
		return
	}
	var terms []qa.Term
	var lines []int
	rejected := []rejectedRow{}
	count := 0
	reject := func(line int, reason string) {
		count++
		if len(rejected) < maxCSVRejected {
			rejected = append(rejected, rejectedRow{Line: line, Reason: reason})
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				a.fail(c, newsroom.E(newsroom.EInvalid, "ErrCSVTooLarge", "Max", maxGlossaryCSV))
				return
			}
			reject(line, err.Error())
			continue
		}
		if t, reason := termFromCSV(rec); reason != "" {
			reject(line, reason)
		} else {
			terms, lines = append(terms, t), append(lines, line)
		}
	}
	refused, err := a.assistant.ImportGlossary(c.Request.Context(), auth.User(c), src, tgt, terms, count == 0)
	if err != nil {
		a.fail(c, err)
		return
	}
	loc := a.localizer(c)
	for i, e := range refused {
		if e != nil {
			_, d := httperror.Describe(a.log, c.Request, e, loc)
			reject(lines[i], d.Message)
		}
	}
	if count > 0 {
		slices.SortStableFunc(rejected, func(x, y rejectedRow) int { return x.Line - y.Line })
		a.refuseGlossaryImport(c, gin.H{"rejected": rejected, "rejected_count": count})
		return
	}
	c.JSON(http.StatusOK, gin.H{"imported": len(terms), "rejected": rejected, "rejected_count": 0})
}

// termFromCSV reads one CSV record, or says why it cannot.
func termFromCSV(rec []string) (qa.Term, string) {
	if len(rec) != 6 {
		return qa.Term{}, "expected 6 fields, found " + strconv.Itoa(len(rec))
	}
	split := func(s string) []string {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return strings.Split(s, "|")
	}
	cs, err1 := strconv.ParseBool(strings.TrimSpace(rec[4]))
	wf, err2 := strconv.ParseBool(strings.TrimSpace(rec[5]))
	if err1 != nil || err2 != nil {
		return qa.Term{}, "case_sensitive and word_forms must be true or false"
	}
	return qa.Term{Source: rec[0], Translations: split(rec[1]), Forbidden: split(rec[2]), Note: rec[3], CaseSensitive: cs, WordForms: wf}, ""
}

// refuseGlossaryImport answers a glossary import (CSV or TBX) that had
// rejected entries: 400, nothing imported; body says which and why.
func (a *API) refuseGlossaryImport(c *gin.Context, body gin.H) {
	_, d := httperror.Describe(a.log, c.Request, newsroom.E(newsroom.EInvalid, "ErrGlossaryImportRejected"), a.localizer(c))
	body["error"], body["imported"] = d, 0
	c.JSON(http.StatusBadRequest, body)
}
