package mongodb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/tm"
	"github.com/kotormo/kotormo/internal/tmx"
)

// tmxBatch is how many imported units one memory document holds. The
// embedded server keeps several encoded copies of a document it inserts:
// with 1,000 units (about 0.5 MB) a 50,000-unit import added a peak of
// 37–43 MB of RSS, with 250 it adds 23–24 MB in the same time
// (BenchmarkImportTMX50k).
const tmxBatch = 250

// tmxDoc keeps what a TMX unit carries beyond its text, for export.
type tmxDoc struct {
	TUID         string     `bson:"tuid,omitempty"`
	CreationDate string     `bson:"cd,omitempty"`
	CreationID   string     `bson:"cid,omitempty"`
	ChangeDate   string     `bson:"chd,omitempty"`
	ChangeID     string     `bson:"chid,omitempty"`
	Props        []tmx.Prop `bson:"props,omitempty"`
	Notes        []string   `bson:"notes,omitempty"`
	SourceXML    string     `bson:"sx,omitempty"`
	TargetXML    string     `bson:"tx,omitempty"`
}

// ImportTMX adds the units of a TMX document for src → tgt to the memory.
// The document is read as a stream and stored in batches; the batches become
// part of the memory only once the whole document was read, so a document
// that breaks off leaves nothing behind. Errors: EInvalid (not TMX, or
// malformed), EForbidden.
func (s *Store) ImportTMX(ctx context.Context, actor *newsroom.User, src, tgt string, r io.Reader) (tmx.Report, error) {
	if err := s.langs.Check(src); err != nil {
		return tmx.Report{}, err
	}
	if err := s.langs.Check(tgt); err != nil {
		return tmx.Report{}, err
	}
	if src == tgt {
		return tmx.Report{}, newsroom.E(newsroom.EInvalid, "ErrMemorySameLang")
	}
	if !mayEditGlossary(actor, tgt) {
		return tmx.Report{}, newsroom.E(newsroom.EForbidden, "ErrMemoryForbidden", "Lang", tgt)
	}
	importID := newID()
	now := s.clock()
	batch := memoryDoc{}
	var keys []string
	flush := func() error {
		if len(batch.Segments) == 0 {
			return nil
		}
		if _, err := s.db.c(colMemory).InsertOne(ctx, batch); err != nil {
			return fmt.Errorf("mongodb: import tmx: %w", err)
		}
		// Indexed now, hidden until the import commits: the import holds
		// one batch at a time, whatever the size of the document.
		s.memory.Stage(batch.ID, batch.entries())
		keys = append(keys, batch.ID)
		batch = memoryDoc{}
		return nil
	}
	n := 0
	rep, err := tmx.Read(r, src, tgt, func(u tmx.Unit) error {
		if len(batch.Segments) == 0 {
			batch = memoryDoc{ID: importBatchID(importID, n/tmxBatch), Src: src, Tgt: tgt, At: now, Origin: "tmx", Author: actor.Name, Pending: importID}
		}
		n++
		batch.Segments = append(batch.Segments, segmentDoc{Kind: tm.KindUnit, Index: n, Source: u.Source, Target: u.Target, Author: u.CreationID,
			At: tmxTime(u.CreationDate), TMX: &tmxDoc{TUID: u.TUID, CreationDate: u.CreationDate, CreationID: u.CreationID, ChangeDate: u.ChangeDate,
				ChangeID: u.ChangeID, Props: u.Props, Notes: u.Notes, SourceXML: u.SourceXML, TargetXML: u.TargetXML}})
		if len(batch.Segments) >= tmxBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	wctx := context.WithoutCancel(ctx)
	if err == nil {
		// The commit: one small insert makes every batch of the import live
		// (rewriting the batches to drop their mark would rewrite the
		// whole document).
		_, err = s.db.c(colImports).InsertOne(wctx, importDoc{ID: importID, Src: src, Tgt: tgt, At: now, Batches: len(keys), Units: n})
		if err != nil {
			err = fmt.Errorf("mongodb: import tmx: commit: %w", err)
		}
	}
	if err != nil {
		s.memory.Remove(keys...)
		_, _ = s.db.c(colMemory).DeleteMany(wctx, bson.D{{Key: "pending", Value: importID}})
		if !isTMXError(err) {
			return rep, err
		}
		return rep, newsroom.E(newsroom.EInvalid, "ErrTMXUnreadable", "Detail", err.Error())
	}
	s.memory.Reveal(keys...)
	s.memoryChanged(wctx, importKey(importID))
	if n >= bigImport {
		// The document's decoding and the database's encoding left garbage
		// of about its size: give it back now rather than when the runtime
		// gets round to it.
		debug.FreeOSMemory()
	}
	return rep, nil
}

// bigImport is the number of units from which an import returns the memory
// it used to the system as it ends.
const bigImport = 10_000

// isTMXError reports whether err comes from reading the document (bad
// input) rather than from the database.
func isTMXError(err error) bool {
	return errors.Is(err, tmx.ErrNotTMX) || strings.HasPrefix(err.Error(), "tmx:")
}

// tmxTime parses a TMX date (20160102T150405Z); zero when it cannot.
func tmxTime(s string) time.Time {
	t, _ := time.Parse("20060102T150405Z", s)
	return t
}

// ExportTMX writes the src → tgt memory as TMX 1.4b: imported units as they
// were read, and the segments of approved translations.
func (s *Store) ExportTMX(ctx context.Context, src, tgt string, w io.Writer) error {
	if err := s.langs.Check(src); err != nil {
		return err
	}
	if err := s.langs.Check(tgt); err != nil {
		return err
	}
	done, err := s.committedImports(ctx)
	if err != nil {
		return err
	}
	cur, err := s.db.c(colMemory).Find(ctx, bson.D{{Key: "src", Value: src}, {Key: "tgt", Value: tgt}}, options.Find().SetBatchSize(memoryLoadBatch))
	if err != nil {
		return fmt.Errorf("mongodb: export tmx: %w", err)
	}
	defer cur.Close(ctx)
	tw := tmx.NewWriter(w, src, tgt)
	for cur.Next(ctx) {
		var d memoryDoc
		if err := cur.Decode(&d); err != nil {
			return fmt.Errorf("mongodb: export tmx: %w", err)
		}
		if d.Pending != "" && !done[d.Pending] {
			continue
		}
		for _, sg := range d.Segments {
			u := tmx.Unit{Source: sg.Source, Target: sg.Target}
			if x := sg.TMX; x != nil {
				u.TUID, u.CreationDate, u.CreationID, u.ChangeDate, u.ChangeID = x.TUID, x.CreationDate, x.CreationID, x.ChangeDate, x.ChangeID
				u.Props, u.Notes, u.SourceXML, u.TargetXML = x.Props, x.Notes, x.SourceXML, x.TargetXML
			} else {
				u.TUID = d.ID + "/" + string(sg.Kind) + "/" + strconv.Itoa(sg.Index)
				u.CreationID = d.Author
				if !d.At.IsZero() {
					u.CreationDate = d.At.UTC().Format("20060102T150405Z")
				}
			}
			if err := tw.Write(u); err != nil {
				return err
			}
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("mongodb: export tmx: %w", err)
	}
	return tw.Close()
}
