package mongodb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/tm"
)

// tmxOf is a TMX document of en → ky units (source, target pairs).
func tmxOf(pairs ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>`)
	for i := 0; i+1 < len(pairs); i += 2 {
		b.WriteString(`<tu><tuv xml:lang="en"><seg>` + pairs[i] + `</seg></tuv><tuv xml:lang="ky"><seg>` + pairs[i+1] + `</seg></tuv></tu>`)
	}
	b.WriteString(`</body></tmx>`)
	return b.String()
}

// bestTarget returns the best match's target for body paragraph i.
func bestTarget(segs []tm.Segment, i int) string {
	for _, s := range segs {
		if s.Field == "body" && s.Paragraph == i && len(s.Matches) > 0 {
			return s.Matches[0].Entry.Target
		}
	}
	return ""
}

func TestAStoreOffersMemoryEntriesAnotherStoreOnTheSameDatabaseAdded(t *testing.T) {
	ctx := context.Background()
	db := mongotest.DB(t)
	langs := newsroom.MustLanguages("en,ru,ky")
	a := mongodb.NewStore(db, mongodb.Options{Langs: langs})
	b := mongodb.NewStore(db, mongodb.Options{Langs: langs})
	if err := b.LoadMemory(ctx); err != nil { // b started before anything was approved
		t.Fatal(err)
	}
	p := newPeople(t, a)
	first := newRelease(t, a, p.editor, "Twenty years")
	if _, err := a.Save(ctx, p.trKy, first.ID, "ky", newsroom.Change{Content: newsroom.Content{Title: "Жыйырма жыл", Lead: "Кириш.", Body: "Биринчи абзац.\n\nЭкинчи абзац."}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Transition(ctx, p.trKy, first.ID, "ky", newsroom.Change{Action: newsroom.ActionSubmit}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Transition(ctx, p.revKy, first.ID, "ky", newsroom.Change{Action: newsroom.ActionApprove}); err != nil {
		t.Fatal(err)
	}
	second, err := a.CreateRelease(ctx, p.editor, newsroom.NewRelease{
		SourceLang: "en", Date: time.Date(2016, 10, 15, 0, 0, 0, 0, time.UTC),
		Content: newsroom.Content{Title: "Thirty years", Lead: "Lead.", Body: "Second paragraph.\n\nOnly the import knows this sentence.\n\nA failed import knew this one."},
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("an approval made through one store is offered by the other", func(t *testing.T) {
		segs, err := b.Matches(ctx, second.ID, "ky")
		if err != nil {
			t.Fatal(err)
		}
		if got := bestTarget(segs, 0); got != "Экинчи абзац." {
			t.Errorf("best match for the shared paragraph = %q", got)
		}
	})
	t.Run("a TMX import through one store is offered by the other", func(t *testing.T) {
		if _, err := a.ImportTMX(ctx, p.editor, "en", "ky", strings.NewReader(tmxOf("Only the import knows this sentence.", "Бул сүйлөмдү импорт гана билет."))); err != nil {
			t.Fatal(err)
		}
		segs, err := b.Matches(ctx, second.ID, "ky")
		if err != nil {
			t.Fatal(err)
		}
		if got := bestTarget(segs, 1); got != "Бул сүйлөмдү импорт гана билет." {
			t.Errorf("best match for the imported sentence = %q", got)
		}
	})
	t.Run("an import that breaks off is offered by neither store", func(t *testing.T) {
		// The first batch (1,000 units) is stored before the document breaks off.
		pairs := []string{"A failed import knew this one.", "Бузулган импорт муну билчү."}
		for i := range 1000 {
			pairs = append(pairs, fmt.Sprintf("Filler sentence number %d.", i), fmt.Sprintf("Толтургуч сүйлөм %d.", i))
		}
		doc := tmxOf(pairs...)
		_, err := a.ImportTMX(ctx, p.editor, "en", "ky", strings.NewReader(doc[:len(doc)-20]+"<tu><tuv"))
		if code(err) != newsroom.EInvalid {
			t.Fatalf("import of a broken document: %v", err)
		}
		for name, s := range map[string]*mongodb.Store{"importing": a, "other": b} {
			segs, err := s.Matches(ctx, second.ID, "ky")
			if err != nil {
				t.Fatal(err)
			}
			if got := bestTarget(segs, 2); got != "" {
				t.Errorf("the %s store offers %q from the failed import", name, got)
			}
		}
	})
	t.Run("a store started later loads the committed import but not the failed one", func(t *testing.T) {
		c := mongodb.NewStore(db, mongodb.Options{Langs: langs})
		if err := c.LoadMemory(ctx); err != nil {
			t.Fatal(err)
		}
		if ms := c.Memory().Lookup("en", "ky", "A failed import knew this one."); len(ms) != 0 {
			t.Errorf("failed import loaded: %+v", ms)
		}
		if _, err := a.ImportTMX(ctx, p.editor, "en", "ky", strings.NewReader(tmxOf("Only the import knows this sentence.", "Бул сүйлөмдү импорт гана билет."))); err != nil {
			t.Fatal(err)
		}
		c2 := mongodb.NewStore(db, mongodb.Options{Langs: langs})
		if err := c2.LoadMemory(ctx); err != nil {
			t.Fatal(err)
		}
		if ms := c2.Memory().Lookup("en", "ky", "Only the import knows this sentence."); len(ms) == 0 {
			t.Error("committed import not loaded")
		}
	})
}
