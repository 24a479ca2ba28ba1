package embeddb

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// listeningTCPInodes returns the socket inodes of TCP sockets in LISTEN state.
func listeningTCPInodes(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			fs := strings.Fields(line)
			if len(fs) > 9 && fs[3] == "0A" { // TCP_LISTEN
				out[fs[9]] = true
			}
		}
	}
	return out
}

// ownTCPListeners counts this process's listening TCP sockets.
func ownTCPListeners(t *testing.T) int {
	t.Helper()
	listening := listeningTCPInodes(t)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	n := 0
	for _, fd := range fds {
		l, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err != nil {
			continue
		}
		if ino, ok := strings.CutPrefix(l, "socket:["); ok && listening[strings.TrimSuffix(ino, "]")] {
			n++
		}
	}
	return n
}

func ping(t *testing.T, uri string) {
	t.Helper()
	client, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	if _, err := client.Database("p").Collection("c").InsertOne(context.Background(), bson.D{{Key: "n", Value: 1}}); err != nil {
		t.Fatalf("insert through %s: %v", uri, err)
	}
}

func TestALongDataPathGetsAPrivateSocketAndNoTCPListener(t *testing.T) {
	before := ownTCPListeners(t)
	dir := filepath.Join(t.TempDir(), strings.Repeat("a-rather-long-folder-name-", 4), "data")
	if len(dir) < 83 {
		t.Fatalf("the data path %q is only %d characters", dir, len(dir))
	}
	s, err := Start(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if !strings.HasPrefix(s.URI(), "mongodb://%2F") {
		t.Fatalf("the database is not on a Unix socket: %s", s.URI())
	}
	if n := ownTCPListeners(t); n != before {
		t.Fatalf("the embedded database opened %d TCP listeners", n-before)
	}
	if s.private == "" {
		t.Fatal("no private socket folder for a long path")
	}
	if fi, err := os.Stat(s.private); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("the private socket folder: %v, %v", fi.Mode(), err)
	}
	ping(t, s.URI())
	s.Close()
	if _, err := os.Stat(s.private); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the private socket folder outlived the server: %v", err)
	}
}

func TestASecondStartFindsTheLiveOwnerAndLeavesItsSocketAlone(t *testing.T) {
	dir := t.TempDir()
	s, err := Start(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	_, err = Start(dir, slog.New(slog.DiscardHandler))
	var inUse *InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("a second start on a live data folder gave %v, want *InUseError", err)
	}
	if inUse.PID != os.Getpid() || inUse.URI() != s.URI() {
		t.Fatalf("the lock names pid %d, uri %q; want %d, %q", inUse.PID, inUse.URI(), os.Getpid(), s.URI())
	}
	if !errors.As(Owner(dir), &inUse) {
		t.Fatal("Owner does not see the live owner")
	}
	ping(t, s.URI()) // the live socket still answers
	s.Close()
	if err := Owner(dir); err != nil {
		t.Fatalf("after close the folder is still owned: %v", err)
	}
	// A restart on the same folder works (the old socket is gone or stale).
	s2, err := Start(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	ping(t, s2.URI())
}
