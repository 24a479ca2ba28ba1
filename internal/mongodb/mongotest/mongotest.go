// Package mongotest gives tests a real, empty database: on the server named by
// MONGODB_URI when it is set, otherwise on one embedded FerretDB started once
// per test binary. Each call gets its own randomly named database, dropped
// when the test ends.
package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kotormo/kotormo/internal/embeddb"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// server is started on first use and lives as long as the test binary: test
// binaries are separate processes, so this is the one place the harness keeps
// state between tests.
var server = sync.OnceValues(func() (string, error) {
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		return uri, nil
	}
	dir, err := os.MkdirTemp("", "kotormo-test-")
	if err != nil {
		return "", err
	}
	// The socket path must stay short (sun_path is 108 bytes).
	s, err := embeddb.Start(filepath.Clean(dir), slog.New(slog.DiscardHandler))
	if err != nil {
		return "", err
	}
	return s.URI(), nil
})

// URI returns the connection string of the test server.
func URI(t testing.TB) string {
	t.Helper()
	uri, err := server()
	if err != nil {
		t.Fatalf("mongotest: start database: %v", err)
	}
	return uri
}

// DB returns a connection to a fresh database, dropped after the test.
func DB(t testing.TB) *mongodb.DB {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	ctx := context.Background()
	db, err := mongodb.Connect(ctx, URI(t), name, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("mongotest: connect: %v", err)
	}
	t.Cleanup(func() {
		_ = db.Drop(context.Background())
		_ = db.Close(context.Background())
	})
	return db
}

// Store returns a Store over a fresh database with the given languages ("en,ru,ky" when empty).
func Store(t testing.TB, langs string, opts ...func(*mongodb.Options)) *mongodb.Store {
	t.Helper()
	if langs == "" {
		langs = "en,ru,ky"
	}
	o := mongodb.Options{Langs: newsroom.MustLanguages(langs)}
	for _, f := range opts {
		f(&o)
	}
	return mongodb.NewStore(DB(t), o)
}
