package mongodb_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestAPasswordChangeEndsTheUsersSessionsAndAPITokens(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Store(t, "")
	u, err := s.CreateUser(ctx, newsroom.NewUser{Email: "a@x.org", Name: "A", Password: "correct horse battery", Roles: []newsroom.Role{newsroom.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	sec, _ := s.CreateSession(ctx, u.ID, time.Hour)
	tok, _, _ := s.CreateToken(ctx, u.ID, "script")
	pw := "a brand new password"
	if _, err := s.UpdateUser(ctx, u.ID, newsroom.UserUpdate{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionUser(ctx, sec); code(err) != newsroom.EUnauthorized {
		t.Fatalf("a session from before the change: %v", err)
	}
	_, err = s.TokenUser(ctx, tok)
	if e, ok := newsroom.AsError(err); !ok || e.Code != newsroom.EUnauthorized || e.ID != "ErrTokenRevoked" {
		t.Fatalf("an API token from before the change: %v, want unauthorized saying why", err)
	}
	if toks, _ := s.ListTokens(ctx); len(toks) != 0 {
		t.Fatalf("%d tokens are still listed", len(toks))
	}
}

func TestDisablingAUserEndsTheirSessionsForGood(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Store(t, "")
	u, err := s.CreateUser(ctx, newsroom.NewUser{Email: "a@x.org", Name: "A", Password: "correct horse battery", Roles: []newsroom.Role{newsroom.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	sec, _ := s.CreateSession(ctx, u.ID, time.Hour)
	yes, no := true, false
	if _, err := s.UpdateUser(ctx, u.ID, newsroom.UserUpdate{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateUser(ctx, u.ID, newsroom.UserUpdate{Disabled: &no}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionUser(ctx, sec); code(err) != newsroom.EUnauthorized {
		t.Fatalf("a session from before the disable works again after re-enabling: %v", err)
	}
	if _, err := s.Authenticate(ctx, "a@x.org", "correct horse battery"); err != nil {
		t.Fatalf("the re-enabled user cannot log in: %v", err)
	}
}

func TestPasswordsOfOnlySpacesAreRefused(t *testing.T) {
	ctx := context.Background()
	s := mongotest.Store(t, "")
	for _, pw := range []string{strings.Repeat(" ", 12), "\t\t\t\t\t\t\t\t\t\t\t\t", "   abc      "} {
		if _, err := s.CreateUser(ctx, newsroom.NewUser{Email: "a@x.org", Name: "A", Password: pw, Roles: []newsroom.Role{newsroom.RoleEditor}}); code(err) != newsroom.EInvalid {
			t.Errorf("password %q: %v, want invalid", pw, err)
		}
	}
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

func TestTheSweeperPurgesExpiredSessionsAndOldLogEntries(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	db := mongotest.DB(t)
	o := mongodb.Options{Langs: newsroom.MustLanguages("en,ru"), Now: c.now, LogRetention: 24 * time.Hour}
	s := mongodb.NewStore(db, o)
	u, err := s.CreateUser(ctx, newsroom.NewUser{Email: "a@x.org", Name: "A", Password: "correct horse battery", Roles: []newsroom.Role{newsroom.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	old, _ := s.CreateSession(ctx, u.ID, time.Hour)
	live, _ := s.CreateSession(ctx, u.ID, 72*time.Hour)
	for i := range 5 {
		if _, err := s.LogRelease(ctx, "r"+string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
	}
	c.add(48 * time.Hour)
	if _, err := s.LogRelease(ctx, "recent"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Sweep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Sessions != 1 || got.Changes != 5 {
		t.Fatalf("swept %+v, want 1 session and 5 change-log entries", got)
	}
	if again, _ := s.Sweep(ctx); again != (mongodb.Swept{}) {
		t.Fatalf("a second sweep found %+v", again)
	}
	if _, err := s.SessionUser(ctx, old); code(err) != newsroom.EUnauthorized {
		t.Fatalf("the expired session: %v", err)
	}
	if _, err := s.SessionUser(ctx, live); err != nil {
		t.Fatalf("the live session was swept: %v", err)
	}

	// A reader that fell behind the purge is told to reload; one at the
	// head keeps following, in this process and in a new one.
	if _, last, complete, err := s.ChangesSince(ctx, 2); err != nil || complete || last != 6 {
		t.Fatalf("a reader behind the purge: last %d, complete %v, %v; want the head 6 and complete false", last, complete, err)
	}
	fresh := mongodb.NewStore(db, o)
	seq, err := fresh.LogRelease(ctx, "next")
	if err != nil || seq != 7 {
		t.Fatalf("a new instance appended at %d, %v; want 7", seq, err)
	}
	if ids, last, complete, err := s.ChangesSince(ctx, 6); err != nil || !complete || last != 7 || len(ids) != 1 || ids[0] != "next" {
		t.Fatalf("a reader at the head: %v, %d, %v, %v", ids, last, complete, err)
	}
	if _, last, complete, err := fresh.ChangesSince(ctx, 0); err != nil || complete || last != 7 {
		t.Fatalf("a new reader: last %d, complete %v, %v", last, complete, err)
	}
}
