package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// Texts of the acceptance scenario: two releases share the closing "About the
// office" paragraph and the agency's name.
const (
	agencyEN  = "UNHCR"
	agencyKY  = "БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы"
	closingEN = "UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1995. It protects refugees and stateless people."
	closingKY = "БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы Кыргызстанда 1995-жылдан бери иштейт. Ал качкындарды жана жарандыгы жок адамдарды коргойт."
)

func (e *env) release(title, lead, body string) string {
	e.t.Helper()
	return e.ok(http.StatusCreated, "editor", "POST", "/releases", map[string]any{
		"source_lang": "en", "date": "2016-10-14", "title": title, "lead": lead, "body": body,
	}).s("id")
}

// findings returns the QA message IDs of a version as "ID@field/paragraph".
func findings(v obj) []string {
	var out []string
	for _, r := range v.list("qa") {
		out = append(out, r.s("message_id")+"@"+r.s("field")+"/"+itoa(r.n("paragraph")))
	}
	return out
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	return string(rune('0' + n)) // paragraphs here are < 10
}

func TestTranslatorsAssistantAcceptanceOverHTTP(t *testing.T) {
	e := newEnv(t, "")
	// The glossary: the agency's name has one approved Kyrgyz translation.
	term := e.ok(http.StatusCreated, "trKy", "POST", "/glossaries/en/ky", map[string]any{
		"source": agencyEN, "translations": []string{agencyKY}, "forbidden": []string{"БУУнун Качкындар агенттиги"}, "word_forms": true,
	})
	if term.s("id") == "" || term.s("source") != agencyEN {
		t.Fatalf("term: %v", term)
	}

	first := e.release("UNHCR marks 20 years in Kyrgyzstan", "UNHCR has spent over $62 million in Kyrgyzstan since 1995.",
		"The office opened in Bishkek in 1995.\n\n"+closingEN)
	base1 := "/releases/" + first + "/versions/ky"
	v := e.ok(http.StatusOK, "trKy", "PUT", base1, map[string]any{"base_rev": 0,
		"title": agencyKY + " Кыргызстанда 20 жыл",
		"lead":  agencyKY + " 1995-жылдан бери Кыргызстанда 62 миллион доллардан ашык каражат сарптады.",
		"body":  "Кеңсе Бишкекте 1995-жылы ачылган.\n\n" + closingKY,
	})
	if v.n("qa_errors") != 0 {
		t.Fatalf("a faithful translation has findings: %v", findings(v))
	}
	e.ok(http.StatusOK, "trKy", "POST", base1+"/submit", nil)
	e.ok(http.StatusOK, "revKy", "POST", base1+"/approve", nil)

	second := e.release("New school for refugee children", "UNHCR has spent over $62 million on schools.",
		"UNHCR opened a school for 300 children.\n\nThe school has 12 classrooms.\n\n"+closingEN)
	base2 := "/releases/" + second + "/versions/ky"

	t.Run("the closing paragraph is offered at 100 % with its translation", func(t *testing.T) {
		m := e.ok(http.StatusOK, "trKy", "GET", base2+"/matches", nil)
		if m.n("threshold") != 70 {
			t.Errorf("threshold %d", m.n("threshold"))
		}
		var closing obj
		for _, s := range m.list("segments") {
			if s.s("field") == "body" && s.n("paragraph") == 2 {
				closing = s
			}
		}
		if closing == nil || len(closing.list("matches")) == 0 {
			t.Fatalf("no match for the closing paragraph: %v", m)
		}
		best := closing.list("matches")[0]
		if best.n("score") < 100 || best.o("entry").s("target") != closingKY || best.o("entry").s("release_id") != first {
			t.Fatalf("best match %v", best)
		}
	})

	t.Run("pre-translate fills the closing paragraph and says so", func(t *testing.T) {
		p := e.ok(http.StatusOK, "trKy", "POST", base2+"/pretranslate", map[string]any{"base_rev": 0})
		if p.n("filled") < 1 || p.n("rev") != 1 {
			t.Fatalf("pretranslate: %v", p)
		}
		paras := strings.Split(p.s("body"), "\n\n")
		if len(paras) != 3 || paras[2] != closingKY {
			t.Fatalf("body %q", p.s("body"))
		}
		if !slices.Contains(p.ints("from_memory"), 2) {
			t.Errorf("from_memory %v", p.ints("from_memory"))
		}
		if again := e.ok(http.StatusOK, "trKy", "POST", base2+"/pretranslate", map[string]any{"base_rev": 1}); again.n("filled") != 0 || again.n("rev") != 1 {
			t.Errorf("a second pre-translation wrote: %v", again)
		}
		errorOf(t, e.as("trKy", "POST", base2+"/pretranslate", map[string]any{"base_rev": 0}), http.StatusConflict, "conflict")
	})

	var rev int
	t.Run("a wrong figure, a Latin letter and a missing term are flagged in their paragraphs", func(t *testing.T) {
		v := e.ok(http.StatusOK, "trKy", "PUT", base2, map[string]any{"base_rev": 1,
			"title": "Качкын балдар үчүн жаңы мектеп",
			"lead":  agencyKY + " мектептерге 26 миллион доллардан ашык каражат сарптады.",
			"body":  "Уюм 300 бала үчүн мектеп ачты.\n\nМектепте 12 клaсс бар.\n\n" + closingKY,
		})
		rev = v.n("rev")
		got := findings(v)
		for _, want := range []string{"QANumberMissing@lead/0", "QAGlossaryMissing@body/0", "QAMixedScripts@body/1"} {
			if !slices.Contains(got, want) {
				t.Errorf("%s not among %v", want, got)
			}
		}
		if v.n("qa_errors") < 2 || v.n("translated") != 3 || v.n("paragraphs") != 3 {
			t.Errorf("qa_errors %d, translated %d of %d", v.n("qa_errors"), v.n("translated"), v.n("paragraphs"))
		}
		if got := e.version(second, "ky"); len(got.list("qa")) != len(v.list("qa")) {
			t.Errorf("GET /releases/{id} shows %d findings, the save %d", len(got.list("qa")), len(v.list("qa")))
		}
	})

	t.Run("approving with open errors needs an override reason, which is audited", func(t *testing.T) {
		e.ok(http.StatusOK, "trKy", "POST", base2+"/submit", nil)
		errorOf(t, e.as("revKy", "POST", base2+"/approve", map[string]string{}), http.StatusBadRequest, "invalid")
		if v := e.version(second, "ky"); v.s("state") != "in_review" || v.n("rev") != rev {
			t.Fatalf("refused approval changed the version: %v", v)
		}
		reason := "The editor confirmed 26 million in a correction to the source."
		e.ok(http.StatusOK, "revKy", "POST", base2+"/approve", map[string]string{"override": reason})
		entries := e.ok(http.StatusOK, "editor", "GET", "/releases/"+second+"/audit", nil).list("entries")
		last := entries[len(entries)-1]
		if last.s("action") != "approve" || !strings.Contains(last.s("comment"), reason) {
			t.Fatalf("audit: %v", last)
		}
	})

	t.Run("re-approval replaced the memory's entries of that version", func(t *testing.T) {
		m := e.ok(http.StatusOK, "trKy", "GET", "/releases/"+second+"/versions/ky/matches", nil)
		for _, s := range m.list("segments") {
			if s.s("field") == "lead" {
				for _, mt := range s.list("matches") {
					if mt.n("score") >= 100 && mt.o("entry").s("release_id") != second {
						t.Errorf("lead matched %v", mt)
					}
				}
			}
		}
	})
}

