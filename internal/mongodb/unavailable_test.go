package mongodb_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/kotormo/kotormo/internal/embeddb"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestDatabaseErrorsThatMeanTryLaterAreUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"a full SQLite disk", fmt.Errorf("insert: %w", mongo.CommandError{Code: 1, Name: "InternalError", Message: "[collection.go:135] database or disk is full (13)"}), newsroom.EUnavailable},
		{"a read-only SQLite file", mongo.CommandError{Code: 1, Message: "attempt to write a readonly database (8)"}, newsroom.EUnavailable},
		{"MongoDB out of disk space", mongo.CommandError{Code: 14031, Message: "out of disk space"}, newsroom.EUnavailable},
		{"a MongoDB secondary", mongo.WriteException{WriteErrors: mongo.WriteErrors{{Code: 10107, Message: "not primary"}}}, newsroom.EUnavailable},
		{"a closed client", fmt.Errorf("find: %w", mongo.ErrClientDisconnected), newsroom.EUnavailable},
		{"a timeout", fmt.Errorf("find: %w", context.DeadlineExceeded), newsroom.EUnavailable},
		{"a cancelled request stays internal", fmt.Errorf("find: %w", context.Canceled), newsroom.EInternal},
		{"a bug stays internal", errors.New("nil map"), newsroom.EInternal},
		{"a duplicate key stays internal", mongo.CommandError{Code: 11000, Message: "duplicate key"}, newsroom.EInternal},
		{"a domain error keeps its code", newsroom.Errorf(newsroom.EConflict, "stale"), newsroom.EConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mongodb.Unavailable(tc.err)
			if c := newsroom.ErrorCode(got); c != tc.want {
				t.Fatalf("code %q, want %q (%v)", c, tc.want, got)
			}
			if tc.want == newsroom.EUnavailable && !strings.Contains(got.Error(), tc.err.Error()) {
				t.Fatalf("the cause is lost: %v", got)
			}
		})
	}
}

func TestAWriteTheEmbeddedDatabaseRefusesIsUnavailable(t *testing.T) {
	// query_only makes SQLite refuse every write, as a read-only file does.
	s, err := embeddb.StartWith(t.TempDir(), slog.New(slog.DiscardHandler), embeddb.Options{Pragmas: []string{"query_only(1)"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	_, err = mongodb.Connect(context.Background(), s.URI(), "ro", slog.New(slog.DiscardHandler))
	if err == nil {
		t.Fatal("a read-only database accepted its collections")
	}
	got := mongodb.Unavailable(errors.Unwrap(err))
	if newsroom.ErrorCode(got) != newsroom.EUnavailable || !strings.Contains(got.Error(), "read-only") {
		t.Fatalf("a refused write: %v, want unavailable naming read-only", got)
	}
}
