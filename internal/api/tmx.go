package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// maxTMX is the largest TMX document an import accepts. It is read as a
// stream, so the size bounds time and storage, not memory.
const maxTMX = 512 << 20

// importTMX handles POST /memory/{src}/{tgt}/tmx.
func (a *API) importTMX(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	rep, err := a.assistant.ImportTMX(c.Request.Context(), auth.User(c), src, tgt, http.MaxBytesReader(c.Writer, c.Request.Body, maxTMX))
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, rep)
}

// exportTMX handles GET /memory/{src}/{tgt}/tmx.
func (a *API) exportTMX(c *gin.Context) {
	src, tgt, ok := a.glossaryPair(c)
	if !ok {
		return
	}
	if src == tgt {
		a.fail(c, newsroom.E(newsroom.EInvalid, "ErrMemorySameLang"))
		return
	}
	c.Header("Content-Type", "application/x-tmx+xml; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="memory-`+src+`-`+tgt+`.tmx"`)
	if err := a.assistant.ExportTMX(c.Request.Context(), src, tgt, c.Writer); err != nil {
		a.log.Error("export tmx", "src", src, "tgt", tgt, "err", err)
	}
}
