package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// emptyTable returns a table of cols empty columns by rows rows of "|", each
// padded to the header's width when rendered.
func emptyTable(cols, rows int, delim string) string {
	return strings.Repeat("|", cols+1) + "\n" + strings.Repeat("|"+delim, cols) + "|\n" + strings.Repeat("|\n", rows)
}

func TestBodiesOverTheRenderingLimitsGetA400NamingTheLimitAndWriteNothing(t *testing.T) {
	e := newEnv(t, "")
	r := e.newRelease("Rendering limits")
	id := r.s("id")
	ver := "/releases/" + id + "/versions/"
	auditBefore := e.auditLen(id)
	tests := []struct {
		name   string
		body   string
		msgHas string
	}{
		{"a 7 KB table of 1,200 columns by 1,200 rows", emptyTable(1200, 1200, ":-"), "at most 64 columns"},
		{"a 12 KB table of 2,000 columns by 2,000 rows", emptyTable(2000, 2000, ":-"), "at most 64 columns"},
		{"a 6 KB table of 400 columns by 2,400 rows", emptyTable(400, 2400, "-"), "at most 64 columns"},
		{"60,000 emphasis markers", strings.Repeat("*a_", 60_000), "at most 400 emphasis"},
		{"quotes nested 17 deep", strings.Repeat("> ", 17) + "a", "nested at most 16"},
	}
	for _, tc := range tests {
		t.Run("saving "+tc.name+" is refused", func(t *testing.T) {
			w := e.as("editor", "PUT", ver+"en", map[string]any{"base_rev": 1, "title": "x", "lead": "", "body": tc.body})
			if d := errorOf(t, w, http.StatusBadRequest, "invalid"); !strings.Contains(d.s("message"), tc.msgHas) {
				t.Errorf("message %q does not name %q", d.s("message"), tc.msgHas)
			}
			if n := e.auditLen(id); n != auditBefore {
				t.Errorf("the audit log grew from %d to %d", auditBefore, n)
			}
		})
		t.Run("creating a release with "+tc.name+" is refused", func(t *testing.T) {
			w := e.as("editor", "POST", "/releases", map[string]any{"date": "2016-10-14", "title": "Limits " + tc.name, "body": tc.body})
			if d := errorOf(t, w, http.StatusBadRequest, "invalid"); !strings.Contains(d.s("message"), tc.msgHas) {
				t.Errorf("message %q does not name %q", d.s("message"), tc.msgHas)
			}
		})
	}
	t.Run("a body at the limits is saved", func(t *testing.T) {
		body := strings.Repeat("| a ", 64) + "|\n" + strings.Repeat("|---", 64) + "|\n" + strings.Repeat("> ", 16) + "quote"
		e.ok(http.StatusOK, "editor", "PUT", ver+"en", map[string]any{"base_rev": 1, "title": "x", "lead": "", "body": body})
	})
}
