package editor

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/qa"
)

// terms reads the src → tgt glossary from the store.
func (e *env) terms(src, tgt string) []*qa.StoredTerm {
	e.t.Helper()
	ts, err := e.store.GlossaryTerms(context.Background(), src, tgt)
	if err != nil {
		e.t.Fatal(err)
	}
	return ts
}

// term adds a term to the src → tgt glossary through the store, as an editor.
func (e *env) term(src, tgt string, t qa.Term) *qa.StoredTerm {
	e.t.Helper()
	st, err := e.store.PutGlossaryTerm(context.Background(), e.users["editor"], src, tgt, "", t)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

// uploadGlossary posts a multipart form with fields and one file, as who.
func (e *env) uploadGlossary(path, who string, fields url.Values, name, content string) response {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			e.t.Fatal(err)
		}
		_, _ = fw.Write([]byte(content))
	}
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: e.sessions[who]})
	w := httptest.NewRecorder()
	e.engine.ServeHTTP(w, req)
	return response{w, w.Body.String()}
}

func TestEditorsAddEditAndDeleteGlossaryTermsInTheEditor(t *testing.T) {
	t.Run("the navigation leads to the pairs, and a pair to its glossary", func(t *testing.T) {
		e := newEnv(t)
		home := e.get("/app/", "editor")
		contains(t, home.body, `<a href="/app/glossaries">Glossaries</a>`)
		r := e.get("/app/glossaries", "editor")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `href="/app/glossaries" aria-current="page"`, `href="/app/glossaries/en/ky"`, `href="/app/glossaries/ru/en"`)
		lacks(t, r.body, `href="/app/glossaries/en/en"`)
		g := e.get("/app/glossaries/en/ky", "editor")
		expect(t, g, http.StatusOK)
		contains(t, g.body, "This glossary has no terms yet.", `action="/app/glossaries/en/ky/terms"`, `action="/app/glossaries/en/ky/import"`)
		expect(t, e.get("/app/glossaries/en/en", "editor"), http.StatusNotFound)
		expect(t, e.get("/app/glossaries/en/xx", "editor"), http.StatusNotFound)
	})
	t.Run("an editor adds a term and sees it listed by source term", func(t *testing.T) {
		e := newEnv(t)
		e.term("en", "ky", qa.Term{Source: "UNHCR", Translations: []string{"БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы"}})
		r := e.post("/app/glossaries/en/ky/terms", "editor", url.Values{"source": {"asylum"}, "translations": {"башпаанек\r\nбаш калкалоо"},
			"forbidden": {"убежище"}, "note": {"legal sense"}, "word_forms": {"1"}})
		expect(t, r, http.StatusSeeOther)
		if r.location() != "/app/glossaries/en/ky" {
			t.Fatalf("redirect to %q", r.location())
		}
		ts := e.terms("en", "ky")
		if len(ts) != 2 || ts[0].Source != "asylum" || len(ts[0].Translations) != 2 || ts[0].Forbidden[0] != "убежище" || !ts[0].WordForms || ts[0].CaseSensitive {
			t.Fatalf("terms %+v", ts[0])
		}
		g := e.get("/app/glossaries/en/ky", "editor", "Cookie", auth.CookieName+"="+e.sessions["editor"]+"; "+flashCookie+"=EdFlashTermAdded")
		contains(t, g.body, "Term added.", "2 terms", "<del>убежище</del>", "legal sense", "Match word forms")
		if strings.Index(g.body, ">asylum<") > strings.Index(g.body, ">UNHCR<") {
			t.Error("terms are not sorted by source term")
		}
	})
	t.Run("a refused term comes back as typed with the reason by the form", func(t *testing.T) {
		e := newEnv(t)
		r := e.post("/app/glossaries/en/ky/terms", "editor", url.Values{"source": {"asylum"}, "translations": {"  "}, "note": {"typed by hand"}, "case_sensitive": {"1"}})
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, `id="add-error"`, "A glossary term needs its source text and at least one approved translation.",
			`value="asylum"`, `value="typed by hand"`, `id="add-case" checked`)
		if n := len(e.terms("en", "ky")); n != 0 {
			t.Fatalf("a refused term left %d terms", n)
		}
	})
	t.Run("an editor edits a term in its own form", func(t *testing.T) {
		e := newEnv(t)
		st := e.term("en", "ky", qa.Term{Source: "refugee", Translations: []string{"качкын"}, Note: "old"})
		f := e.get("/app/glossaries/en/ky?edit="+st.ID, "editor")
		expect(t, f, http.StatusOK)
		contains(t, f.body, `action="/app/glossaries/en/ky/terms/`+st.ID+`"`, `value="refugee"`, ">качкын</textarea>", `value="old"`)
		lacks(t, f.body, `id="add-term"`)
		bad := e.post("/app/glossaries/en/ky/terms/"+st.ID, "editor", url.Values{"source": {""}, "translations": {"качкын\nбосқун"}})
		expect(t, bad, http.StatusBadRequest)
		contains(t, bad.body, `id="edit-error"`, "качкын\nбосқун</textarea>", "Edit “refugee”")
		r := e.post("/app/glossaries/en/ky/terms/"+st.ID, "editor", url.Values{"source": {"refugee"}, "translations": {"качкын\nбосқун"}, "note": {"new"}})
		expect(t, r, http.StatusSeeOther)
		ts := e.terms("en", "ky")
		if len(ts) != 1 || len(ts[0].Translations) != 2 || ts[0].Note != "new" {
			t.Fatalf("terms %+v", ts)
		}
		expect(t, e.get("/app/glossaries/en/ky?edit=nosuchterm", "editor"), http.StatusNotFound)
	})
	t.Run("an editor deletes a term", func(t *testing.T) {
		e := newEnv(t)
		st := e.term("en", "ky", qa.Term{Source: "refugee", Translations: []string{"качкын"}})
		list := e.get("/app/glossaries/en/ky", "editor")
		contains(t, list.body, `href="/app/glossaries/en/ky/terms/`+st.ID+`/delete"`)
		ask := e.get("/app/glossaries/en/ky/terms/"+st.ID+"/delete", "editor")
		expect(t, ask, http.StatusOK)
		contains(t, ask.body, `id="term-confirm"`, ">refugee</h2>", "качкын", `action="/app/glossaries/en/ky/terms/`+st.ID+`/delete"`)
		if n := len(e.terms("en", "ky")); n != 1 {
			t.Fatal("asking deleted the term")
		}
		r := e.post("/app/glossaries/en/ky/terms/"+st.ID+"/delete", "editor", nil)
		expect(t, r, http.StatusSeeOther)
		if n := len(e.terms("en", "ky")); n != 0 {
			t.Fatalf("%d terms after the deletion", n)
		}
		expect(t, e.post("/app/glossaries/en/ky/terms/"+st.ID+"/delete", "editor", nil), http.StatusNotFound)
		expect(t, e.get("/app/glossaries/en/ky/terms/"+st.ID+"/delete", "editor"), http.StatusNotFound)
	})
	t.Run("the page speaks the reader's interface language", func(t *testing.T) {
		e := newEnv(t)
		ru := e.get("/app/glossaries/en/ky", "editor", "Accept-Language", "ru")
		contains(t, ru.body, "В этом глоссарии пока нет терминов.", "Добавить термин")
		ky := e.get("/app/glossaries/en/ky", "editor", "Accept-Language", "ky")
		contains(t, ky.body, "Бул глоссарийде азырынча термин жок.", "Термин кошуу")
	})
}

