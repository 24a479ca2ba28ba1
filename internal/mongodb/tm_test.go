package mongodb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestOnlyApprovedTranslationsFeedTheMemoryAndARestartLoadsIt(t *testing.T) {
	ctx := context.Background()
	db := mongotest.DB(t)
	langs := newsroom.MustLanguages("en,ru,ky")
	s := mongodb.NewStore(db, mongodb.Options{Langs: langs})
	p := newPeople(t, s)
	r := newRelease(t, s, p.editor, "Twenty years")
	ky := newsroom.Content{Title: "Жыйырма жыл", Lead: "Кириш.", Body: "Биринчи абзац.\n\nЭкинчи абзац."}
	if _, err := s.Save(ctx, p.trKy, r.ID, "ky", newsroom.Change{Content: ky}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(ctx, p.trKy, r.ID, "ky", newsroom.Change{Action: newsroom.ActionSubmit}); err != nil {
		t.Fatal(err)
	}
	t.Run("a draft or a text in review is not in the memory", func(t *testing.T) {
		if n := s.Memory().Len("en", "ky"); n != 0 {
			t.Fatalf("memory holds %d entries", n)
		}
	})
	if _, err := s.Transition(ctx, p.revKy, r.ID, "ky", newsroom.Change{Action: newsroom.ActionApprove}); err != nil {
		t.Fatal(err)
	}
	t.Run("the approved text is", func(t *testing.T) {
		ms := s.Memory().Lookup("en", "ky", "Second paragraph.")
		if len(ms) != 1 || ms[0].Score != 100 || ms[0].Entry.Target != "Экинчи абзац." || ms[0].Entry.ReleaseID != r.ID || ms[0].Entry.Rev != 1 || ms[0].Entry.Author == "" {
			t.Fatalf("%+v", ms)
		}
	})
	t.Run("a store started later loads it", func(t *testing.T) {
		s2 := mongodb.NewStore(db, mongodb.Options{Langs: langs})
		if err := s2.LoadMemory(ctx); err != nil {
			t.Fatal(err)
		}
		if n := s2.Memory().Len("en", "ky"); n != s.Memory().Len("en", "ky") || n == 0 {
			t.Fatalf("loaded %d entries", n)
		}
	})
	t.Run("a rebuild from the archive finds the same entries", func(t *testing.T) {
		s3 := mongodb.NewStore(db, mongodb.Options{Langs: langs})
		n, err := s3.RebuildMemory(ctx)
		if err != nil || n != 1 {
			t.Fatalf("rebuilt %d, %v", n, err)
		}
		if s3.Memory().Len("en", "ky") != s.Memory().Len("en", "ky") {
			t.Fatalf("rebuilt %d entries, approval made %d", s3.Memory().Len("en", "ky"), s.Memory().Len("en", "ky"))
		}
	})
}

// seedArchive writes n releases with an approved Kyrgyz and Russian
// translation of 12 paragraphs (about 5 KB each) straight into the database
// named name, in the store's document shapes.
func seedArchive(tb testing.TB, name string, n int) {
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(mongotest.URI(tb)))
	if err != nil {
		tb.Fatal(err)
	}
	defer client.Disconnect(ctx)
	db := client.Database(name)
	now := time.Now().UTC()
	var rels, heads, revs []any
	flush := func() {
		for _, b := range []struct {
			c    string
			docs *[]any
		}{{"releases", &rels}, {"versions", &heads}, {"revisions", &revs}} {
			if len(*b.docs) > 0 {
				if _, err := db.Collection(b.c).InsertMany(ctx, *b.docs); err != nil {
					tb.Fatal(err)
				}
				*b.docs = (*b.docs)[:0]
			}
		}
	}
	para := func(lang string, r, i int) string {
		return fmt.Sprintf("%s paragraph %d of release %d: ", lang, i, r) + strings.Repeat(lang+" words of a newsroom release about refugees ", 8)
	}
	for r := range n {
		id := fmt.Sprintf("rel%05d", r)
		rels = append(rels, bson.D{{Key: "_id", Value: id}, {Key: "slug", Value: id}, {Key: "source_lang", Value: "en"}, {Key: "date", Value: now}, {Key: "seq", Value: 0}, {Key: "created_at", Value: now}, {Key: "created_by", Value: "x"}, {Key: "updated_at", Value: now}})
		for _, l := range []string{"en", "ru", "ky"} {
			var ps []string
			for i := range 12 {
				ps = append(ps, para(l, r, i))
			}
			state := "approved"
			if l == "en" {
				state = "draft"
			}
			heads = append(heads, bson.D{{Key: "_id", Value: id + "/" + l}, {Key: "release_id", Value: id}, {Key: "lang", Value: l}, {Key: "state", Value: state}, {Key: "rev", Value: 1}, {Key: "seq", Value: 1}, {Key: "source_rev", Value: 1}, {Key: "updated_at", Value: now}})
			revs = append(revs, bson.D{{Key: "_id", Value: id + "/" + l + "/1"}, {Key: "release_id", Value: id}, {Key: "lang", Value: l}, {Key: "rev", Value: 1}, {Key: "title", Value: l + " title " + id}, {Key: "lead", Value: l + " lead."}, {Key: "body", Value: strings.Join(ps, "\n\n")}, {Key: "author", Value: "x"}, {Key: "author_name", Value: "X"}, {Key: "source_rev", Value: 1}, {Key: "created_at", Value: now}})
		}
		if len(revs) >= 300 {
			flush()
		}
	}
	flush()
}

// BenchmarkRebuildMemory measures filling the memory from an archive of
// 2,000 releases with approved ru and ky translations (target: under a
// minute); seeding is not timed:
//
//	go test ./internal/mongodb/ -run '^$' -bench RebuildMemory -benchtime 1x
func BenchmarkRebuildMemory(b *testing.B) {
	db := mongotest.DB(b)
	seedArchive(b, db.Name(), 2000)
	s := mongodb.NewStore(db, mongodb.Options{Langs: newsroom.MustLanguages("en,ru,ky")})
	for b.Loop() {
		n, err := s.RebuildMemory(context.Background())
		if err != nil || n != 4000 {
			b.Fatalf("rebuilt %d: %v", n, err)
		}
	}
	b.ReportMetric(float64(s.Memory().Len("en", "ky")+s.Memory().Len("en", "ru")), "entries")
}
