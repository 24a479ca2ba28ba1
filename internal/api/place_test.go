package api_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestATranslatorGivesTheDatelinePlaceInTheirVersionOverHTTP(t *testing.T) {
	e := newEnv(t, "")
	id := e.newRelease("Twenty years of partnership").s("id")
	base := "/releases/" + id + "/versions/ru"
	text := map[string]any{"base_rev": 0, "title": "Двадцать лет партнёрства", "lead": "Лид.", "body": "Первый абзац.", "place": "БИШКЕК"}
	if v := e.ok(http.StatusOK, "trRu", "PUT", base, text); v.s("place") != "БИШКЕК" || v.n("rev") != 1 {
		t.Fatalf("save with a place: %v", v)
	}
	if v := e.version(id, "ru"); v.s("place") != "БИШКЕК" {
		t.Fatalf("the release's ru version: %v", v)
	}
	if v := e.version(id, "ky"); v["place"] != "" {
		t.Fatalf("an untranslated version has no place of its own: %v", v["place"])
	}

	t.Run("a client that sends no place keeps the one the text had", func(t *testing.T) {
		v := e.ok(http.StatusOK, "trRu", "PUT", base, map[string]any{"base_rev": 1, "title": "Двадцать лет партнёрства", "lead": "Лид.", "body": "Первый абзац.\n\nВторой."})
		if v.s("place") != "БИШКЕК" || v.n("rev") != 2 {
			t.Fatalf("save without place: %v", v)
		}
	})
	t.Run("a place over the limit is a 400 naming the field", func(t *testing.T) {
		cur := e.version(id, "ru").n("rev")
		long := map[string]any{"base_rev": cur, "title": "Двадцать лет партнёрства", "lead": "Лид.", "body": "Первый абзац.\n\nВторой.", "place": strings.Repeat("ө", 201)}
		errorOf(t, e.as("trRu", "PUT", base, long), http.StatusBadRequest, "invalid")
		if v := e.version(id, "ru"); v.n("rev") != cur {
			t.Fatalf("a refused save wrote: %v", v)
		}
	})
	t.Run("changing only the place is a revision, and the diff shows it", func(t *testing.T) {
		cur := e.version(id, "ru")
		v := e.ok(http.StatusOK, "trRu", "PUT", base, map[string]any{"base_rev": cur.n("rev"), "title": cur.s("title"), "lead": cur.s("lead"), "body": cur.s("body"), "place": "Бишкек"})
		if v.n("rev") != cur.n("rev")+1 || v.s("place") != "Бишкек" {
			t.Fatalf("place-only save: %v", v)
		}
		d := e.ok(http.StatusOK, "trRu", "GET", base+"/diff", nil)
		if d.o("place")["changed"] != true || d.o("body")["changed"] != false || d.o("title")["changed"] != false {
			t.Fatalf("diff: %v", d)
		}
		rv := e.ok(http.StatusOK, "trRu", "GET", base+"/revisions/1", nil)
		if rv.s("place") != "БИШКЕК" {
			t.Fatalf("revision 2: %v", rv)
		}
	})
	t.Run("an empty place clears it", func(t *testing.T) {
		cur := e.version(id, "ru").n("rev")
		v := e.ok(http.StatusOK, "trRu", "PUT", base, map[string]any{"base_rev": cur, "title": "Двадцать лет партнёрства", "lead": "Лид.", "body": "Первый абзац.\n\nВторой.", "place": ""})
		if v.s("place") != "" || v.n("rev") != cur+1 {
			t.Fatalf("cleared place: %v", v)
		}
	})
}
