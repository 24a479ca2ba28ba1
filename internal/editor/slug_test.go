package editor

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestASeriesOfReleasesGetsNumberedSlugsTheEditorSees(t *testing.T) {
	e := newEnv(t)
	long := "Regional consultation on the protection of refugees and stateless persons in Central Asia, Bishkek"
	create := func(part string) response {
		r := e.post("/app/releases", "editor", url.Values{
			"source_lang": {"en"}, "date": {"2026-10-14"}, "title": {long + " — " + part}, "body": {enBody},
		})
		expect(t, r, http.StatusSeeOther)
		return e.follow(r, "editor")
	}
	first := create("part 1")
	second := create("part 2")
	if !strings.Contains(second.body, "-2\"") || strings.Contains(first.body, "-2\"") {
		t.Errorf("the second release's page does not show its numbered slug")
	}
	contains(t, second.body, `name="slug"`) // and the editor can still change it
}
