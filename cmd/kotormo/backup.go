package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"time"

	"github.com/kotormo/kotormo/internal/backup"
	"github.com/kotormo/kotormo/internal/embeddb"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// backupCmd runs `kotormo backup --out FILE`.
func backupCmd(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", stderr)
	var c common
	c.register(fs, env, "langs")
	out := fs.String("out", "", "archive to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("backup: --out FILE is required")
	}
	_, store, closeDB, err := openForBackup(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer closeDB()
	m, err := backup.Write(ctx, store, *out)
	if err != nil {
		return err
	}
	printManifest(stdout, "backed up", *out, m)
	return nil
}

// restoreCmd runs `kotormo restore --in FILE [--force]`.
func restoreCmd(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("restore", stderr)
	var c common
	c.register(fs, env, "langs")
	in := fs.String("in", "", "archive to read")
	force := fs.Bool("force", false, "replace everything in a database that is not empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" {
		return errors.New("restore: --in FILE is required")
	}
	db, _, closeDB, err := openForBackup(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer closeDB()
	m, err := backup.Restore(ctx, db.db, *in, *force)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if db.embedded != nil {
		if err := db.embedded.IndexIDLookups(ctx, c.dbName); err != nil {
			return err
		}
	}
	printManifest(stdout, "restored", *in, m)
	fmt.Fprintln(stdout, "Restart any running kotormo server on this database so that it reloads.")
	return nil
}

func printManifest(w io.Writer, what, path string, m backup.Manifest) {
	var docs int64
	for _, c := range m.Collections {
		docs += c.Count
	}
	fmt.Fprintf(w, "%s %s: %d collections, %d documents (database %q, %s)\n", what, path, len(m.Collections), docs, m.Database, m.CreatedAt.Format(time.RFC3339))
	for _, c := range m.Collections {
		fmt.Fprintf(w, "  %-12s %8d documents  sha256 %s\n", c.Name, c.Count, c.SHA256[:16])
	}
	if !m.Quiet {
		fmt.Fprintln(w, "note: writes went on during the whole backup; it holds what a crash at that moment would have left, which Kotormo repairs itself.")
	}
}

type backupDB struct {
	db       *mongodb.DB
	embedded *embeddb.Server
}

// openForBackup connects to the database a running server uses: the URI
// given, else the embedded server's socket when a server is running on the
// data folder, else the embedded database's files, started here.
func openForBackup(ctx context.Context, c common, stderr io.Writer) (*backupDB, *mongodb.Store, func(), error) {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	langs, err := newsroom.ParseLanguages(c.langs)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("--langs: %s", newsroom.ErrorMessage(err))
	}
	d := &backupDB{}
	uri := c.mongoURI
	if uri == "" {
		sock, _ := filepath.Abs(filepath.Join(c.data, "run", "mongodb.sock"))
		if conn, err := net.DialTimeout("unix", sock, time.Second); err == nil {
			conn.Close()
			uri = "mongodb://" + url.PathEscape(sock) + "/" // through the running server
		} else {
			if d.embedded, err = embeddb.Start(c.data, log); err != nil {
				return nil, nil, nil, err
			}
			uri = d.embedded.URI()
		}
	}
	db, err := mongodb.Connect(ctx, uri, c.dbName, log)
	if err != nil {
		if d.embedded != nil {
			d.embedded.Close()
		}
		return nil, nil, nil, err
	}
	d.db = db
	closeDB := func() {
		_ = db.Close(context.Background())
		if d.embedded != nil {
			d.embedded.Close()
		}
	}
	return d, mongodb.NewStore(db, mongodb.Options{Langs: langs}), closeDB, nil
}
