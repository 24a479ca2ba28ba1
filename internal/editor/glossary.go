package editor

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/glossaryio"
	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// Glossaries reads and changes the glossary of a language pair
// (mongodb.Store implements it). The writes ask newsroom.CanEditGlossary
// and check each term by the same rules as the API; ImportGlossary is
// reached through glossaryio, as from the API.
type Glossaries interface {
	GlossaryTerms(ctx context.Context, src, tgt string) ([]*qa.StoredTerm, error)
	PutGlossaryTerm(ctx context.Context, actor *newsroom.User, src, tgt, id string, t qa.Term) (*qa.StoredTerm, error)
	DeleteGlossaryTerm(ctx context.Context, actor *newsroom.User, src, tgt, id string) error
	glossaryio.Store
}

// glossaryPair is one link of the page that chooses a glossary.
type glossaryPair struct{ Src, Tgt string }

// termForm is the add or edit form as typed: several values one per line.
type termForm struct {
	ID, Source, Translations, Forbidden, Note string
	CaseSensitive, WordForms                  bool
	// Error is the store's refusal of what was typed, shown by the form.
	Error string
	// Name is the stored term's source, which names the edit form.
	Name string
}

func formOf(t *qa.StoredTerm) termForm {
	return termForm{ID: t.ID, Source: t.Source, Translations: strings.Join(t.Translations, "\n"),
		Forbidden: strings.Join(t.Forbidden, "\n"), Note: t.Note, CaseSensitive: t.CaseSensitive, WordForms: t.WordForms}
}

// term is what the form asks the store to save.
func (f termForm) term() qa.Term {
	lines := func(s string) []string {
		var out []string
		for l := range strings.Lines(s) {
			out = append(out, strings.TrimRight(l, "\r\n"))
		}
		return out
	}
	return qa.Term{Source: f.Source, Translations: lines(f.Translations), Forbidden: lines(f.Forbidden), Note: f.Note,
		CaseSensitive: f.CaseSensitive, WordForms: f.WordForms}
}

func readTermForm(c *gin.Context) termForm {
	return termForm{ID: c.Param("term"), Source: c.PostForm("source"), Translations: c.PostForm("translations"),
		Forbidden: c.PostForm("forbidden"), Note: c.PostForm("note"),
		CaseSensitive: c.PostForm("case_sensitive") == "1", WordForms: c.PostForm("word_forms") == "1"}
}

// rejectedView is one entry of a refused import, its reason localized.
type rejectedView struct {
	Where, ID, Reason string
}

// glossaryView is the page of one glossary.
type glossaryView struct {
	Src, Tgt string
	Terms    []*qa.StoredTerm
	// CanEdit shows the forms (newsroom.CanEditGlossary decides).
	CanEdit bool
	// Add is the form adding a term; Edit, when set, the form editing one.
	Add  termForm
	Edit *termForm
	// ConfirmID asks to confirm the deletion of that term, shown as Confirm.
	ConfirmID string
	Confirm   *qa.StoredTerm
	// ImportError and Rejected tell why an import added nothing.
	ImportError   string
	Rejected      []rejectedView
	RejectedCount int
	Format        string
	CSVHeader     string
}

// requireGlossaries answers 404 when the server runs without the assistant.
func (e *Editor) requireGlossaries(c *gin.Context) bool {
	if e.glossaries == nil {
		e.notFound(c)
		return false
	}
	return true
}

// glossariesPage lets everyone choose the glossary of a language pair.
func (e *Editor) glossariesPage(c *gin.Context) {
	if !e.requireGlossaries(c) {
		return
	}
	p := e.page(c, "EdGlossaries")
	p.Nav = "glossaries"
	var pairs []glossaryPair
	for _, s := range e.langs.Codes() {
		for _, t := range e.langs.Codes() {
			if s != t {
				pairs = append(pairs, glossaryPair{s, t})
			}
		}
	}
	p.D = pairs
	e.render(c, http.StatusOK, "glossaries", p)
}

// pair reads :src and :tgt, two different configured languages, or answers 404.
func (e *Editor) pair(c *gin.Context) (string, string, bool) {
	if !e.requireGlossaries(c) {
		return "", "", false
	}
	src, tgt := c.Param("src"), c.Param("tgt")
	if !e.langs.Has(src) || !e.langs.Has(tgt) || src == tgt {
		e.notFound(c)
		return "", "", false
	}
	return src, tgt, true
}

// editablePair is pair for pages that change the glossary: it answers 403
// unless newsroom.CanEditGlossary allows the user (the store asks the same
// on every write; asking first spares a form or an upload).
func (e *Editor) editablePair(c *gin.Context) (string, string, bool) {
	src, tgt, ok := e.pair(c)
	if !ok {
		return "", "", false
	}
	if err := newsroom.CanEditGlossary(auth.User(c), tgt); err != nil {
		e.failErr(c, err)
		return "", "", false
	}
	return src, tgt, true
}

