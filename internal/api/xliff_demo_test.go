package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/demo"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// TestTheDemoReleaseRoundTripsThroughXLIFF takes the sample release itself
// (quotes with «…», figures, the bold closing heading) through both versions.
func TestTheDemoReleaseRoundTripsThroughXLIFF(t *testing.T) {
	e := newEnv(t, "")
	if _, err := demo.Load(context.Background(), e.store); err != nil {
		t.Fatal(err)
	}
	const id = "solar-water-naryn"
	before := e.version(id, "ky")
	for _, version := range []string{"2.1", "1.2"} {
		file := e.exportXLIFF("editor", id, "ky", version)
		res := e.ok(http.StatusOK, "editor", "PUT", "/releases/"+id+"/versions/ky/xliff", file)
		if res.s("result") != "no_change" || res.o("version").n("rev") != before.n("rev") || res.o("version").s("body") != before.s("body") {
			t.Fatalf("%s: an unchanged round trip gave %v", version, res)
		}
	}
	// The sample translation waits in review; approved, it may be saved again.
	e.ok(http.StatusOK, "revKy", "POST", "/releases/"+id+"/versions/ky/approve", nil)
	body := before.s("body")
	paras := textdiff.Paragraphs(body)
	file := e.exportXLIFF("editor", id, "ky", "1.2")
	// A target starts right after its opening tag: change its first words.
	for _, p := range []string{paras[1], paras[len(paras)-1]} {
		start := `">` + xmlText(string([]rune(p)[:25]))
		if strings.Count(file, start) != 1 {
			t.Fatalf("%q is not the start of exactly one target", start)
		}
		file = strings.Replace(file, start, `">Ошондой эле `+start[2:], 1)
	}
	res := e.ok(http.StatusOK, "editor", "PUT", "/releases/"+id+"/versions/ky/xliff", file)
	after := res.o("version").s("body")
	if got := textdiff.ChangedIndexes(paras, textdiff.Paragraphs(after)); res.s("result") != "imported" || !slices.Equal(got, []int{1, len(paras) - 1}) {
		t.Fatalf("changed paragraphs %v of %d: %v", got, len(paras), res["changed_units"])
	}
}

// xmlText escapes the few characters the exports escape in text.
func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
