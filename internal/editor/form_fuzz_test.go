package editor

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/render"
)

// FuzzEditForm checks the editor's form parsing on any urlencoded body: a
// body the standard parser refuses is answered 400 by limitBody; any other
// gives non-negative revision numbers when they are accepted, paragraphs
// joined without stray white space, and content that the domain and the
// rendering limits judge without an internal error.
func FuzzEditForm(f *testing.F) {
	for _, s := range []string{
		"", "title=a&lead=b&p=one&p=two&base_rev=1&op=save", "body=x&base_rev=-1", "%zz", "base_rev=99999999999999999999",
		"p=a%0D%0Ab&p=&p=%20&base_rev=0&source_rev=2", "title=%00&base_rev=0", "p=%7C%7C%0A%7C-%7C-%7C&base_rev=0", "a=1;b=2",
	} {
		f.Add(s)
	}
	gin.SetMode(gin.TestMode)
	f.Fuzz(func(t *testing.T, form string) {
		req := httptest.NewRequest("POST", "/app/releases/x/ky", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := req.ParseForm(); err != nil {
			return // limitBody answers 400
		}
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = req
		typed, ok := readTyped(c)
		if ok && (typed.BaseRev < 0 || typed.SourceRev < 0) {
			t.Errorf("accepted negative revisions %d, %d from %q", typed.BaseRev, typed.SourceRev, form)
		}
		if _, whole := req.PostForm["body"]; !whole {
			b := typed.Content.Body
			if strings.Contains(b, "\r") || strings.Contains(b, "\n\n\n") || strings.TrimSpace(b) != b {
				t.Errorf("paragraphs joined to %q from %q", b, form)
			}
		}
		content := typed.Content.Normalize()
		for _, err := range []error{content.Validate(), render.Check(content.Body)} {
			if err != nil && newsroom.ErrorCode(err) != newsroom.EInvalid {
				t.Errorf("content from %q: %v", form, err)
			}
		}
	})
}