const glossaryCSVHead = "source,translations,forbidden,note,case_sensitive,word_forms\n"

func TestEditorsImportAGlossaryCSVAllOrNothing(t *testing.T) {
	t.Run("a good file adds every term", func(t *testing.T) {
		e := newEnv(t)
		r := e.uploadGlossary("/app/glossaries/en/ky/import", "editor", url.Values{"format": {"csv"}}, "g.csv",
			glossaryCSVHead+"refugee,качкын|босқун,,,false,true\nstateless,жарандыгы жок,,note,false,false\n")
		expect(t, r, http.StatusSeeOther)
		if ts := e.terms("en", "ky"); len(ts) != 2 || ts[0].Source != "refugee" || len(ts[0].Translations) != 2 {
			t.Fatalf("terms %+v", ts)
		}
	})
	t.Run("a file with a rejected row adds nothing and shows the row's reason", func(t *testing.T) {
		e := newEnv(t)
		r := e.uploadGlossary("/app/glossaries/en/ky/import", "editor", url.Values{"format": {"csv"}}, "g.csv",
			glossaryCSVHead+"refugee,качкын,,,false,true\nalone,,,,false,false\nbroken,x,,,maybe,false\n")
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, `id="import-error"`, "Nothing was imported: 2 entries were rejected.",
			"Line 3: A glossary term needs its source text and at least one approved translation.",
			"Line 4: case_sensitive and word_forms must be true or false.")
		if n := len(e.terms("en", "ky")); n != 0 {
			t.Fatalf("a refused import left %d terms", n)
		}
	})
	t.Run("a TBX document goes through the same import as the API's", func(t *testing.T) {
		e := newEnv(t)
		e.term("en", "ky", qa.Term{Source: "refugee", Translations: []string{"качкын"}, WordForms: true})
		doc := e.get("/app/glossaries/en/ky/export/tbx", "editor")
		expect(t, doc, http.StatusOK)
		contains(t, doc.body, "<term>refugee</term>")
		r := e.uploadGlossary("/app/glossaries/en/ru/import", "editor", url.Values{"format": {"tbx"}}, "g.tbx", strings.ReplaceAll(doc.body, `xml:lang="ky"`, `xml:lang="ru"`))
		expect(t, r, http.StatusSeeOther)
		if ts := e.terms("en", "ru"); len(ts) != 1 || !ts[0].WordForms {
			t.Fatalf("terms %+v", ts)
		}
		bad := e.uploadGlossary("/app/glossaries/en/ru/import", "editor", url.Values{"format": {"tbx"}}, "g.tbx", "not even XML")
		expect(t, bad, http.StatusBadRequest)
		contains(t, bad.body, `id="import-error"`, `id="import-tbx" checked`)
	})
	t.Run("a file over the editor's upload bound is a clear 413 that adds nothing", func(t *testing.T) {
		e := newEnv(t)
		var b strings.Builder
		b.WriteString(glossaryCSVHead)
		for i := 0; b.Len() <= maxForm; i++ {
			fmt.Fprintf(&b, "term %d,котормо %d,,,false,false\n", i, i)
		}
		r := e.uploadGlossary("/app/glossaries/en/ky/import", "editor", url.Values{"format": {"csv"}}, "g.csv", b.String())
		expect(t, r, http.StatusRequestEntityTooLarge)
		contains(t, r.body, `id="import-error"`)
		if n := len(e.terms("en", "ky")); n != 0 {
			t.Fatalf("an oversized upload left %d terms", n)
		}
	})
	t.Run("no file is a clear 400", func(t *testing.T) {
		e := newEnv(t)
		r := e.uploadGlossary("/app/glossaries/en/ky/import", "editor", url.Values{"format": {"csv"}}, "", "")
		expect(t, r, http.StatusBadRequest)
		contains(t, r.body, "Choose a file to import.")
	})
}

