package main

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kotormo/kotormo/internal/embeddb"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
)

// The benchmark's database is the embedded one `kotormo serve` runs, filled
// with n published releases in the documents the store itself writes.
// Creating 10,000 releases through the store's write protocol (a create,
// saves, submit, approve and publish per language: some thirty round trips
// each) would take many minutes, so one release is created that way, in a
// template database, and its documents — every collection it touched — are
// copied n times with the identity, text and dates of each generated
// release put in. Nothing is written in a shape of the benchmark's own: a
// field the store adds tomorrow is copied along.

// seeded is a database holding the benchmark's releases.
type seeded struct {
	edb   *embeddb.Server
	db    *mongodb.DB
	dir   string
	users map[string]*newsroom.User // by role name, the people who made the template
	// loadTime is how long filling the database took.
	loadTime time.Duration
	docs     int
	// perRelease describes the documents copied per release, by collection.
	perRelease string
}

// Close stops the database and removes its files.
func (s *seeded) Close() {
	_ = s.db.Close(context.Background())
	s.edb.Close()
	_ = os.RemoveAll(s.dir)
}

// Template times: every write of the template happens at templateClock
// (the store's clock is fixed), and the release is dated templateDate.
var (
	templateClock = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	templateDate  = time.Date(2001, 1, 2, 0, 0, 0, 0, time.UTC)
)

// seedDatabase starts an embedded database in a temporary folder and fills
// database "kotormo" with releases (readertest.Generate's, n of them).
func seedDatabase(ctx context.Context, langs newsroom.Languages, n int, log *slog.Logger) (*seeded, error) {
	dir, err := os.MkdirTemp("", "readerbench-db-")
	if err != nil {
		return nil, err
	}
	// The embedded database gets no logger: FerretDB derives one with the
	// statement's attributes for every SQL statement, and a text handler
	// formats them at once even when nothing is logged — a quarter of the
	// fill's CPU. Its failures reach the benchmark as the store's errors.
	edb, err := embeddb.Start(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	s := &seeded{edb: edb, dir: dir}
	fail := func(err error) (*seeded, error) {
		if s.db != nil {
			_ = s.db.Close(context.Background())
		}
		edb.Close()
		_ = os.RemoveAll(dir)
		return nil, err
	}
	tmpl, users, err := templateDocs(ctx, edb, langs, log)
	if err != nil {
		return fail(fmt.Errorf("template release: %w", err))
	}
	s.users = users
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(tmpl.perRelease)) {
		parts = append(parts, fmt.Sprintf("%s %d", name, len(tmpl.perRelease[name])))
	}
	for _, name := range slices.Sorted(maps.Keys(tmpl.logs)) {
		parts = append(parts, fmt.Sprintf("%s %d", name, len(tmpl.logs[name])))
	}
	s.perRelease = strings.Join(parts, ", ")
	if s.db, err = mongodb.Connect(ctx, edb.URI(), "kotormo", log); err != nil {
		return fail(err)
	}
	if err := edb.IndexIDLookups(ctx, "kotormo"); err != nil {
		return fail(err)
	}
	start := time.Now()
	if s.docs, err = fill(ctx, s.db, tmpl, readertest.Generate(n, langs.Codes()), langs); err != nil {
		return fail(err)
	}
	s.loadTime = time.Since(start)
	return s, nil
}

// template is the template database's documents, by collection.
type template struct {
	releaseID string
	content   map[string]newsroom.Content // by language: the text the template was written with
	place     map[string]string
	slug      string
	perRelease,
	logs, // sequenced logs: one entry per change, renumbered
	once map[string][]bson.D // users: copied once
}