func TestTheGlossaryIsManagedOverHTTP(t *testing.T) {
	e := newEnv(t, "")
	t.Run("a translator of another language may not change it", func(t *testing.T) {
		errorOf(t, e.as("trRu", "POST", "/glossaries/en/ky", map[string]any{"source": "refugee", "translations": []string{"качкын"}}), http.StatusForbidden, "forbidden")
	})
	t.Run("a term without a translation is refused", func(t *testing.T) {
		errorOf(t, e.as("trKy", "POST", "/glossaries/en/ky", map[string]any{"source": "refugee"}), http.StatusBadRequest, "invalid")
	})
	t.Run("an unknown language is not found", func(t *testing.T) {
		errorOf(t, e.as("trKy", "GET", "/glossaries/en/xx", nil), http.StatusNotFound, "not_found")
	})
	id := e.ok(http.StatusCreated, "revKy", "POST", "/glossaries/en/ky", map[string]any{"source": "refugee", "translations": []string{"качкын"}, "word_forms": true}).s("id")
	e.ok(http.StatusOK, "trKy", "PUT", "/glossaries/en/ky/"+id, map[string]any{"source": "refugee", "translations": []string{"качкын", "босқун"}})
	list := e.ok(http.StatusOK, "trRu", "GET", "/glossaries/en/ky", nil).list("terms")
	if len(list) != 1 || len(list[0]["translations"].([]any)) != 2 {
		t.Fatalf("terms %v", list)
	}
	t.Run("CSV export and import round-trip, all or nothing, with rejected rows reported", func(t *testing.T) {
		w := e.as("trKy", "GET", "/glossaries/en/ky/csv", nil)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("export %d", w.Code)
		}
		post := func(csv string) *httptest.ResponseRecorder {
			req := request("POST", "/glossaries/en/ru/csv", csv)
			req.Header.Set("Content-Type", "text/csv")
			req.Header.Set("Authorization", "Bearer "+e.token("editor"))
			return e.serve(req)
		}
		good := w.Body.String() + "stateless,жарандыгы жок,,note,false,true\n"
		// A bad row (line 4) and a row the store refuses (line 5, no
		// translation) refuse the whole file: nothing is added.
		errorOf(t, post(good+"broken,,,,maybe,false\nalone,,,,false,false\n"), http.StatusBadRequest, "invalid")
		res := decodeObj(t, post(good+"broken,,,,maybe,false\nalone,,,,false,false\n"))
		if res.n("imported") != 0 || len(res.list("rejected")) != 2 || res.list("rejected")[0].n("line") != 4 || res.list("rejected")[1].n("line") != 5 {
			t.Fatalf("import %v", res)
		}
		if n := len(e.ok(http.StatusOK, "editor", "GET", "/glossaries/en/ru", nil).list("terms")); n != 0 {
			t.Fatalf("a refused import left %d terms", n)
		}
		res = decodeObj(t, post(good))
		if res.n("imported") != 2 || len(res.list("rejected")) != 0 {
			t.Fatalf("import %v", res)
		}
	})
	t.Run("a CSV over the size limit adds nothing", func(t *testing.T) {
		before := len(e.ok(http.StatusOK, "editor", "GET", "/glossaries/en/ru", nil).list("terms"))
		var b strings.Builder
		b.WriteString("source,translations,forbidden,note,case_sensitive,word_forms\n")
		for i := 0; b.Len() <= 2<<20; i++ {
			fmt.Fprintf(&b, "term %d,котормо %d,,,false,false\n", i, i)
		}
		req := request("POST", "/glossaries/en/ru/csv", b.String())
		req.Header.Set("Authorization", "Bearer "+e.token("editor"))
		if w := e.serve(req); w.Code/100 != 4 {
			t.Fatalf("an oversized CSV answered %d", w.Code)
		}
		if n := len(e.ok(http.StatusOK, "editor", "GET", "/glossaries/en/ru", nil).list("terms")); n != before {
			t.Fatalf("an oversized CSV changed the glossary from %d to %d terms", before, n)
		}
	})
	e.ok(http.StatusNoContent, "trKy", "DELETE", "/glossaries/en/ky/"+id, nil)
	errorOf(t, e.as("trKy", "DELETE", "/glossaries/en/ky/"+id, nil), http.StatusNotFound, "not_found")
}

