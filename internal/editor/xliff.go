package editor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/xliff"
)

// xliffView is the page after an XLIFF import that needs a word: a stale
// file (with the choice to import it anyway and what that would change), or
// an import that skipped some units.
type xliffView struct {
	Lang     string
	EditHref string
	Action   string
	Stale    *xliff.StaleError
	Diff     textDiff
	// File is the stale file, sent again by "import anyway".
	File       string
	Unknown    string
	Incomplete string
}

func (e *Editor) exchange() xliff.Exchange { return xliff.Exchange{Releases: e.releases} }

// xliffDownload handles GET /app/releases/:id/:lang/xliff?version=2.1|1.2.
func (e *Editor) xliffDownload(c *gin.Context) {
	r, lang, ok := e.loadVersion(c)
	if !ok {
		return
	}
	f, err := xliff.ParseFormat(c.Query("version"))
	if err != nil {
		e.failErr(c, err)
		return
	}
	d, _, err := e.exchange().Export(c.Request.Context(), auth.User(c), r.ID, lang, f)
	if err != nil {
		e.failErr(c, err)
		return
	}
	var b bytes.Buffer
	if err := xliff.Write(&b, d); err != nil {
		e.failErr(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf("attachment; filename=%q", xliff.FileName(r.Slug, lang, f)))
	c.Data(http.StatusOK, "application/xliff+xml; charset=utf-8", b.Bytes())
}

// xliffZip handles GET /app/releases/:id/xliff?version=…: every translation
// the user may export, in one zip.
func (e *Editor) xliffZip(c *gin.Context) {
	r, ok := e.loadRelease(c)
	if !ok {
		return
	}
	f, err := xliff.ParseFormat(c.Query("version"))
	if err != nil {
		e.failErr(c, err)
		return
	}
	docs, _, err := e.exchange().ExportAll(c.Request.Context(), auth.User(c), r.ID, e.langs.Codes(), f)
	if err != nil {
		e.failErr(c, err)
		return
	}
	var b bytes.Buffer
	if err := xliff.WriteZip(&b, r.Slug, docs); err != nil {
		e.failErr(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf("attachment; filename=%q", xliff.ZipName(r.Slug, f)))
	c.Data(http.StatusOK, "application/zip", b.Bytes())
}

// xliffUpload handles POST /app/releases/:id/:lang/xliff: a multipart form
// with the file in "file", or, to import a stale file anyway, the file's
// text in "xliff" with force=1.
func (e *Editor) xliffUpload(c *gin.Context) {
	r, lang, u, ok := e.loadForSave(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	p := e.page(c, "")
	again := func(status int, msg string) {
		v, err := e.editor(ctx, u, r, lang, nil)
		if err != nil {
			e.failErr(c, err)
			return
		}
		p.Error = msg
		e.renderEditor(c, status, p, v)
	}
	file, err := uploadedFile(c)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			again(http.StatusRequestEntityTooLarge, p.L.T("EdTooLarge"))
			return
		}
		if errors.Is(err, errNoFile) {
			again(http.StatusBadRequest, p.L.T("XliffChooseFile"))
			return
		}
		e.failErr(c, err)
		return
	}
	force := c.PostForm("force") == "1"
	res, err := e.exchange().Import(ctx, u, r.ID, lang, strings.NewReader(file), force)
	if stale, ok := errors.AsType[*xliff.StaleError](err); ok {
		v := &xliffView{Lang: lang, EditHref: editHref(r.ID, lang), Action: releaseHref(r.ID) + "/" + lang + "/xliff",
			Stale: stale, Diff: diffContent(stale.Imported.Before, stale.Imported.Result.Content).onlyChanges(), File: file}
		p.Title = p.L.T("XliffStaleHeading")
		p.D = v
		e.render(c, http.StatusConflict, "xliff", p)
		return
	}
	if err != nil {
		status, msg := e.describe(c, p.L, err)
		if status >= 500 {
			e.failErr(c, err)
			return
		}
		if newsroom.ErrorCode(err) == newsroom.EConflict {
			msg = p.L.T("EdLockedInReview")
		}
		again(status, msg)
		return
	}
	if len(res.Result.Unknown) > 0 || len(res.Result.Incomplete) > 0 {
		p.Title = p.L.T("XliffImportedHeading")
		if res.Saved {
			p.Flash = p.L.T("EdFlashXliffImported")
		} else {
			p.Flash = p.L.T("EdFlashNoChange")
		}
		p.D = &xliffView{Lang: lang, EditHref: editHref(r.ID, lang),
			Unknown: strings.Join(res.Result.Unknown, ", "), Incomplete: strings.Join(res.Result.Incomplete, ", ")}
		e.render(c, http.StatusOK, "xliff", p)
		return
	}
	if res.Saved {
		e.redirect(c, editHref(r.ID, lang), "EdFlashXliffImported")
		return
	}
	e.redirect(c, editHref(r.ID, lang), "EdFlashNoChange")
}

var errNoFile = errors.New("editor: no XLIFF file in the form")

// uploadedFile returns the XLIFF text of the form: the uploaded file, or
// the text sent back by "import anyway".
func uploadedFile(c *gin.Context) (string, error) {
	if s, ok := c.GetPostForm("xliff"); ok && s != "" {
		return s, nil
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return "", err
		}
		return "", errNoFile
	}
	f, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, xliff.MaxFileBytes+1))
	return string(b), err
}
