// Package embeddb runs an in-process MongoDB-compatible server (FerretDB with
// its SQLite handler) so that Kotormo needs no database installed to run.
package embeddb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Server is a running embedded database. Close stops it and flushes its files.
type Server struct {
	uri    string
	cancel context.CancelFunc
	done   chan struct{}
}

// Start starts FerretDB with its files under dir/db, listening on a Unix socket
// inside dir that only the current user can reach. It returns once the
// server accepts connections.
func Start(dir string, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.Default()
	}
	dbDir := filepath.Join(dir, "db")
	if err := os.MkdirAll(dbDir, 0o700); err != nil {
		return nil, fmt.Errorf("embeddb: create data folder: %w", err)
	}
	// The socket lives in a private folder: mode 0700 keeps other users out
	// whatever umask the socket file itself gets.
	sockDir := filepath.Join(dir, "run")
	if err := os.MkdirAll(sockDir, 0o700); err != nil {
		return nil, fmt.Errorf("embeddb: create socket folder: %w", err)
	}
	_ = os.Chmod(sockDir, 0o700)
	sock, err := filepath.Abs(filepath.Join(sockDir, "mongodb.sock"))
	if err != nil {
		return nil, fmt.Errorf("embeddb: %w", err)
	}
	cfg := &ferretdb.Config{Handler: "sqlite", SQLiteURL: (&url.URL{Scheme: "file", Opaque: dbDir + "/"}).String(), Logger: quiet(logger)}
	if len(sock) < 100 { // sun_path is 108 bytes on Linux
		_ = os.Remove(sock)
		cfg.Listener.Unix = sock
	} else {
		cfg.Listener.TCP = "127.0.0.1:0"
	}
	f, err := ferretdb.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("embeddb: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = f.Run(ctx)
	}()
	if cfg.Listener.Unix != "" {
		// The driver wants the socket path percent-encoded in the host part.
		s.uri = "mongodb://" + url.PathEscape(sock) + "/"
		deadline := time.Now().Add(10 * time.Second)
		for {
			if _, err := os.Stat(sock); err == nil {
				break
			}
			if time.Now().After(deadline) {
				s.Close()
				return nil, errors.New("embeddb: socket did not appear")
			}
			time.Sleep(5 * time.Millisecond)
		}
	} else {
		s.uri = f.MongoDBURI()
	}
	return s, nil
}

// URI is the connection string for the driver.
func (s *Server) URI() string { return s.uri }

// Close stops the server and waits for it to close its files.
func (s *Server) Close() {
	s.cancel()
	<-s.done
}

// quiet keeps only FerretDB's errors: at warning level it reports every
// command it does not implement (endSessions at each disconnect, for one).
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{l.Handler(), slog.LevelError})
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (h levelFilter) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= h.min && h.Handler.Enabled(ctx, lv)
}
func (h levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFilter{h.Handler.WithAttrs(a), h.min}
}
func (h levelFilter) WithGroup(n string) slog.Handler {
	return levelFilter{h.Handler.WithGroup(n), h.min}
}
