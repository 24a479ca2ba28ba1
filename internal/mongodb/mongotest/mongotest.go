// Package mongotest gives tests a real, empty database: on the server named by
// MONGODB_URI when it is set, otherwise on one embedded FerretDB started once
// per test binary. Each call gets its own randomly named database, dropped
// when the test ends.
package mongotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/kotormo/kotormo/internal/embeddb"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// server is started on first use and lives as long as the test binary: test
// binaries are separate processes, so this is the one place the harness keeps
// state between tests. It is nil when MONGODB_URI is set.
var server = sync.OnceValues(func() (*testServer, error) {
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		return &testServer{uri: uri}, nil
	}
	removeAbandoned()
	// The folder is named after this process, so that a later test binary
	// can remove it once this one has exited (nothing runs after the tests
	// to do it sooner). The socket path must stay short (sun_path is 108 bytes).
	dir, err := os.MkdirTemp("", fmt.Sprintf("kotormo-test-%d-", os.Getpid()))
	if err != nil {
		return nil, err
	}
	s, err := embeddb.Start(filepath.Clean(dir), slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	return &testServer{uri: s.URI(), embedded: s}, nil
})

type testServer struct {
	uri      string
	embedded *embeddb.Server
}

// removeAbandoned deletes the folders of test binaries that have exited.
func removeAbandoned() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "kotormo-test-*"))
	for _, d := range dirs {
		var pid int
		if _, err := fmt.Sscanf(filepath.Base(d), "kotormo-test-%d-", &pid); err != nil || pid <= 0 {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			_ = os.RemoveAll(d)
		}
	}
}

// URI returns the connection string of the test server.
func URI(t testing.TB) string {
	t.Helper()
	return get(t).uri
}

func get(t testing.TB) *testServer {
	t.Helper()
	s, err := server()
	if err != nil {
		t.Fatalf("mongotest: start database: %v", err)
	}
	return s
}

// DB returns a connection to a fresh database, dropped after the test.
func DB(t testing.TB) *mongodb.DB {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	ctx := context.Background()
	s := get(t)
	db, err := mongodb.Connect(ctx, s.uri, name, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("mongotest: connect: %v", err)
	}
	if s.embedded != nil {
		if err := s.embedded.IndexIDLookups(ctx, name); err != nil {
			t.Fatalf("mongotest: %v", err)
		}
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