// templateDocs creates one release through the store — written in every
// language, reviewed and published, as readertest.Generate's release 0 —
// in a database of its own, reads back every document, and drops that database.
func templateDocs(ctx context.Context, edb *embeddb.Server, langs newsroom.Languages, log *slog.Logger) (*template, map[string]*newsroom.User, error) {
	db, err := mongodb.Connect(ctx, edb.URI(), "template", log)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = db.Drop(ctx); _ = db.Close(ctx) }()
	if err := edb.IndexIDLookups(ctx, "template"); err != nil {
		return nil, nil, err
	}
	store := mongodb.NewStore(db, mongodb.Options{Langs: langs, Now: func() time.Time { return templateClock }})
	users := map[string]*newsroom.User{}
	for _, u := range []struct {
		name string
		role newsroom.Role
	}{{"editor", newsroom.RoleEditor}, {"translator", newsroom.RoleTranslator}, {"reviewer", newsroom.RoleReviewer}} {
		nu, err := store.CreateUser(ctx, newsroom.NewUser{Email: u.name + "@readerbench.test", Name: strings.ToUpper(u.name[:1]) + u.name[1:],
			Password: "readerbench password", Roles: []newsroom.Role{u.role}, Langs: langs.Codes()})
		if err != nil {
			return nil, nil, err
		}
		users[u.name] = nu
	}
	codes := langs.Codes()
	src := readertest.Generate(1, codes)
	t := &template{content: map[string]newsroom.Content{}, place: map[string]string{}, slug: src[0].Slug,
		perRelease: map[string][]bson.D{}, logs: map[string][]bson.D{}, once: map[string][]bson.D{}}
	for _, p := range src {
		// Places are marked, for two languages may spell one the same.
		t.content[p.Lang], t.place[p.Lang] = p.Content, "template place "+p.Lang
	}
	r, err := writeApproved(ctx, store, users, codes[0], t.slug, templateDate, t.content, t.place)
	if err != nil {
		return nil, nil, err
	}
	if _, err := store.PublishAll(ctx, users["editor"], r); err != nil {
		return nil, nil, fmt.Errorf("publish: %w", err)
	}
	t.releaseID = r
	names, err := db.CollectionNames(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range names {
		if strings.HasPrefix(name, "memory") {
			// The translation memory, fed by the template's approvals,
			// holds its paragraphs, which are not replaced per release;
			// the reader never reads it. It is left empty.
			continue
		}
		err := db.EachRaw(ctx, name, func(raw bson.Raw) error {
			var d bson.D
			if err := bson.Unmarshal(raw, &d); err != nil {
				return err
			}
			id, _ := d[0].Value.(string)
			switch {
			case d[0].Key != "_id":
				return fmt.Errorf("%s: a document without a leading _id", name)
			case strings.Contains(id, t.releaseID) || id == t.slug:
				t.perRelease[name] = append(t.perRelease[name], d)
			case logID.MatchString(id):
				t.logs[name] = append(t.logs[name], d)
			case name == "users":
				t.once[name] = append(t.once[name], d)
			default:
				return fmt.Errorf("%s: a document %q the benchmark does not know how to copy", name, id)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return t, users, nil
}

// logID matches the _id of a sequenced log's entry: a zero-padded number.
var logID = regexp.MustCompile(`^[0-9]{8,}$`)

// writeApproved writes a release through the store's write protocol, as a
// newsroom does: the source text, then each translation, each submitted
// and approved, ready to publish. It returns the release's ID.
func writeApproved(ctx context.Context, store *mongodb.Store, users map[string]*newsroom.User, sourceLang, slug string, date time.Time,
	content map[string]newsroom.Content, place map[string]string) (string, error) {
	r, err := store.CreateRelease(ctx, users["editor"], newsroom.NewRelease{
		Slug: slug, SourceLang: sourceLang, Date: date, Places: place, Content: content[sourceLang],
	})
	if err != nil {
		return "", err
	}
	for lang, c := range content {
		if lang != sourceLang {
			if _, err := store.Save(ctx, users["translator"], r.ID, lang, newsroom.Change{Content: c}); err != nil {
				return "", fmt.Errorf("save %s: %w", lang, err)
			}
		}
	}
	for lang := range content {
		for _, st := range []struct {
			who string
			a   newsroom.Action
		}{{"translator", newsroom.ActionSubmit}, {"reviewer", newsroom.ActionApprove}} {
			who := st.who
			if lang == sourceLang && who == "translator" {
				who = "editor"
			}
			if _, err := store.Transition(ctx, users[who], r.ID, lang, newsroom.Change{Action: st.a, Override: "benchmark text"}); err != nil {
				return "", fmt.Errorf("%s %s: %w", st.a, lang, err)
			}
		}
	}
	return r.ID, nil
}

// fill inserts the template's documents once per release of ps (in every
// language of langs, as Generate makes them), in batches.
func fill(ctx context.Context, db *mongodb.DB, t *template, ps []*newsroom.Published, langs newsroom.Languages) (int, error) {
	batches := map[string][]bson.Raw{}
	total := 0
	flush := func(name string) error {
		err := db.InsertRaw(ctx, name, batches[name])
		total += len(batches[name])
		batches[name] = batches[name][:0]
		return err
	}
	add := func(name string, d bson.D) error {
		raw, err := bson.Marshal(d)
		if err != nil {
			return err
		}
		batches[name] = append(batches[name], raw)
		if len(batches[name]) >= 500 {
			return flush(name)
		}
		return nil
	}
	for name, ds := range t.once {
		for _, d := range ds {
			if err := add(name, d); err != nil {
				return total, err
			}
		}
	}
	nl := len(langs.Codes())
	seq := map[string]int{}
	// Oldest first, so that the logs list publishes in the order of time.
	for i := len(ps)/nl - 1; i >= 0; i-- {
		byLang := ps[i*nl : (i+1)*nl]
		r := replacer{t: t, id: benchID(i), slug: byLang[0].Slug,
			date: bson.NewDateTimeFromTime(byLang[0].Date), at: bson.NewDateTimeFromTime(byLang[0].PublishedAt),
			text: map[string]string{}}
		for _, p := range byLang {
			c := t.content[p.Lang]
			r.text[c.Title], r.text[c.Lead], r.text[c.Body] = p.Content.Title, p.Content.Lead, p.Content.Body
			r.text[t.place[p.Lang]] = p.Place
		}
		for name, ds := range t.perRelease {
			for _, d := range ds {
				if err := add(name, r.doc(d)); err != nil {
					return total, err
				}
			}
		}
		for name, ds := range t.logs {
			for _, d := range ds {
				seq[name]++
				nd := r.doc(d)
				nd[0].Value = fmt.Sprintf("%0*d", len(d[0].Value.(string)), seq[name])
				if err := add(name, nd); err != nil {
					return total, err
				}
			}
		}
	}
	for name := range batches {
		if err := flush(name); err != nil {
			return total, err
		}
	}
	return total, nil
}

// benchID is release i's ID, in the store's alphabet and length.
func benchID(i int) string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := []byte("rbenchaaaaaa")
	for k := len(b) - 1; i > 0 && k >= 6; k-- {
		b[k] = alphabet[i%len(alphabet)]
		i /= len(alphabet)
	}
	return string(b)
}

// replacer turns a template document into release r's.
type replacer struct {
	t        *template
	id, slug string
	date, at bson.DateTime
	text     map[string]string // template text → this release's
}

func (r *replacer) doc(d bson.D) bson.D {
	out := make(bson.D, len(d))
	for i, e := range d {
		out[i] = bson.E{Key: e.Key, Value: r.value(e.Value)}
	}
	return out
}

func (r *replacer) value(v any) any {
	switch v := v.(type) {
	case bson.D:
		return r.doc(v)
	case bson.A:
		out := make(bson.A, len(v))
		for i, x := range v {
			out[i] = r.value(x)
		}
		return out
	case string:
		if s, ok := r.text[v]; ok {
			return s
		}
		if v == r.t.slug {
			return r.slug
		}
		return strings.ReplaceAll(v, r.t.releaseID, r.id)
	case bson.DateTime:
		switch v {
		case bson.NewDateTimeFromTime(templateClock):
			return r.at
		case bson.NewDateTimeFromTime(templateDate):
			return r.date
		}
	}
	return v
}
