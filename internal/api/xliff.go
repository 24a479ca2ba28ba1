package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/xliff"
)

// xliffContentType is the media type of XLIFF files (RFC 3023 style, as CAT tools expect).
const xliffContentType = "application/xliff+xml; charset=utf-8"

func (a *API) exchange() xliff.Exchange { return xliff.Exchange{Releases: a.releases} }

// exportXLIFF handles GET /releases/{id}/versions/{lang}/xliff?version=2.1|1.2.
func (a *API) exportXLIFF(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok {
		return
	}
	f, err := xliff.ParseFormat(c.Query("version"))
	if err != nil {
		a.fail(c, err)
		return
	}
	d, r, err := a.exchange().Export(c.Request.Context(), auth.User(c), c.Param("id"), lang, f)
	if err != nil {
		a.fail(c, err)
		return
	}
	var b bytes.Buffer
	if err := xliff.Write(&b, d); err != nil {
		a.fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf("attachment; filename=%q", xliff.FileName(r.Slug, lang, f)))
	c.Data(http.StatusOK, xliffContentType, b.Bytes())
}

// exportXLIFFZip handles GET /releases/{id}/xliff?version=…: a zip with one
// file per translation the user may export.
func (a *API) exportXLIFFZip(c *gin.Context) {
	f, err := xliff.ParseFormat(c.Query("version"))
	if err != nil {
		a.fail(c, err)
		return
	}
	docs, r, err := a.exchange().ExportAll(c.Request.Context(), auth.User(c), c.Param("id"), a.langs.Codes(), f)
	if err != nil {
		a.fail(c, err)
		return
	}
	var b bytes.Buffer
	if err := xliff.WriteZip(&b, r.Slug, docs); err != nil {
		a.fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf("attachment; filename=%q", xliff.ZipName(r.Slug, f)))
	c.Data(http.StatusOK, "application/zip", b.Bytes())
}

// importXLIFF handles PUT /releases/{id}/versions/{lang}/xliff[?force=1]:
// the body is the XLIFF file.
func (a *API) importXLIFF(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok {
		return
	}
	force, err := parseForce(c.Query("force"))
	if err != nil {
		a.fail(c, err)
		return
	}
	body := http.MaxBytesReader(c.Writer, c.Request.Body, xliff.MaxFileBytes+1)
	res, err := a.exchange().Import(c.Request.Context(), auth.User(c), c.Param("id"), lang, body, force)
	if stale, ok := errors.AsType[*xliff.StaleError](err); ok {
		c.AbortWithStatusJSON(http.StatusConflict, gin.H{"error": gin.H{
			"code": newsroom.EConflict, "message": stale.Message(),
			"current_rev": stale.CurrentRev, "current_source_rev": stale.CurrentSourceRev,
			"file_rev": stale.FileRev, "file_source_rev": stale.FileSourceRev,
			"changed_units": nonNil(stale.Imported.Result.Changed),
		}})
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	out, err := a.writtenVersions(c.Request.Context(), []*newsroom.Version{res.Version}, map[revKey]newsroom.Content{{lang, res.Version.Rev}: res.Result.Content})
	if err != nil {
		a.fail(c, err)
		return
	}
	result := "no_change"
	if res.Saved {
		result = "imported"
	}
	c.JSON(http.StatusOK, gin.H{
		"result": result, "changed_units": nonNil(res.Result.Changed), "unknown_units": nonNil(res.Result.Unknown),
		"incomplete_units": nonNil(res.Result.Incomplete), "version": out[0],
	})
}

func parseForce(s string) (bool, error) {
	switch s {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, newsroom.Errorf(newsroom.EInvalid, "The parameter \"force\" must be 1 or 0, not %q.", s)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