func TestTheGlossaryExportsAsCSVAndTBXToTheEditorsSession(t *testing.T) {
	e := newEnv(t)
	e.term("en", "ky", qa.Term{Source: "refugee", Translations: []string{"качкын", "босқун"}})
	csv := e.get("/app/glossaries/en/ky/export/csv", "trru")
	expect(t, csv, http.StatusOK)
	if !strings.HasPrefix(csv.Header().Get("Content-Type"), "text/csv") || !strings.Contains(csv.Header().Get("Content-Disposition"), "glossary-en-ky.csv") {
		t.Fatalf("headers %v", csv.Header())
	}
	contains(t, csv.body, glossaryCSVHead, "refugee,качкын|босқун,,,false,false")
	expect(t, e.get("/app/glossaries/en/ky/export/xlsx", "editor"), http.StatusNotFound)
	if r := e.get("/app/glossaries/en/ky/export/csv", ""); r.Code != http.StatusSeeOther {
		t.Fatalf("anonymous export answered %d", r.Code)
	}
}

func TestOnlyThoseTheGlossaryPolicyAllowsCanChangeAGlossary(t *testing.T) {
	e := newEnv(t)
	st := e.term("en", "ky", qa.Term{Source: "refugee", Translations: []string{"качкын"}})
	t.Run("a translator of another language reads it without forms", func(t *testing.T) {
		r := e.get("/app/glossaries/en/ky", "trru")
		expect(t, r, http.StatusOK)
		contains(t, r.body, "refugee", "You can read this glossary but not change it.", `id="export-csv"`)
		lacks(t, r.body, `id="add-term"`, `id="import-form"`, "/delete")
	})
	t.Run("a translator of another language cannot add, edit, delete or import", func(t *testing.T) {
		expect(t, e.post("/app/glossaries/en/ky/terms", "trru", url.Values{"source": {"asylum"}, "translations": {"башпаанек"}}), http.StatusForbidden)
		expect(t, e.post("/app/glossaries/en/ky/terms/"+st.ID, "trru", url.Values{"source": {"refugee"}, "translations": {"беженец"}}), http.StatusForbidden)
		expect(t, e.get("/app/glossaries/en/ky/terms/"+st.ID+"/delete", "trru"), http.StatusForbidden)
		expect(t, e.post("/app/glossaries/en/ky/terms/"+st.ID+"/delete", "trru", nil), http.StatusForbidden)
		expect(t, e.uploadGlossary("/app/glossaries/en/ky/import", "trru", nil, "g.csv", glossaryCSVHead+"asylum,башпаанек,,,false,false\n"), http.StatusForbidden)
		if ts := e.terms("en", "ky"); len(ts) != 1 || ts[0].Translations[0] != "качкын" {
			t.Fatalf("terms %+v", ts)
		}
	})
	t.Run("a reviewer of the target language manages it", func(t *testing.T) {
		r := e.get("/app/glossaries/en/ky", "rvky")
		contains(t, r.body, `id="add-term"`, `id="import-form"`)
		expect(t, e.post("/app/glossaries/en/ky/terms", "rvky", url.Values{"source": {"asylum"}, "translations": {"башпаанек"}}), http.StatusSeeOther)
	})
	t.Run("anonymous visitors are sent to log in", func(t *testing.T) {
		expect(t, e.get("/app/glossaries/en/ky", ""), http.StatusSeeOther)
	})
}
