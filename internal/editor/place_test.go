package editor

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestTheEditorFormSavesTheTranslatorsPlace(t *testing.T) {
	e := newEnv(t)
	rel := e.release("place-form", enTitle, enLead, enBody)
	v := e.save("trky", rel.ID, "ky", 0, kyText)
	form := func(base int, place string) url.Values {
		return url.Values{"base_rev": {strconv.Itoa(base)}, "title": {kyText.Title}, "lead": {kyText.Lead}, "body": {kyText.Body}, "place": {place}, "op": {"save"}}
	}

	t.Run("the editor shows the source's place and a place field", func(t *testing.T) {
		r := e.get(editHref(rel.ID, "ky"), "trky")
		expect(t, r, http.StatusOK)
		contains(t, r.body, `id="src-place">Bishkek<`, `id="f-place" name="place"`, `placeholder="Бишкек"`)
	})
	t.Run("a place over the limit is refused, naming the field, and the text stays in the form", func(t *testing.T) {
		long := strings.Repeat("ө", newsroom.MaxPlace+1)
		r := e.post("/app/releases/"+rel.ID+"/ky", "trky", form(e.version(rel.ID, "ky").Rev, long))
		expect(t, r, http.StatusBadRequest)
		if msg := pageError(r.body); !strings.Contains(msg, "чыккан жери") && !strings.Contains(msg, "place") {
			t.Errorf("the error %q does not name the place field", msg)
		}
		contains(t, r.body, long)
		if got := e.version(rel.ID, "ky").Rev; got != v.Rev {
			t.Fatalf("a refused save wrote revision %d", got)
		}
	})
	t.Run("a place-only change is saved as a new revision; saving it again is not", func(t *testing.T) {
		base := e.version(rel.ID, "ky").Rev
		e.follow(e.post("/app/releases/"+rel.ID+"/ky", "trky", form(base, " БИШКЕК ")), "trky")
		if c := e.text(rel.ID, "ky"); c.Place != "БИШКЕК" || e.version(rel.ID, "ky").Rev != base+1 {
			t.Fatalf("after saving the place: rev %d, %+v", e.version(rel.ID, "ky").Rev, c)
		}
		e.post("/app/releases/"+rel.ID+"/ky", "trky", form(base+1, "БИШКЕК"))
		if got := e.version(rel.ID, "ky").Rev; got != base+1 {
			t.Fatalf("an unchanged save made revision %d", got)
		}
		contains(t, e.get(editHref(rel.ID, "ky"), "trky").body, `value="БИШКЕК"`)
	})
}
