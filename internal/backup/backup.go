// Package backup writes a Kotormo database to a portable archive and
// restores it. The archive is a gzip-compressed tar file holding one file per
// collection, NAME.bson, in mongodump's format (BSON documents one after
// another, so mongorestore reads them too), and manifest.json last: the
// collections with their document counts and SHA-256 checksums.
//
// A backup reads through the running server's database, so the server keeps
// serving. Writes that happen while it reads make it start over (a few
// times); if writes never pause, the archive is what a crash at that moment
// would have left, which the store repairs itself: a write whose audit line
// exists but whose version head was not yet updated is rolled forward by the
// next writer. The manifest says which of the two it is (Quiet).
package backup

import (
	"archive/tar"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/klauspost/compress/gzip"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kotormo/kotormo/internal/mongodb"
)

// Format names the archive format in the manifest.
const Format = "kotormo-backup/1"

// ManifestName is the manifest's file name inside the archive.
const ManifestName = "manifest.json"

// Manifest describes an archive.
type Manifest struct {
	Format      string       `json:"format"`
	CreatedAt   time.Time    `json:"created_at"`
	Database    string       `json:"database"`
	Quiet       bool         `json:"quiet"` // no write happened while it was read
	Attempts    int          `json:"attempts"`
	Collections []Collection `json:"collections"`
}

// Collection is one collection of an archive.
type Collection struct {
	Name   string `json:"name"`
	Count  int64  `json:"count"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// maxAttempts is how many times a backup starts over because of writes.
const maxAttempts = 4

// order puts the collections that change in place first and the append-only
// ones (texts, audit, logs) last, so that a write caught in the middle looks
// like an interrupted write the store rolls forward.
func order(names []string) []string {
	last := map[string]int{"revisions": 1, "audit": 2, "changes": 3, "publog": 4}
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int { return last[a] - last[b] })
	return out
}

// Write writes an archive of store's database to path, atomically (through
// a temporary file beside it).
func Write(ctx context.Context, store *mongodb.Store, path string) (Manifest, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".kotormo-backup-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	var m Manifest
	for attempt := 1; ; attempt++ {
		before, err := store.WriteMark(ctx)
		if err != nil {
			return Manifest{}, fmt.Errorf("backup: %w", err)
		}
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return Manifest{}, err
		}
		if err := tmp.Truncate(0); err != nil {
			return Manifest{}, err
		}
		if m, err = writeArchive(ctx, store.DB(), tmp); err != nil {
			return Manifest{}, err
		}
		after, err := store.WriteMark(ctx)
		if err != nil {
			return Manifest{}, fmt.Errorf("backup: %w", err)
		}
		m.Quiet, m.Attempts = before == after, attempt
		if m.Quiet || attempt == maxAttempts {
			break
		}
	}
	if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// writeArchive writes every collection of db but derived ones to w and returns the manifest.
func writeArchive(ctx context.Context, db *mongodb.DB, w io.Writer) (Manifest, error) {
	m := Manifest{Format: Format, CreatedAt: time.Now().UTC().Truncate(time.Second), Database: db.Name()}
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	names, err := db.CollectionNames(ctx)
	if err != nil {
		return m, err
	}
	for _, name := range order(names) {
		if mongodb.IsDerived(name) {
			continue // rebuilt from the rest by whoever needs it
		}
		c, err := writeCollection(ctx, db, tw, name, m.CreatedAt)
		if err != nil {
			return m, err
		}
		m.Collections = append(m.Collections, c)
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := writeFile(tw, ManifestName, append(mj, '\n'), m.CreatedAt); err != nil {
		return m, err
	}
	if err := errors.Join(tw.Close(), zw.Close()); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// writeCollection writes one collection into the archive. tar needs each
// file's size up front, so the documents go to a temporary file first:
// memory stays bounded whatever the collection's size.
func writeCollection(ctx context.Context, db *mongodb.DB, tw *tar.Writer, name string, at time.Time) (Collection, error) {
	c := Collection{Name: name}
	f, err := os.CreateTemp("", "kotormo-backup-coll-*")
	if err != nil {
		return c, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<16)
	err = db.EachRaw(ctx, name, func(doc bson.Raw) error {
		c.Count++
		c.Bytes += int64(len(doc))
		_, err := bw.Write(doc)
		return err
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return c, fmt.Errorf("backup: %s: %w", name, err)
	}
	c.SHA256 = hex.EncodeToString(h.Sum(nil))
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return c, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name + ".bson", Mode: 0o600, Size: c.Bytes, ModTime: at, Format: tar.FormatPAX}); err != nil {
		return c, fmt.Errorf("backup: %w", err)
	}
	if _, err := io.Copy(tw, f); err != nil {
		return c, fmt.Errorf("backup: %w", err)
	}
	return c, nil
}

func writeFile(tw *tar.Writer, name string, data []byte, at time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(data)), ModTime: at, Format: tar.FormatPAX}); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := tw.Write(data); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
