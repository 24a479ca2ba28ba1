package mongodb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestAGeneratedSlugThatIsTakenGetsANumber(t *testing.T) {
	s := mongotest.Store(t, "")
	p := newPeople(t, s)
	long := "Regional consultation on the protection of refugees and stateless persons in Central Asia, Bishkek"
	first := newRelease(t, s, p.editor, long+" — part 1")
	second := newRelease(t, s, p.editor, long+" — part 2")
	third := newRelease(t, s, p.editor, long+" — part 3")
	if second.Slug != first.Slug+"-2" || third.Slug != first.Slug+"-3" {
		t.Errorf("slugs %q, %q, %q; want the second and third numbered -2 and -3", first.Slug, second.Slug, third.Slug)
	}
	t.Run("a slug the editor typed is not changed behind their back", func(t *testing.T) {
		_, err := s.CreateRelease(context.Background(), p.editor, newsroom.NewRelease{
			Slug: first.Slug, SourceLang: "en", Date: time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC),
			Content: newsroom.Content{Title: "Another"},
		})
		if code(err) != newsroom.EConflict || !strings.Contains(err.Error(), first.Slug) {
			t.Errorf("err = %v, want a conflict naming the slug", err)
		}
	})
}