func TestTMXImportAndExportRoundTripOverHTTP(t *testing.T) {
	e := newEnv(t, "")
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="memoQ" creationtoolversion="9" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>
<body>
<tu tuid="a1" creationid="aigul" creationdate="20160101T120000Z"><note>closing</note><tuv xml:lang="en-US"><seg>` + closingEN + `</seg></tuv><tuv xml:lang="ky"><seg>` + closingKY + `</seg></tuv></tu>
<tu tuid="a2"><tuv xml:lang="en"><seg>No Kyrgyz here.</seg></tuv></tu>
</body></tmx>`
	post := func(who, body string) *httptest.ResponseRecorder {
		req := request("POST", "/memory/en/ky/tmx", body)
		req.Header.Set("Content-Type", "application/x-tmx+xml")
		req.Header.Set("Authorization", "Bearer "+e.token(who))
		return e.serve(req)
	}
	t.Run("a translator of another language may not import", func(t *testing.T) {
		errorOf(t, post("trRu", doc), http.StatusForbidden, "forbidden")
	})
	t.Run("a broken document imports nothing", func(t *testing.T) {
		errorOf(t, post("trKy", doc[:len(doc)-30]), http.StatusBadRequest, "invalid")
		w := e.as("trKy", "GET", "/memory/en/ky/tmx", nil)
		if strings.Contains(w.Body.String(), "a1") {
			t.Fatal("a broken import left units behind")
		}
	})
	var rep obj
	t.Run("a valid document imports and reports the rejected unit", func(t *testing.T) {
		rep = decodeObj(t, post("trKy", doc))
		if rep.n("imported") != 1 || rep.n("rejected_count") != 1 || rep.list("rejected")[0].s("tuid") != "a2" {
			t.Fatalf("report %v", rep)
		}
	})
	t.Run("imported units are offered as matches", func(t *testing.T) {
		id := e.release("Closing only", "", closingEN)
		m := e.ok(http.StatusOK, "trKy", "GET", "/releases/"+id+"/versions/ky/matches", nil)
		for _, s := range m.list("segments") {
			if s.s("field") == "body" {
				if len(s.list("matches")) == 0 || s.list("matches")[0].o("entry").s("origin") != "tmx" {
					t.Fatalf("matches %v", s)
				}
			}
		}
	})
	t.Run("export holds the imported unit as it was", func(t *testing.T) {
		w := e.as("trKy", "GET", "/memory/en/ky/tmx", nil)
		body := w.Body.String()
		for _, want := range []string{`tuid="a1"`, `creationid="aigul"`, `<note>closing</note>`, closingKY} {
			if !strings.Contains(body, want) {
				t.Errorf("export lacks %s:\n%s", want, body)
			}
		}
	})
}
