package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/glossaryio"
	"github.com/kotormo/kotormo/internal/httperror"
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
	if err := glossaryio.Export(c.Writer.Header(), c.Writer, "tbx", src, tgt, ts); err != nil {
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
	res, err := glossaryio.ImportTBX(c.Request.Context(), a.assistant, auth.User(c), src, tgt,
		http.MaxBytesReader(c.Writer, c.Request.Body, tbx.MaxInput+1))
	if err != nil {
		a.fail(c, err)
		return
	}
	loc := a.localizer(c)
	out := make([]rejectedEntry, len(res.Rejected))
	for i, r := range res.Rejected {
		_, d := httperror.Describe(a.log, c.Request, r.Err, loc)
		out[i] = rejectedEntry{Entry: r.Pos, ID: r.ID, Reason: d.Message, MessageID: d.MessageID, Args: d.Args}
	}
	if res.RejectedCount > 0 {
		a.refuseGlossaryImport(c, gin.H{"entries": res.Entries, "rejected": out, "rejected_count": res.RejectedCount})
		return
	}
	c.JSON(http.StatusOK, gin.H{"entries": res.Entries, "imported": res.Imported, "rejected": out, "rejected_count": 0})
}
