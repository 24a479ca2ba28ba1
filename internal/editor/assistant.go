package editor

import (
	"context"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// Memory is what the editor needs of the translation memory; the store
// implements it.
type Memory interface {
	// Pretranslate fills empty paragraphs with exact matches as one save.
	// Errors: as a save.
	Pretranslate(ctx context.Context, actor *newsroom.User, id, lang string, baseRev int) (*newsroom.Version, int, error)
	// FromMemory lists the body paragraphs that hold pre-translated text.
	FromMemory(ctx context.Context, releaseID, lang, body string) ([]int, error)
}

// assistantView is the translator's assistant beside a translation in the
// editor: progress, quality checks, memory matches (loaded by script) and
// pre-translation.
type assistantView struct {
	SourceLang, Lang string
	// MatchesURL and GlossaryURL are the API endpoints the script reads.
	MatchesURL, GlossaryURL string
	PretranslateAction      string
	BaseRev                 int
	CanPretranslate         bool
	Translated, Total       int
	// FromMemory holds the 0-based body paragraphs pre-translation filled.
	FromMemory []int
	QA         *qaView
}

// FromMemoryAttr joins FromMemory for a data attribute.
func (a *assistantView) FromMemoryAttr() string {
	var s []string
	for _, i := range a.FromMemory {
		s = append(s, strconv.Itoa(i))
	}
	return strings.Join(s, ",")
}

// assistantFor builds the assistant of translation v; nil for the source.
func (e *Editor) assistantFor(ctx context.Context, l loc, v *editorView) (*assistantView, error) {
	if v.IsSource {
		return nil, nil
	}
	var ps []string
	for _, r := range v.Rows {
		ps = append(ps, r.Target)
	}
	cur := newsroom.Content{Title: v.Title, Lead: v.Lead, Body: joinParagraphs(ps)}
	a := &assistantView{
		SourceLang: v.SourceLang, Lang: v.Lang,
		MatchesURL:         "/api/v1/releases/" + v.Release.ID + "/versions/" + v.Lang + "/matches",
		GlossaryURL:        "/api/v1/glossaries/" + v.SourceLang + "/" + v.Lang,
		PretranslateAction: releaseHref(v.Release.ID) + "/" + v.Lang + "/pretranslate",
		BaseRev:            v.BaseRev,
		CanPretranslate:    !v.Locked && e.memory != nil,
		FromMemory:         []int{},
	}
	a.Translated, a.Total = qa.Progress(v.SourceContent, cur)
	if e.memory != nil && v.Version.Rev > 0 {
		from, err := e.memory.FromMemory(ctx, v.Release.ID, v.Lang, cur.Body)
		if err != nil {
			return nil, err
		}
		a.FromMemory = from
	}
	if v.Version.Rev > 0 {
		q, err := e.checkQuality(ctx, l, v.Release, v.Lang, cur)
		if err != nil {
			return nil, err
		}
		a.QA = q
	}
	return a, nil
}

// pretranslate handles POST /app/releases/:id/:lang/pretranslate.
func (e *Editor) pretranslate(c *gin.Context) {
	r, lang, ok := e.loadVersion(c)
	if !ok {
		return
	}
	u := auth.User(c)
	if e.memory == nil || lang == r.SourceLang || !newsroom.Permitted(u, newsroom.ActionSave, lang, r.SourceLang) {
		e.forbidden(c)
		return
	}
	base, err := strconv.Atoi(c.PostForm("base_rev"))
	if err != nil || base < 0 {
		e.actionFailed(c, r, lang, newsroom.ActionSave, errRequired("EdBadRevision"), "")
		return
	}
	if _, _, err := e.memory.Pretranslate(c.Request.Context(), u, r.ID, lang, base); err != nil {
		e.actionFailed(c, r, lang, newsroom.ActionSave, err, "")
		return
	}
	e.redirect(c, editHref(r.ID, lang), "")
}
