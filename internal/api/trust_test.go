package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Failures 4, 6, 7 and 8 of issue 7, through the API.

func TestARejectedRenameLeavesNoAuditEntry(t *testing.T) {
	e := newEnv(t, "")
	taken := e.newRelease("Taken")
	r := e.newRelease("Renamed")
	id := r.s("id")
	errorOf(t, e.as("editor", "PATCH", "/releases/"+id, map[string]any{"slug": taken.s("slug")}), http.StatusConflict, "conflict")
	e.ok(http.StatusOK, "editor", "PATCH", "/releases/"+id, map[string]any{"date": "2016-10-15"})
	for _, a := range e.ok(http.StatusOK, "editor", "GET", "/releases/"+id+"/audit", nil).list("entries") {
		if strings.Contains(a.s("comment"), taken.s("slug")) {
			t.Fatalf("the audit log claims the refused rename: %v", a)
		}
	}
	if got := e.ok(http.StatusOK, "editor", "GET", "/releases/"+taken.s("id"), nil).s("slug"); got != taken.s("slug") {
		t.Fatalf("the other release lost its slug: %s", got)
	}
}

func TestARenamedReleaseKeepsItsOldSlug(t *testing.T) {
	e := newEnv(t, "")
	r := e.newRelease("First title")
	old := r.s("slug")
	e.ok(http.StatusOK, "editor", "PATCH", "/releases/"+r.s("id"), map[string]any{"slug": "second-title"})
	t.Run("the old slug still finds the release", func(t *testing.T) {
		if got := e.ok(http.StatusOK, "editor", "GET", "/releases/"+old, nil).s("id"); got != r.s("id") {
			t.Fatalf("old slug finds %s", got)
		}
	})
	t.Run("no other release can take the old slug", func(t *testing.T) {
		errorOf(t, e.as("editor", "POST", "/releases", map[string]any{"slug": old, "source_lang": "en", "date": "2016-10-14", "title": "Squatter", "body": "x"}),
			http.StatusConflict, "conflict")
	})
	t.Run("the release may take its old slug back", func(t *testing.T) {
		e.ok(http.StatusOK, "editor", "PATCH", "/releases/"+r.s("id"), map[string]any{"slug": old})
	})
}

func TestEveryoneSeesTheLanguagesTheyWorkOnAndNoOthers(t *testing.T) {
	e := newEnv(t, "")
	r := e.newRelease("Visibility")
	id := r.s("id")
	e.ok(http.StatusOK, "trRu", "PUT", "/releases/"+id+"/versions/ru", map[string]any{"base_rev": 0, "title": "Секрет", "lead": "", "body": "Черновик."})
	e.ok(http.StatusOK, "trKy", "PUT", "/releases/"+id+"/versions/ky", map[string]any{"base_rev": 0, "title": "Жашыруун", "lead": "", "body": "Каралама."})
	tests := []struct {
		who, path string
		want      int
	}{
		{"trKy", "/versions/ru/revisions?content=1", http.StatusForbidden},
		{"revKy", "/versions/ru/revisions?content=1", http.StatusForbidden},
		{"trKy", "/versions/ru/revisions/1", http.StatusForbidden},
		{"trKy", "/versions/ru/diff", http.StatusForbidden},
		{"trKy", "/versions/ky/revisions?content=1", http.StatusOK},
		{"trKy", "/versions/en/revisions?content=1", http.StatusOK},
		{"trRu", "/versions/ru/revisions/1", http.StatusOK},
		{"editor", "/versions/ru/revisions?content=1", http.StatusOK},
		{"admin", "/versions/ru/revisions?content=1", http.StatusOK},
		{"admin", "/audit", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.who+" GET "+tt.path+" answers "+http.StatusText(tt.want), func(t *testing.T) {
			w := e.as(tt.who, "GET", "/releases/"+id+tt.path, nil)
			if w.Code != tt.want {
				t.Fatalf("%d, want %d: %s", w.Code, tt.want, w.Body)
			}
		})
	}
	t.Run("the Kyrgyz translator's audit log leaves out Russian entries", func(t *testing.T) {
		entries := e.ok(http.StatusOK, "trKy", "GET", "/releases/"+id+"/audit", nil).list("entries")
		sawKy := false
		for _, a := range entries {
			if a.s("lang") == "ru" {
				t.Fatalf("Russian entry shown: %v", a)
			}
			sawKy = sawKy || a.s("lang") == "ky"
		}
		if !sawKy {
			t.Fatal("the translator's own entries are missing")
		}
	})
	t.Run("the Kyrgyz translator gets the Russian head without its text", func(t *testing.T) {
		vs := e.ok(http.StatusOK, "trKy", "GET", "/releases/"+id, nil).o("versions")
		if ru := vs.o("ru"); ru.s("state") != "draft" || ru["body"] != nil || ru["lead"] != nil {
			t.Fatalf("ru version shown to a ky translator: %v", ru)
		}
		if ky := vs.o("ky"); ky["body"] == nil {
			t.Fatalf("own version without text: %v", ky)
		}
	})
}

