package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
)

// The races of issue 7, run through real HTTP against two assembled servers
// that share one embedded database (two store instances, two reader sites),
// each request of a pair going to a different instance.

const raceRounds = 20

// instance is one assembled server over the shared database.
type instance struct {
	url   string
	store *mongodb.Store
}

type cluster struct {
	a, b            instance
	editor, rev     string // bearer tokens of an editor and an English reviewer
	editorID, revID string
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	db := mongotest.DB(t)
	langs := newsroom.MustLanguages("en,ru,ky")
	mk := func() instance {
		st := mongodb.NewStore(db, mongodb.Options{Langs: langs})
		srv, err := server.New(context.Background(), server.Config{
			Langs: langs, Store: st, BaseURL: "http://example.test", ReaderPoll: 100 * time.Millisecond,
			Ping: func(context.Context) error { return nil }, Logger: slog.New(slog.DiscardHandler),
		})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		go srv.Start(ctx)
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(func() { ts.Close(); cancel() })
		return instance{url: ts.URL, store: st}
	}
	c := &cluster{a: mk(), b: mk()}
	ctx := context.Background()
	ed, err := c.a.store.CreateUser(ctx, newsroom.NewUser{Email: "editor@example.test", Name: "Editor", Password: "a long editor password", Roles: []newsroom.Role{newsroom.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	rv, err := c.a.store.CreateUser(ctx, newsroom.NewUser{Email: "reviewer@example.test", Name: "Reviewer", Password: "a long reviewer password", Roles: []newsroom.Role{newsroom.RoleReviewer}, Langs: []string{"en"}})
	if err != nil {
		t.Fatal(err)
	}
	c.editorID, c.revID = ed.ID, rv.ID
	if c.editor, _, err = c.a.store.CreateToken(ctx, ed.ID, "races"); err != nil {
		t.Fatal(err)
	}
	if c.rev, _, err = c.a.store.CreateToken(ctx, rv.ID, "races"); err != nil {
		t.Fatal(err)
	}
	return c
}

// call makes an API request and decodes the JSON answer.
func call(t *testing.T, base, token, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, base+"/api/v1"+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// approvedRelease creates a release whose English source is approved and
// ready to publish, and returns its ID and slug.
func (c *cluster) approvedRelease(t *testing.T, n int) (id, slug string) {
	t.Helper()
	st, r := call(t, c.a.url, c.editor, "POST", "/releases", map[string]any{
		"slug": fmt.Sprintf("race-%d-%d", time.Now().UnixNano(), n), "source_lang": "en", "date": "2026-11-20",
		"title": fmt.Sprintf("Release %d", n), "lead": "Lead.", "body": "Body."})
	if st != http.StatusCreated {
		t.Fatalf("create: %d %v", st, r)
	}
	id, slug = r["id"].(string), r["slug"].(string)
	if st, b := call(t, c.a.url, c.editor, "POST", "/releases/"+id+"/versions/en/submit", map[string]any{}); st != 200 {
		t.Fatalf("submit: %d %v", st, b)
	}
	if st, b := call(t, c.b.url, c.rev, "POST", "/releases/"+id+"/versions/en/approve", map[string]any{}); st != 200 {
		t.Fatalf("approve: %d %v", st, b)
	}
	return id, slug
}

// both runs f and g at the same time and waits for them.
func both(f, g func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); f() }()
	go func() { defer wg.Done(); g() }()
	wg.Wait()
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func status(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := noRedirect.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// eventually waits up to two seconds for cond on both instances.
func (c *cluster) eventually(t *testing.T, what string, cond func(base string) bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for _, base := range []string{c.a.url, c.b.url} {
		for !cond(base) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not so on %s after 2 s", what, base)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

func TestAPublishRacingAnEmbargoNeverLeaksTheRelease(t *testing.T) {
	c := newCluster(t)
	for n := range raceRounds {
		id, slug := c.approvedRelease(t, n)
		embargo := time.Now().Add(3 * time.Hour).UTC().Format(time.RFC3339)
		var pub, emb int
		both(func() {
			pub, _ = call(t, c.a.url, c.editor, "POST", "/releases/"+id+"/versions/en/publish", map[string]any{})
		}, func() {
			emb, _ = call(t, c.b.url, c.editor, "PATCH", "/releases/"+id, map[string]any{"embargo_until": embargo})
		})
		if pub != 200 || emb != 200 {
			t.Fatalf("round %d: publish %d, embargo %d", n, pub, emb)
		}
		c.eventually(t, fmt.Sprintf("round %d: the embargoed release is hidden", n), func(base string) bool {
			st, _ := status(t, base+"/en/releases/"+slug)
			return st == http.StatusNotFound
		})
	}
}

func TestAPublishRacingASlugChangeLeavesOneAddress(t *testing.T) {
	c := newCluster(t)
	for n := range raceRounds {
		id, oldSlug := c.approvedRelease(t, n)
		newSlug := oldSlug + "-renamed"
		var pub, ren int
		both(func() {
			pub, _ = call(t, c.a.url, c.editor, "POST", "/releases/"+id+"/versions/en/publish", map[string]any{})
		}, func() {
			ren, _ = call(t, c.b.url, c.editor, "PATCH", "/releases/"+id, map[string]any{"slug": newSlug})
		})
		if pub != 200 || ren != 200 {
			t.Fatalf("round %d: publish %d, rename %d", n, pub, ren)
		}
		if _, r := call(t, c.a.url, c.editor, "GET", "/releases/"+id, nil); r["slug"] != newSlug {
			t.Fatalf("round %d: the API shows slug %v, want %s", n, r["slug"], newSlug)
		}
		c.eventually(t, fmt.Sprintf("round %d: the new address serves the release", n), func(base string) bool {
			st, _ := status(t, base+"/en/releases/"+newSlug)
			return st == http.StatusOK
		})
		c.eventually(t, fmt.Sprintf("round %d: the old address redirects to the new one", n), func(base string) bool {
			st, loc := status(t, base+"/en/releases/"+oldSlug)
			return st == http.StatusMovedPermanently && loc == "/en/releases/"+newSlug
		})
		if st, r := call(t, c.b.url, c.editor, "POST", "/releases", map[string]any{
			"slug": oldSlug, "source_lang": "en", "date": "2026-11-20", "title": "Squatter", "body": "x"}); st != http.StatusConflict {
			t.Fatalf("round %d: a second release took the old address: %d %v", n, st, r)
		}
	}
}

func TestTwoMetadataUpdatesByIDAndBySlugBothLand(t *testing.T) {
	c := newCluster(t)
	for n := range raceRounds {
		id, slug := c.approvedRelease(t, n)
		date := fmt.Sprintf("2025-%02d-%02d", n%12+1, n%28+1)
		embargo := time.Date(2027, 1, 1, 9, n, 0, 0, time.UTC).Format(time.RFC3339)
		var s1, s2 int
		var b1, b2 map[string]any
		both(func() {
			s1, b1 = call(t, c.a.url, c.editor, "PATCH", "/releases/"+id, map[string]any{"date": date})
		}, func() {
			s2, b2 = call(t, c.b.url, c.editor, "PATCH", "/releases/"+slug, map[string]any{"embargo_until": embargo})
		})
		if s1 != 200 || s2 != 200 {
			t.Fatalf("round %d: updates answered %d %v and %d %v", n, s1, b1, s2, b2)
		}
		_, r := call(t, c.b.url, c.editor, "GET", "/releases/"+id, nil)
		if r["date"] != date || r["embargo_until"] != embargo {
			t.Fatalf("round %d: release has date %v and embargo %v, want %s and %s", n, r["date"], r["embargo_until"], date, embargo)
		}
	}
}

func TestChangingAPublishedReleasesMetadataReachesReaders(t *testing.T) {
	c := newCluster(t)
	id, slug := c.approvedRelease(t, 0)
	if st, b := call(t, c.a.url, c.editor, "POST", "/releases/"+id+"/versions/en/publish", map[string]any{}); st != 200 {
		t.Fatalf("publish: %d %v", st, b)
	}
	page := func(base, path string) (int, string) {
		resp, err := noRedirect.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	t.Run("a new date is shown", func(t *testing.T) {
		if st, b := call(t, c.b.url, c.editor, "PATCH", "/releases/"+id, map[string]any{"date": "2026-11-25"}); st != 200 {
			t.Fatalf("%d %v", st, b)
		}
		c.eventually(t, "the page shows 25 November 2026", func(base string) bool {
			st, body := page(base, "/en/releases/"+slug)
			return st == 200 && strings.Contains(body, "25 November 2026")
		})
	})
	t.Run("an embargo hides it and lifting it shows it again", func(t *testing.T) {
		call(t, c.a.url, c.editor, "PATCH", "/releases/"+id, map[string]any{"embargo_until": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
		c.eventually(t, "hidden", func(base string) bool { st, _ := page(base, "/en/releases/"+slug); return st == 404 })
		call(t, c.b.url, c.editor, "PATCH", "/releases/"+id, map[string]any{"embargo_until": nil})
		c.eventually(t, "shown", func(base string) bool { st, _ := page(base, "/en/releases/"+slug); return st == 200 })
	})
	t.Run("a new slug serves the page and the old one redirects", func(t *testing.T) {
		call(t, c.a.url, c.editor, "PATCH", "/releases/"+id, map[string]any{"slug": slug + "-new"})
		c.eventually(t, "moved", func(base string) bool {
			st, _ := page(base, "/en/releases/"+slug+"-new")
			old, _ := status(t, base+"/en/releases/"+slug)
			return st == 200 && old == http.StatusMovedPermanently
		})
	})
}
