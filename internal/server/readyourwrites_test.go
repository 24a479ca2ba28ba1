package server_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
)

func TestAPublishIsServedWhenItsCallReturns(t *testing.T) {
	ctx := context.Background()
	store := mongotest.Store(t, "")
	srv, err := server.New(ctx, server.Config{
		Langs: store.Langs(), Store: store, BaseURL: "http://example.test",
		Ping: func(context.Context) error { return nil }, ReaderPoll: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, l, time.Second) }()
	t.Cleanup(func() { stop(); <-done })
	base := "http://" + l.Addr().String()

	mk := func(email string, role newsroom.Role, langs ...string) *newsroom.User {
		u, err := store.CreateUser(ctx, newsroom.NewUser{Email: email, Name: email, Password: "correct horse battery", Roles: []newsroom.Role{role}, Langs: langs})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	editor, reviewer := mk("editor@x.test", newsroom.RoleEditor), mk("reviewer@x.test", newsroom.RoleReviewer, "en")
	token, _, err := store.CreateToken(ctx, editor.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path string) int {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader("{}"))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	page := func(slug string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + "/en/releases/" + slug)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	approve := func(id string) {
		t.Helper()
		for _, s := range []struct {
			u *newsroom.User
			a newsroom.Action
		}{{editor, newsroom.ActionSubmit}, {reviewer, newsroom.ActionApprove}} {
			if _, err := store.Transition(ctx, s.u, id, "en", newsroom.Change{Action: s.a}); err != nil {
				t.Fatal(err)
			}
		}
	}
	const trials = 30
	failures := 0
	for i := range trials {
		slug := fmt.Sprintf("read-your-writes-%d", i)
		r, err := store.CreateRelease(ctx, editor, newsroom.NewRelease{
			Slug: slug, SourceLang: "en", Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			Content: newsroom.Content{Title: "First words", Lead: "Lead.", Body: "Body."},
		})
		if err != nil {
			t.Fatal(err)
		}
		approve(r.ID)
		if st := call("POST", "/api/v1/releases/"+r.ID+"/versions/en/publish"); st != http.StatusOK {
			t.Fatalf("publish: %d", st)
		}
		if st, _ := page(slug); st != http.StatusOK {
			failures++
			t.Errorf("trial %d: the page answered %d right after the publish returned", i, st)
			continue
		}
		if i%10 != 0 {
			continue
		}
		// A correction: a new text, approved and published again.
		if _, err := store.Save(ctx, editor, r.ID, "en", newsroom.Change{Action: newsroom.ActionSave, BaseRev: 1,
			Content: newsroom.Content{Title: "Corrected words", Lead: "Lead.", Body: "Body."}}); err != nil {
			t.Fatal(err)
		}
		approve(r.ID)
		if st := call("POST", "/api/v1/releases/"+r.ID+"/versions/en/publish"); st != http.StatusOK {
			t.Fatalf("publish the correction: %d", st)
		}
		if st, body := page(slug); st != http.StatusOK || !strings.Contains(body, "Corrected words") {
			t.Errorf("trial %d: right after the correction, the page answered %d without the new title", i, st)
		}
		if st := call("POST", "/api/v1/releases/"+r.ID+"/versions/en/unpublish"); st != http.StatusOK {
			t.Fatalf("unpublish: %d", st)
		}
		if st, _ := page(slug); st != http.StatusNotFound && st != http.StatusGone {
			t.Errorf("trial %d: right after the unpublish, the page answered %d", i, st)
		}
	}
	if failures > 0 {
		t.Errorf("%d of %d publishes were not served when their call returned", failures, trials)
	}
}
