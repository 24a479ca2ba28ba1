// Package embeddb runs an in-process MongoDB-compatible server (FerretDB with
// its SQLite handler) so that Kotormo needs no database installed to run.
package embeddb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite" // the driver FerretDB itself uses, for IndexIDLookups
)

// Server is a running embedded database. Close stops it and flushes its files.
type Server struct {
	uri    string
	dbDir  string
	cancel context.CancelFunc
	done   chan struct{}
	// lock is the held lock file; private is a socket folder made outside
	// the data folder, removed on close.
	lock    *os.File
	private string
}

// Start starts FerretDB with its files under dir/db, listening only on a
// Unix socket that only the current user can reach — never on TCP. The
// socket is in dir/run, or, when that path would be too long for the
// system, in a new private folder under the runtime or temporary directory
// (logged). Start takes the lock file dir/kotormo.lock for the life of the
// server; when another live process holds it, Start returns *InUseError,
// whose URI reaches that process's database. It returns once the server
// accepts connections.
func Start(dir string, logger *slog.Logger) (*Server, error) {
	return StartWith(dir, logger, Options{})
}

// Options tune the embedded database.
type Options struct {
	// Pragmas are SQLite pragmas applied to every database file, such as
	// "max_page_count(2000)" to cap each database's size (writes past it
	// fail as on a full disk).
	Pragmas []string
}

// StartWith is Start with options.
func StartWith(dir string, logger *slog.Logger, o Options) (*Server, error) {
	if logger == nil {
		logger = slog.Default()
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("embeddb: %w", err)
	}
	dbDir := filepath.Join(dir, "db")
	if err := os.MkdirAll(dbDir, 0o700); err != nil {
		return nil, fmt.Errorf("embeddb: create data folder: %w", err)
	}
	lf, err := lock(dir)
	if err != nil {
		return nil, err
	}
	// A dead owner's pid and socket may still be written there: until this
	// server's socket is up, the file names nobody.
	_ = lf.Truncate(0)
	s := &Server{dbDir: dbDir, lock: lf, done: make(chan struct{})}
	sock, private, err := socketPath(dir)
	if err != nil {
		s.release()
		return nil, err
	}
	s.private = private
	if private != "" {
		logger.Info("embedded database: the data folder's path is too long for a socket; using a private folder", "socket", sock)
	}
	// Only the lock's holder gets here, so a socket left at this path is
	// a dead process's: removing it disturbs nobody.
	_ = os.Remove(sock)
	sqliteURL := &url.URL{Scheme: "file", Opaque: dbDir + "/"}
	if len(o.Pragmas) > 0 {
		sqliteURL.RawQuery = url.Values{"_pragma": o.Pragmas}.Encode()
	}
	cfg := &ferretdb.Config{Handler: "sqlite", SQLiteURL: sqliteURL.String(), Logger: quiet(logger)}
	cfg.Listener.Unix = sock
	f, err := ferretdb.New(cfg)
	if err != nil {
		s.release()
		return nil, fmt.Errorf("embeddb: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() {
		defer close(s.done)
		_ = f.Run(ctx)
	}()
	s.uri = socketURI(sock)
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
	if err := writeOwner(lf, sock); err != nil {
		s.Close()
		return nil, fmt.Errorf("embeddb: write lock file: %w", err)
	}
	return s, nil
}

// URI is the connection string for the driver.
func (s *Server) URI() string { return s.uri }

// Close stops the server, waits for it to close its files and releases
// the data folder.
func (s *Server) Close() {
	s.cancel()
	<-s.done
	s.release()
}

// release removes the private socket folder and drops the lock.
func (s *Server) release() {
	if s.private != "" {
		_ = os.RemoveAll(s.private)
	}
	if s.lock != nil {
		_ = s.lock.Truncate(0)
		_ = s.lock.Close()
		s.lock = nil
	}
}

// quiet keeps only FerretDB's errors: at warning level it reports every
// command it does not implement (endSessions at each disconnect, for one).
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{h: l.Handler(), min: slog.LevelError})
}

// levelFilter passes records at min or above to h. FerretDB derives a
// logger with attributes for every statement it runs; a text or JSON
// handler formats those attributes as soon as WithAttrs is called, which
// cost about 30 % of the CPU of bulk inserts although nothing was logged.
// So the derivations are only recorded, and applied to h when a record is
// actually handled (an error: rare).
type levelFilter struct {
	h   slog.Handler
	min slog.Level
	// ops are the WithAttrs and WithGroup calls made since h, oldest first.
	ops []func(slog.Handler) slog.Handler
}

func (f levelFilter) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= f.min && f.h.Enabled(ctx, lv)
}

func (f levelFilter) Handle(ctx context.Context, r slog.Record) error {
	h := f.h
	for _, op := range f.ops {
		h = op(h)
	}
	return h.Handle(ctx, r)
}

func (f levelFilter) with(op func(slog.Handler) slog.Handler) levelFilter {
	f.ops = append(f.ops[:len(f.ops):len(f.ops)], op)
	return f
}

func (f levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return f.with(func(h slog.Handler) slog.Handler { return h.WithAttrs(a) })
}

func (f levelFilter) WithGroup(n string) slog.Handler {
	return f.with(func(h slog.Handler) slog.Handler { return h.WithGroup(n) })
}

// IndexIDLookups makes lookups by _id in database name use an index.
//
// FerretDB 1.24's SQLite backend indexes _id as _ferretdb_sjson->"_id" but
// queries, updates and deletes with _ferretdb_sjson->'$._id'. SQLite matches
// index expressions literally, so every find, update or delete by _id scans
// the whole table: 70 ms on 7,000 revisions of 5 KB, growing with the data.
// This adds, beside FerretDB's own index, a plain index on the expression
// FerretDB queries with, to every collection the database has. Run it after
// the collections exist; it is idempotent. FerretDB does not know of these
// indexes (they are not in its metadata) and drops them with their tables.
func (s *Server) IndexIDLookups(ctx context.Context, name string) error {
	db, err := sql.Open("sqlite", (&url.URL{
		Scheme: "file", Opaque: filepath.Join(s.dbDir, name+".sqlite"),
		RawQuery: "_pragma=busy_timeout(10000)",
	}).String())
	if err != nil {
		return fmt.Errorf("embeddb: open %s: %w", name, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return fmt.Errorf("embeddb: list tables of %s: %w", name, err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("embeddb: list tables of %s: %w", name, err)
		}
		tables = append(tables, t)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("embeddb: list tables of %s: %w", name, err)
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_kotormo_id_lookup", t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("embeddb: index %s.%s: %w", name, t, err)
		}
	}
	return nil
}
