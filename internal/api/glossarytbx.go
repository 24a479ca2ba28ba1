package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/httperror"
	"github.com/kotormo/kotormo/internal/qa"
	"github.com/kotormo/kotormo/internal/tbx"
)

// exportGlossaryTBX handles GET /glossaries/{src}/{tgt}/tbx: the glossary
// as TBX-Basic (see internal/tbx for the mapping).
func (a *API) exportGlossaryTBX(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	ts, err := a.assistant.GlossaryTerms(c.Request.Context(), src, tgt)
	if err != nil {
		a.fail(c, err)
		return
	}
	es := make([]tbx.Entry, len(ts))
	for i, t := range ts {
		es[i] = tbx.Entry{ID: "t-" + t.ID, Term: t.Term}
	}
	c.Header("Content-Type", "application/x-tbx+xml; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="glossary-`+src+`-`+tgt+`.tbx"`)
	if err := tbx.Write(c.Writer, src, tgt, es); err != nil {
		a.log.Error("export tbx", "src", src, "tgt", tgt, "err", err)
	}
}

// rejectedEntry is a TBX entry an import refused, with the reason.
type rejectedEntry struct {
	// Entry is the entry's position in the document, from 1.
	Entry     int            `json:"entry"`
	ID        string         `json:"id,omitzero"`
	Reason    string         `json:"reason"`
	MessageID string         `json:"message_id,omitzero"`
	Args      map[string]any `json:"args,omitzero"`
}

// importGlossaryTBX handles POST /glossaries/{src}/{tgt}/tbx. The import
// is all or nothing: the document is read whole (within tbx's bounds),
// every entry is checked by the parser and then by the store's rules for a
// term, and only when none is rejected are the terms added. Otherwise the
// answer is 400 with every rejected entry, its position and its reason,
// and the glossary is unchanged.
func (a *API) importGlossaryTBX(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	// Who may, before reading: a refused person gets 403 whatever they send.
	if _, err := a.assistant.ImportGlossary(c.Request.Context(), auth.User(c), src, tgt, nil, false); err != nil {
		a.fail(c, err)
		return
	}
	res, err := tbx.Read(http.MaxBytesReader(c.Writer, c.Request.Body, tbx.MaxInput+1), src, tgt)
	if err != nil {
		a.fail(c, err)
		return
	}
	terms := make([]qa.Term, len(res.Entries))
	for i, e := range res.Entries {
		terms[i] = e.Term
	}
	rejected, err := a.assistant.ImportGlossary(c.Request.Context(), auth.User(c), src, tgt, terms, res.RejectedCount == 0)
	if err != nil {
		a.fail(c, err)
		return
	}
	loc := a.localizer(c)
	var out []rejectedEntry
	add := func(index int, id string, reason error) {
		if len(out) >= tbx.MaxRejected {
			return
		}
		_, d := httperror.Describe(a.log, c.Request, reason, loc)
		out = append(out, rejectedEntry{Entry: index, ID: id, Reason: d.Message, MessageID: d.MessageID, Args: d.Args})
	}
	// Merge the parser's reasons and the store's, in document order.
	k := 0
	for i, e := range res.Entries {
		for ; k < len(res.Rejected) && res.Rejected[k].Index < e.Index; k++ {
			add(res.Rejected[k].Index, res.Rejected[k].ID, res.Rejected[k].Err)
		}
		if rejected != nil && rejected[i] != nil {
			add(e.Index, e.ID, rejected[i])
		}
	}
	for ; k < len(res.Rejected); k++ {
		add(res.Rejected[k].Index, res.Rejected[k].ID, res.Rejected[k].Err)
	}
	count := res.RejectedCount
	for _, r := range rejected {
		if r != nil {
			count++
		}
	}
	if count > 0 {
		a.refuseGlossaryImport(c, gin.H{"entries": res.Count, "rejected": out, "rejected_count": count})
		return
	}
	c.JSON(http.StatusOK, gin.H{"entries": res.Count, "imported": len(terms), "rejected": []rejectedEntry{}, "rejected_count": 0})
}
