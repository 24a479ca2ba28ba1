package backup

import (
	"archive/tar"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/klauspost/compress/gzip"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kotormo/kotormo/internal/mongodb"
)

// Bounds on what an archive may hold; past them it is refused.
const (
	maxDocBytes    = 16<<20 + 16<<10 // MongoDB's largest document, plus slack
	maxCollections = 256
	insertBatch    = 500
	insertBytes    = 8 << 20
)

// ErrNotEmpty is returned by Restore when the database already holds data.
var ErrNotEmpty = errors.New("the database is not empty; restore only into an empty database, or pass --force to replace everything in it")

var collName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// Verify reads the archive at path and checks it against its manifest:
// every collection present, with its count and checksum, every document
// valid BSON. It returns the manifest.
func Verify(path string) (Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return Manifest{}, err
	}
	defer f.Close()
	return verify(f)
}

func verify(r io.Reader) (Manifest, error) {
	seen := map[string]Collection{}
	var m *Manifest
	err := walk(r, func(name string, docs func(func(bson.Raw) error) error) error {
		c := Collection{Name: name}
		h := sha256.New()
		err := docs(func(d bson.Raw) error {
			c.Count++
			c.Bytes += int64(len(d))
			h.Write(d)
			return nil
		})
		c.SHA256 = hex.EncodeToString(h.Sum(nil))
		seen[name] = c
		return err
	}, func(mm Manifest) { m = &mm })
	if err != nil {
		return Manifest{}, err
	}
	if m == nil {
		return Manifest{}, fmt.Errorf("backup: the archive has no %s", ManifestName)
	}
	if m.Format != Format {
		return Manifest{}, fmt.Errorf("backup: unknown archive format %q (want %q)", m.Format, Format)
	}
	if len(m.Collections) != len(seen) {
		return Manifest{}, fmt.Errorf("backup: the manifest lists %d collections, the archive holds %d", len(m.Collections), len(seen))
	}
	for _, c := range m.Collections {
		if got, ok := seen[c.Name]; !ok || got != c {
			return Manifest{}, fmt.Errorf("backup: collection %q does not match the manifest (damaged archive?)", c.Name)
		}
	}
	return *m, nil
}

// walk reads an archive, calling coll for each collection file (with a
// function that iterates its documents) and manifest for the manifest.
func walk(r io.Reader, coll func(name string, docs func(func(bson.Raw) error) error) error, manifest func(Manifest)) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("backup: not a Kotormo backup (gzip): %w", err)
	}
	tr := tar.NewReader(zr)
	n := 0
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("backup: not a Kotormo backup (tar): %w", err)
		}
		if hdr.Name == ManifestName {
			var m Manifest
			if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(&m); err != nil {
				return fmt.Errorf("backup: bad manifest: %w", err)
			}
			manifest(m)
			continue
		}
		name, ok := strings.CutSuffix(hdr.Name, ".bson")
		if !ok || !collName.MatchString(name) || hdr.Typeflag != tar.TypeReg {
			return fmt.Errorf("backup: unexpected file %q in the archive", hdr.Name)
		}
		if n++; n > maxCollections {
			return fmt.Errorf("backup: more than %d collections", maxCollections)
		}
		br := bufio.NewReaderSize(tr, 1<<16)
		if err := coll(name, func(fn func(bson.Raw) error) error { return readDocs(br, fn) }); err != nil {
			return fmt.Errorf("backup: %s: %w", name, err)
		}
	}
}

// readDocs calls fn with each BSON document of r, checking each.
func readDocs(r io.Reader, fn func(bson.Raw) error) error {
	var lenBuf [4]byte
	for {
		if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("truncated document: %w", err)
		}
		n := int(binary.LittleEndian.Uint32(lenBuf[:]))
		if n < 5 || n > maxDocBytes {
			return fmt.Errorf("a document of %d bytes", n)
		}
		doc := make([]byte, n)
		copy(doc, lenBuf[:])
		if _, err := io.ReadFull(r, doc[4:]); err != nil {
			return fmt.Errorf("truncated document: %w", err)
		}
		if err := bson.Raw(doc).Validate(); err != nil {
			return fmt.Errorf("invalid document: %w", err)
		}
		if err := fn(doc); err != nil {
			return err
		}
	}
}

// Restore verifies the archive at path, then loads it into store's
// database. It refuses a database that holds any document unless force,
// in which case it first drops every collection.
func Restore(ctx context.Context, db *mongodb.DB, path string, force bool) (Manifest, error) {
	m, err := Verify(path)
	if err != nil {
		return m, err
	}
	names, err := db.CollectionNames(ctx)
	if err != nil {
		return m, err
	}
	for _, name := range names {
		n, err := db.CountRaw(ctx, name)
		if err != nil {
			return m, err
		}
		if n > 0 && !force {
			return m, ErrNotEmpty
		}
	}
	if force {
		for _, name := range names {
			if err := db.DropRaw(ctx, name); err != nil {
				return m, err
			}
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return m, err
	}
	defer f.Close()
	err = walk(f, func(name string, docs func(func(bson.Raw) error) error) error {
		var batch []bson.Raw
		size := 0
		flush := func() error {
			err := db.InsertRaw(ctx, name, batch)
			batch, size = batch[:0], 0
			return err
		}
		err := docs(func(d bson.Raw) error {
			batch = append(batch, d)
			if size += len(d); len(batch) >= insertBatch || size >= insertBytes {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	}, func(Manifest) {})
	if err != nil {
		return m, err
	}
	return m, db.EnsureSchema(ctx)
}
