package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestTheWholeWorkflowRunsOverHTTPWithBearerTokens(t *testing.T) {
	e := newEnv(t, "")
	r := e.newRelease("Twenty years of partnership")
	id := r.s("id")
	if r.s("slug") != "twenty-years-of-partnership" || r.s("date") != "2016-10-14" || r.o("places").s("ru") != "Бишкек" {
		t.Fatalf("created release: %v", r)
	}
	for _, l := range []string{"en", "ru", "ky"} {
		if r.o("versions").o(l) == nil {
			t.Fatalf("version %s missing from %v", l, r.o("versions"))
		}
	}
	if en := r.o("versions").o("en"); en.s("state") != "draft" || en.n("rev") != 1 || en.s("body") != "First paragraph.\n\nSecond paragraph.\n\nAbout the office." {
		t.Fatalf("source version: %v", en)
	}
	if ky := r.o("versions").o("ky"); ky.s("state") != "untranslated" || ky.n("rev") != 0 || ky["outdated"] != false {
		t.Fatalf("ky version: %v", ky)
	}

	base := "/releases/" + id + "/versions/"
	kyText := map[string]any{"base_rev": 0, "title": "Жыйырма жылдык өнөктөштүк", "lead": "Лид.", "body": "Биринчи абзац.\n\nЭкинчи абзац.\n\nКеңсе жөнүндө."}
	v := e.ok(http.StatusOK, "trRevKy", "PUT", base+"ky", kyText)
	if v.s("state") != "draft" || v.n("rev") != 1 || v.n("source_rev") != 1 || v.s("last_saver") != e.user("trRevKy").ID || v.s("lead") != "Лид." {
		t.Fatalf("ky save: %v", v)
	}
	e.ok(http.StatusOK, "trRevKy", "POST", base+"ky/submit", nil)

	t.Run("the translator who saved may not approve: four-eyes", func(t *testing.T) {
		d := errorOf(t, e.as("trRevKy", "POST", base+"ky/approve", nil), http.StatusForbidden, "forbidden")
		if !strings.Contains(d.s("message"), "four-eyes") {
			t.Fatalf("message %q does not say four-eyes", d.s("message"))
		}
	})
	t.Run("a translator who is not a reviewer may not approve: role", func(t *testing.T) {
		d := errorOf(t, e.as("trKy", "POST", base+"ky/approve", nil), http.StatusForbidden, "forbidden")
		if !strings.Contains(d.s("message"), "ky reviewers") {
			t.Fatalf("message %q does not name the role", d.s("message"))
		}
	})
	t.Run("request changes needs a comment", func(t *testing.T) {
		errorOf(t, e.as("revKy", "POST", base+"ky/request-changes", nil), http.StatusBadRequest, "invalid")
		errorOf(t, e.as("revKy", "POST", base+"ky/request-changes", map[string]string{"comment": "  "}), http.StatusBadRequest, "invalid")
	})
	v = e.ok(http.StatusOK, "revKy", "POST", base+"ky/request-changes", map[string]string{"comment": "Use the official name of the office."})
	if v.s("state") != "changes_requested" {
		t.Fatalf("after request-changes: %v", v)
	}
	kyText["base_rev"], kyText["body"] = 1, "Биринчи абзац.\n\nЭкинчи абзац.\n\nБУУнун кеңсеси жөнүндө."
	e.ok(http.StatusOK, "trRevKy", "PUT", base+"ky", kyText)
	e.ok(http.StatusOK, "trRevKy", "POST", base+"ky/submit", map[string]string{})
	v = e.ok(http.StatusOK, "revKy", "POST", base+"ky/approve", nil)
	if v.s("state") != "approved" || v.n("rev") != 2 {
		t.Fatalf("after approve: %v", v)
	}

	// The other languages, so that publishing takes three at once.
	e.ok(http.StatusOK, "editor", "POST", base+"en/submit", nil)
	e.ok(http.StatusOK, "revEn", "POST", base+"en/approve", map[string]string{"comment": "Good."})
	e.ok(http.StatusOK, "trRu", "PUT", base+"ru", map[string]any{"base_rev": 0, "title": "Двадцать лет партнёрства", "lead": "Лид.", "body": "Первый абзац."})
	e.ok(http.StatusOK, "trRu", "POST", base+"ru/submit", nil)
	e.ok(http.StatusOK, "revRu", "POST", base+"ru/approve", map[string]string{"override": "Only the first paragraph is translated in this test."})

	errorOf(t, e.as("trKy", "POST", "/releases/"+id+"/publish", nil), http.StatusForbidden, "forbidden")
	pub := e.ok(http.StatusOK, "editor", "POST", "/releases/"+id+"/publish", nil)
	var langs []string
	for _, v := range pub.list("published") {
		if v.s("state") != "published" || v.n("published_rev") != v.n("rev") || v.s("published_at") == "" || v.s("body") == "" {
			t.Fatalf("published version: %v", v)
		}
		langs = append(langs, v.s("lang"))
	}
	if slices.Sort(langs); !slices.Equal(langs, []string{"en", "ky", "ru"}) {
		t.Fatalf("published %v", langs)
	}
	errorOf(t, e.as("editor", "POST", "/releases/"+id+"/publish", nil), http.StatusConflict, "conflict")

	got := e.ok(http.StatusOK, "trKy", "GET", "/releases/"+r.s("slug"), nil)
	if ky := got.o("versions").o("ky"); ky.s("state") != "published" || ky.n("published_rev") != 2 || ky.s("body") != kyText["body"] {
		t.Fatalf("ky after publishing: %v", ky)
	}

	audit := e.ok(http.StatusOK, "revKy", "GET", "/releases/"+id+"/audit", nil).list("entries")
	i := slices.IndexFunc(audit, func(a obj) bool { return a.s("action") == "request-changes" })
	if i < 0 || audit[i].s("comment") != "Use the official name of the office." || audit[i].s("from") != "in_review" ||
		audit[i].s("to") != "changes_requested" || audit[i].s("lang") != "ky" || audit[i].s("actor_name") != "revKy" || audit[i].s("at") == "" {
		t.Fatalf("audit: %v", audit)
	}

	t.Run("successful transitions are counted", func(t *testing.T) {
		w := httptest.NewRecorder()
		e.metrics.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
		body, _ := io.ReadAll(w.Body)
		for _, want := range []string{
			`kotormo_workflow_transitions_total{action="approve",lang="ky",to="approved"} 1`,
			`kotormo_workflow_transitions_total{action="publish",lang="ru",to="published"} 1`,
			`kotormo_workflow_transitions_total{action="submit",lang="ky",to="in_review"} 2`,
			`kotormo_workflow_transitions_total{action="save",lang="ky",to="draft"} 2`,
		} {
			if !strings.Contains(string(body), want) {
				t.Errorf("metrics lack %s", want)
			}
		}
	})

	t.Run("a changed source makes the translation outdated, with the changed paragraphs", func(t *testing.T) {
		e.ok(http.StatusOK, "editor", "PUT", base+"en", map[string]any{"base_rev": 1, "title": "Twenty years of partnership", "lead": "The lead.",
			"body": "First paragraph.\n\nSecond paragraph, with a new figure: over $62 million.\n\nAbout the office."})
		ky := e.version(id, "ky")
		if ky["outdated"] != true || !slices.Equal(ky.ints("changed_paragraphs"), []int{1}) || ky["changed_title"] != false {
			t.Fatalf("ky after a source change: %v", ky)
		}
		if en := e.version(id, "en"); en["outdated"] != false || len(en.ints("changed_paragraphs")) != 0 || en["source_rev"] != nil {
			t.Fatalf("en: %v", en)
		}
		list := e.ok(http.StatusOK, "editor", "GET", "/releases?outdated=true&lang=ky", nil)
		if list.n("total") != 1 || list.list("releases")[0].o("versions").o("ky")["outdated"] != true {
			t.Fatalf("outdated listing: %v", list)
		}
		if list := e.ok(http.StatusOK, "editor", "GET", "/releases?outdated=true&lang=ru", nil); list.n("total") != 1 {
			t.Fatalf("ru is outdated too: %v", list)
		}
		errorOf(t, e.as("trKy", "POST", base+"ky/mark-not-substantive", nil), http.StatusBadRequest, "invalid")
		ky = e.ok(http.StatusOK, "trKy", "POST", base+"ky/mark-not-substantive", map[string]string{"comment": "A figure only; the Kyrgyz text already has it."})
		if ky["outdated"] != false || ky.n("source_rev") != 2 || ky.s("state") != "published" {
			t.Fatalf("ky after mark-not-substantive: %v", ky)
		}
		e.ok(http.StatusOK, "editor", "POST", base+"en/mark-not-substantive", map[string]string{"comment": "Typo fix."})
		if ru := e.version(id, "ru"); ru["outdated"] != false {
			t.Fatalf("ru after the source change was marked not substantive: %v", ru)
		}
	})

	t.Run("unpublish takes a version offline and back to approved", func(t *testing.T) {
		errorOf(t, e.as("trRu", "POST", base+"ru/unpublish", nil), http.StatusForbidden, "forbidden")
		v := e.ok(http.StatusOK, "editor", "POST", base+"ru/unpublish", nil)
		if v.s("state") != "approved" || v.n("published_rev") != 0 || v["published_at"] != nil {
			t.Fatalf("after unpublish: %v", v)
		}
		e.ok(http.StatusOK, "editor", "POST", base+"ru/publish", nil)
	})
}

func TestAWorkflowWithAFourthLanguage(t *testing.T) {
	e := newEnv(t, "en,ru,ky,uz")
	e.addUser("trUz", []newsroom.Role{newsroom.RoleTranslator}, "uz")
	id := e.newRelease("Four languages").s("id")
	if got := e.ok(http.StatusOK, "editor", "GET", "/releases/"+id, nil).o("versions"); len(got) != 4 || got.o("uz").s("state") != "untranslated" {
		t.Fatalf("versions: %v", got)
	}
	e.ok(http.StatusOK, "trUz", "PUT", "/releases/"+id+"/versions/uz", map[string]any{"base_rev": 0, "title": "Toʻrt til", "lead": "", "body": "Matn."})
	e.ok(http.StatusOK, "trUz", "POST", "/releases/"+id+"/versions/uz/submit", nil)
}
