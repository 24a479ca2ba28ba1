package editor

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// wideTable is the 7 KB table of the report: 1,200 empty columns by 1,200
// rows, which rendered to megabytes of HTML.
func wideTable() string {
	return strings.Repeat("|", 1201) + "\n" + strings.Repeat("|:-", 1200) + "|\n" + strings.Repeat("|\n", 1200)
}

func TestBodiesOverTheRenderingLimits(t *testing.T) {
	e := newEnv(t)
	rel := e.release("limits", enTitle, enLead, enBody)
	post := releaseHref(rel.ID) + "/ky"

	t.Run("the preview endpoint answers 400 naming the limit", func(t *testing.T) {
		body, _ := json.Marshal(map[string]string{"body": wideTable()})
		w := e.raw(http.MethodPost, "/app/preview", "trky", strings.NewReader(string(body)), "Content-Type", "application/json")
		expect(t, w, http.StatusBadRequest)
		contains(t, w.body, `"code":"invalid"`, "at most 64 columns")
		lacks(t, w.body, "<table", "<td")
	})
	t.Run("the preview endpoint answers 400 to too many emphasis markers", func(t *testing.T) {
		body, _ := json.Marshal(map[string]string{"body": strings.Repeat("*a_", 60_000)})
		w := e.raw(http.MethodPost, "/app/preview", "trky", strings.NewReader(string(body)), "Content-Type", "application/json")
		expect(t, w, http.StatusBadRequest)
		contains(t, w.body, "at most 400 emphasis")
	})
	t.Run("the form preview shows the limit as a form error", func(t *testing.T) {
		c := kyText
		c.Body = wideTable()
		r := e.post(post, "trky", editForm(0, c, "preview"))
		expect(t, r, http.StatusBadRequest)
		contains(t, pageError(r.body), "at most 64 columns")
		lacks(t, r.body, "<td></td>")
	})
	t.Run("saving the form shows the limit as a form error and saves nothing", func(t *testing.T) {
		c := kyText
		c.Body = wideTable()
		r := e.post(post, "trky", editForm(0, c, "save"))
		expect(t, r, http.StatusBadRequest)
		contains(t, pageError(r.body), "at most 64 columns")
		if v := e.version(rel.ID, "ky"); v.Rev != 0 {
			t.Errorf("the version has revision %d", v.Rev)
		}
	})
}