func (e *Editor) glossaryHref(src, tgt string) string { return "/app/glossaries/" + src + "/" + tgt }

// glossaryPage shows a glossary's terms to everyone, and to those who may
// change it the forms; ?edit={term} opens one term's form.
func (e *Editor) glossaryPage(c *gin.Context) {
	src, tgt, ok := e.pair(c)
	if !ok {
		return
	}
	p := e.glossaryPageOf(c, src, tgt)
	e.takeFlash(c, p)
	v := e.newGlossaryView(c, src, tgt)
	if id := c.Query("edit"); id != "" && v.CanEdit {
		v.Edit = &termForm{ID: id}
	}
	e.renderGlossary(c, http.StatusOK, p, v)
}

func (e *Editor) glossaryPageOf(c *gin.Context, src, tgt string) *page {
	p := e.page(c, "")
	p.Title = p.L.T("EdGlossaryTitle", "Src", locale.Name(src), "Tgt", locale.Name(tgt))
	p.Nav = "glossaries"
	return p
}

func (e *Editor) newGlossaryView(c *gin.Context, src, tgt string) *glossaryView {
	return &glossaryView{Src: src, Tgt: tgt, CanEdit: newsroom.CanEditGlossary(auth.User(c), tgt) == nil,
		Add: termForm{WordForms: true}, Format: "csv", CSVHeader: glossaryio.CSVHeader}
}

// renderGlossary reads the terms and renders the page; an Edit form with
// only an ID is filled from the stored term (404 when there is none).
func (e *Editor) renderGlossary(c *gin.Context, status int, p *page, v *glossaryView) {
	ts, err := e.glossaries.GlossaryTerms(c.Request.Context(), v.Src, v.Tgt)
	if err != nil {
		e.failErr(c, err)
		return
	}
	v.Terms = ts
	find := func(id string) *qa.StoredTerm {
		if i := slices.IndexFunc(ts, func(t *qa.StoredTerm) bool { return t.ID == id }); i >= 0 {
			return ts[i]
		}
		e.failErr(c, newsroom.E(newsroom.ENotFound, "ErrNoTerm"))
		return nil
	}
	if v.Edit != nil {
		st := find(v.Edit.ID)
		if st == nil {
			return
		}
		if v.Edit.Error == "" {
			f := formOf(st)
			v.Edit = &f
		}
		v.Edit.Name = st.Source
	}
	if v.ConfirmID != "" {
		if v.Confirm = find(v.ConfirmID); v.Confirm == nil {
			return
		}
	}
	p.D = v
	e.render(c, status, "glossary", p)
}

// saveTerm adds (no :term) or changes a term through the same store call
// as the API. A refused form comes back as typed, with the reason by it.
func (e *Editor) saveTerm(c *gin.Context) {
	src, tgt, ok := e.pair(c)
	if !ok {
		return
	}
	f := readTermForm(c)
	_, err := e.glossaries.PutGlossaryTerm(c.Request.Context(), auth.User(c), src, tgt, f.ID, f.term())
	if err == nil {
		flash := "EdFlashTermAdded"
		if f.ID != "" {
			flash = "EdFlashTermSaved"
		}
		e.redirect(c, e.glossaryHref(src, tgt), flash)
		return
	}
	p := e.glossaryPageOf(c, src, tgt)
	status, msg := e.describe(c, p.L, err)
	if status != http.StatusBadRequest {
		e.failErr(c, err)
		return
	}
	f.Error = msg
	v := e.newGlossaryView(c, src, tgt)
	if f.ID == "" {
		v.Add = f
	} else {
		v.Edit = &f
	}
	e.renderGlossary(c, status, p, v)
}

// deleteTermPage asks before a term is removed; its button posts to deleteTerm.
func (e *Editor) deleteTermPage(c *gin.Context) {
	src, tgt, ok := e.editablePair(c)
	if !ok {
		return
	}
	v := e.newGlossaryView(c, src, tgt)
	v.ConfirmID = c.Param("term")
	e.renderGlossary(c, http.StatusOK, e.glossaryPageOf(c, src, tgt), v)
}

// deleteTerm removes a term through the same store call as the API.
func (e *Editor) deleteTerm(c *gin.Context) {
	src, tgt, ok := e.pair(c)
	if !ok {
		return
	}
	if err := e.glossaries.DeleteGlossaryTerm(c.Request.Context(), auth.User(c), src, tgt, c.Param("term")); err != nil {
		e.failErr(c, err)
		return
	}
	e.redirect(c, e.glossaryHref(src, tgt), "EdFlashTermDeleted")
}
