package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/qa"
	"github.com/kotormo/kotormo/internal/tbx"
)

// glossaryTerms returns a pair's terms without their IDs and stamps.
func glossaryTerms(t *testing.T, e *env, src, tgt string) []qa.Term {
	t.Helper()
	ts, err := e.store.GlossaryTerms(context.Background(), src, tgt)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]qa.Term, len(ts))
	for i, st := range ts {
		out[i] = st.Term
	}
	return out
}

func postTBX(e *env, who, path, doc string, hdr ...string) *httptest.ResponseRecorder {
	req := request("POST", path, doc)
	req.Header.Set("Content-Type", "application/x-tbx+xml")
	req.Header.Set("Authorization", "Bearer "+e.token(who))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return e.serve(req)
}

// tbxEntry is one conceptEntry of the en → ky pair.
func tbxEntry(en, ky string) string {
	return `<conceptEntry><langSec xml:lang="en"><termSec><term>` + en + `</term></termSec></langSec>` +
		`<langSec xml:lang="ky"><termSec><term>` + ky + `</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec></conceptEntry>`
}

func tbxDoc(entries ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed:3.0">` +
		`<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader><text><body>` + strings.Join(entries, "") + `</body></text></tbx>`
}

func TestTheGlossaryTravelsAsTBXBasicOverHTTP(t *testing.T) {
	e := newEnv(t, "")
	e.ok(http.StatusCreated, "trKy", "POST", "/glossaries/en/ky", map[string]any{
		"source": agencyEN, "translations": []string{agencyKY, "БУУ КЖКБ"}, "forbidden": []string{"БУУнун Качкындар агенттиги"},
		"note": "Full name on first use;\nshort form after.", "case_sensitive": true,
	})
	e.ok(http.StatusCreated, "trKy", "POST", "/glossaries/en/ky", map[string]any{"source": "refugee", "translations": []string{"качкын"}, "word_forms": true})
	want := glossaryTerms(t, e, "en", "ky")
	doc := e.as("trRu", "GET", "/glossaries/en/ky/tbx", nil).Body.String()

	t.Run("the export is a TBX-Basic document", func(t *testing.T) {
		w := e.as("trRu", "GET", "/glossaries/en/ky/tbx", nil)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/x-tbx+xml") ||
			!strings.Contains(w.Header().Get("Content-Disposition"), `glossary-en-ky.tbx`) {
			t.Fatalf("export %d %v", w.Code, w.Header())
		}
		for _, s := range []string{`<tbx type="TBX-Basic" style="dca" xml:lang="en"`, `<langSec xml:lang="ky">`, `deprecatedTerm-admn-sts`, `<note>kotormo:wordForms=true</note>`} {
			if !strings.Contains(w.Body.String(), s) {
				t.Errorf("the export lacks %s", s)
			}
		}
	})

	t.Run("a translator of another language may not import", func(t *testing.T) {
		errorOf(t, postTBX(e, "trRu", "/glossaries/en/ky/tbx", doc), http.StatusForbidden, "forbidden")
		errorOf(t, postTBX(e, "trRu", "/glossaries/en/ky/tbx", "not even XML"), http.StatusForbidden, "forbidden")
	})

	t.Run("the export imports into another glossary without loss", func(t *testing.T) {
		other := newEnv(t, "")
		w := postTBX(other, "revKy", "/glossaries/en/ky/tbx", doc)
		res := decodeObj(t, w)
		if w.Code != http.StatusOK || res.n("imported") != 2 || res.n("entries") != 2 || len(res.list("rejected")) != 0 {
			t.Fatalf("import %d %v", w.Code, res)
		}
		if got := glossaryTerms(t, other, "en", "ky"); !reflect.DeepEqual(got, want) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
		}
	})

	t.Run("one entry the parser refuses imports nothing and is reported", func(t *testing.T) {
		bad := `<conceptEntry id="c2"><langSec xml:lang="en"><termSec><term>stateless</term></termSec></langSec></conceptEntry>`
		w := postTBX(e, "trKy", "/glossaries/en/ky/tbx", tbxDoc(tbxEntry("asylum", "башпаанек"), bad))
		d := errorOf(t, w, http.StatusBadRequest, "invalid")
		res := decodeObj(t, w)
		if d.s("message_id") != "ErrGlossaryImportRejected" || res.n("imported") != 0 || res.n("rejected_count") != 1 {
			t.Fatalf("answer %v", res)
		}
		r := res.list("rejected")[0]
		if r.n("entry") != 2 || r.s("id") != "c2" || r.s("message_id") != "ErrTBXNoTranslation" || r.s("reason") != "The entry has no approved term in the target language (ky)." {
			t.Errorf("rejected %v", r)
		}
		if got := glossaryTerms(t, e, "en", "ky"); !reflect.DeepEqual(got, want) {
			t.Errorf("the glossary changed: %+v", got)
		}
	})

	t.Run("one entry the store's rules refuse imports nothing and is reported", func(t *testing.T) {
		w := postTBX(e, "trKy", "/glossaries/en/ky/tbx", tbxDoc(tbxEntry("asylum", "башпаанек"), tbxEntry(strings.Repeat("long ", 100), "узун")))
		errorOf(t, w, http.StatusBadRequest, "invalid")
		res := decodeObj(t, w)
		if rs := res.list("rejected"); len(rs) != 1 || rs[0].n("entry") != 2 || !strings.Contains(rs[0].s("reason"), "at most 300 characters") {
			t.Fatalf("answer %v", res)
		}
		if got := glossaryTerms(t, e, "en", "ky"); !reflect.DeepEqual(got, want) {
			t.Errorf("the glossary changed: %+v", got)
		}
	})

	t.Run("reasons are in the request's language", func(t *testing.T) {
		w := postTBX(e, "trKy", "/glossaries/en/ky/tbx", tbxDoc(`<conceptEntry><langSec xml:lang="ky"><termSec><term>x</term></termSec></langSec></conceptEntry>`), "Accept-Language", "ru")
		errorOf(t, w, http.StatusBadRequest, "invalid")
		res := decodeObj(t, w)
		if r := res.list("rejected")[0]; r.s("reason") != "В записи нет термина на исходном языке (en)." {
			t.Errorf("reason %q", r.s("reason"))
		}
		if m := res.o("error").s("message"); !strings.HasPrefix(m, "Ничего не импортировано") {
			t.Errorf("message %q", m)
		}
	})

	t.Run("a document that is not TBX is refused", func(t *testing.T) {
		d := errorOf(t, postTBX(e, "trKy", "/glossaries/en/ky/tbx", "source,translations\n"), http.StatusBadRequest, "invalid")
		if d.s("message_id") != "ErrTBXNotTBX" {
			t.Errorf("error %v", d)
		}
		d = errorOf(t, postTBX(e, "trKy", "/glossaries/en/ky/tbx", doc[:len(doc)/2]), http.StatusBadRequest, "invalid")
		if d.s("message_id") != "ErrTBXMalformed" {
			t.Errorf("error %v", d)
		}
	})

	t.Run("a document over the size bound is refused as too large", func(t *testing.T) {
		huge := tbxDoc(`<conceptEntry><note>` + strings.Repeat("a", tbx.MaxInput) + `</note></conceptEntry>`)
		d := errorOf(t, postTBX(e, "trKy", "/glossaries/en/ky/tbx", huge), http.StatusRequestEntityTooLarge, "too_large")
		if d.s("message_id") != "ErrTBXTooLarge" {
			t.Errorf("error %v", d)
		}
	})

	t.Run("a valid document adds its terms", func(t *testing.T) {
		w := postTBX(e, "trKy", "/glossaries/en/ky/tbx", tbxDoc(tbxEntry("asylum", "башпаанек")))
		if res := decodeObj(t, w); w.Code != http.StatusOK || res.n("imported") != 1 {
			t.Fatalf("import %d %v", w.Code, res)
		}
		if n := len(glossaryTerms(t, e, "en", "ky")); n != 3 {
			t.Errorf("%d terms", n)
		}
	})

	t.Run("an unknown language is not found", func(t *testing.T) {
		errorOf(t, e.as("trKy", "GET", "/glossaries/en/xx/tbx", nil), http.StatusNotFound, "not_found")
	})
}