func TestErrorsComeInTheRequestsLanguage(t *testing.T) {
	e := newEnv(t, "")
	id := e.newRelease("Language of errors").s("id")
	tests := []struct {
		lang, want string
	}{
		{"ky", "«Жарыялоо» аракети азыр мүмкүн эмес"},
		{"ru-RU,ru;q=0.9", "Действие «Опубликовать» сейчас невозможно"},
		{"", "“Publish” is not possible now"},
		{"fr", "“Publish” is not possible now"},
	}
	for _, tt := range tests {
		t.Run("Accept-Language "+tt.lang, func(t *testing.T) {
			req := request("POST", "/releases/"+id+"/versions/en/publish", nil)
			req.Header.Set("Authorization", "Bearer "+e.token("editor"))
			req.Header.Set("Accept-Language", tt.lang)
			d := errorOf(t, e.serve(req), http.StatusConflict, "conflict")
			if !strings.HasPrefix(d.s("message"), tt.want) || d.s("message_id") != "ErrActionNotInState" || d.o("args").s("State") != "draft" {
				t.Fatalf("error %v, want message starting %q with its ID and arguments", d, tt.want)
			}
		})
	}
}

func TestRestoringSomeoneElsesWordsDoesNotLetThemApproveThem(t *testing.T) {
	e := newEnv(t, "")
	x := e.addUser("xenia", []newsroom.Role{newsroom.RoleTranslator, newsroom.RoleReviewer}, "ky")
	e.addUser("yrys", []newsroom.Role{newsroom.RoleTranslator}, "ky")
	_ = x
	id := e.newRelease("Restores").s("id")
	base := "/releases/" + id + "/versions/ky"
	e.ok(http.StatusOK, "xenia", "PUT", base, map[string]any{"base_rev": 0, "title": "Ксениянын сөздөрү", "lead": "", "body": "Текст."})
	e.ok(http.StatusOK, "yrys", "PUT", base, map[string]any{"base_rev": 1, "title": "Ырыстын сөздөрү", "lead": "", "body": "Башка текст."})
	e.ok(http.StatusOK, "yrys", "POST", base+"/restore", map[string]any{"rev": 1, "base_rev": 2})
	e.ok(http.StatusOK, "yrys", "POST", base+"/submit", map[string]any{})
	d := errorOf(t, e.as("xenia", "POST", base+"/approve", map[string]any{}), http.StatusForbidden, "forbidden")
	if d.s("message_id") != "ErrFourEyes" {
		t.Fatalf("refusal %v, want the four-eyes rule", d)
	}
	e.ok(http.StatusOK, "revKy", "POST", base+"/approve", map[string]any{"override": "A sketch text; the checks do not matter here."})
}

// TestBadInputIsExplainedInTheRequestsLanguage: the API's own input errors
// (a malformed body, a wrong field type, a bad paging parameter) were
// English whatever the request's language; they are coded and localized
// like the domain's.
func TestBadInputIsExplainedInTheRequestsLanguage(t *testing.T) {
	e := newEnv(t, "")
	id := e.newRelease("Language of input errors").s("id")
	tests := []struct {
		name, method, path, body, lang, id, want string
	}{
		{"malformed JSON in Russian", "PUT", "/releases/" + id + "/versions/ky", `{"base_rev": 1, "title": `, "ru", "ErrJSONTruncated", "Ошибка в JSON"},
		{"a wrong field type in Kyrgyz", "PUT", "/releases/" + id + "/versions/ky", `{"base_rev": "one", "title": "x", "lead": "", "body": "x"}`, "ky", "ErrJSONWantInteger", "«base_rev» талаасы бүтүн сан болушу керек"},
		{"a bad history limit in Russian", "GET", "/releases/" + id + "/versions/en/revisions?limit=0", "", "ru", "ErrParamLimit", "Параметр «limit» должен быть от 1 до"},
		{"an unknown audit stream in English", "GET", "/releases/" + id + "/audit?limit=5&stream=de", "", "en", "ErrAuditStreamUnknown", "Unknown audit stream \"de\""},
		{"an unknown workflow action in Kyrgyz", "POST", "/releases/" + id + "/versions/ky/save", "", "ky", "ErrUnknownURLAction", "«save» аракети белгисиз"},
		{"a page below 1 in Russian", "GET", "/releases?page=0", "", "ru", "ErrParamPage", "Параметр «page» начинается с 1"},
		{"a CSV glossary without its header in Kyrgyz", "POST", "/glossaries/en/ky/csv", "term,translation\n", "ky", "ErrCSVHeader", "CSV файлынын биринчи сабы"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body any
			if tt.body != "" {
				body = tt.body
			}
			req := request(tt.method, tt.path, body)
			req.Header.Set("Authorization", "Bearer "+e.token("editor"))
			req.Header.Set("Accept-Language", tt.lang)
			d := errorOf(t, e.serve(req), http.StatusBadRequest, "invalid")
			if d.s("message_id") != tt.id || !strings.HasPrefix(d.s("message"), tt.want) {
				t.Fatalf("error %v, want %s starting %q", d, tt.id, tt.want)
			}
		})
	}
}
