package mongodb

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// The history digest keeps the summaries of each audit stream and of each
// version's revisions in chunks of digestChunk, one document per chunk, so
// that a page of history is one or two lookups whatever the history's length,
// instead of one lookup per entry (on the embedded server every lookup is a
// command of its own; see fetchByIDs).
//
// The digest is an index, never the record: the audit and revision
// collections are. A write appends its summaries after its head is in place
// (digest), so the digest holds only completed writes; what it lacks (a
// writer that died after its head, history written before the digest
// existed, a roll-forward) readers fill from the record (readDigest), and a
// chunk whose numbers are all at or below the stream's head — so final —
// is written back whole once filled.
const colHistory = "history"

// digestChunk is how many summaries one digest document holds. History
// pages show 25 to 30 entries, so a page touches at most two chunks.
const digestChunk = 32

// digestDoc is one chunk: audit entries (without the head or release they
// carry for roll-forward) or revisions (without their text but the title).
// Each item is kept as its own BSON document in a binary value: the embedded
// server decodes a chunk of 32 binaries in a third of the time it takes for
// 32 subdocuments. Items may be out of order or repeated; readers key them
// by number.
type digestDoc struct {
	ID    string        `bson:"_id"`
	Audit []bson.Binary `bson:"audit,omitempty"`
	Revs  []bson.Binary `bson:"revs,omitempty"`
}

// chunkOf is the chunk that holds number n (from 1).
func chunkOf(n int) int { return (n - 1) / digestChunk }

// digestKind says where one kind of item lives and how it is summarized.
type digestKind[T any] struct {
	field   string // the digestDoc field, as stored
	coll    string // the collection of the items themselves
	prefix  string // of chunk _ids
	itemID  func(rid, stream string, n int) string
	idOf    func(*T) string
	num     func(*T) int
	trim    func(T) T
	items   func(*digestDoc) []bson.Binary
	asChunk func(id string, items []bson.Binary) digestDoc
}

var auditKind = digestKind[auditDoc]{
	field: "audit", coll: colAudit, prefix: "a/",
	itemID: func(rid, stream string, n int) string { return auditID(rid, streamLang(stream), n) },
	idOf:   func(d *auditDoc) string { return d.ID },
	num:    func(d *auditDoc) int { return d.Seq },
	trim: func(d auditDoc) auditDoc {
		d.Head, d.Release = nil, nil
		return d
	},
	items:   func(d *digestDoc) []bson.Binary { return d.Audit },
	asChunk: func(id string, items []bson.Binary) digestDoc { return digestDoc{ID: id, Audit: items} },
}

var revisionKind = digestKind[revisionDoc]{
	field: "revs", coll: colRevisions, prefix: "r/",
	itemID: newsroom.RevisionID,
	idOf:   func(d *revisionDoc) string { return d.ID },
	num:    func(d *revisionDoc) int { return d.Rev },
	trim: func(d revisionDoc) revisionDoc {
		d.Lead, d.Body, d.Place = "", "", ""
		return d
	},
	items:   func(d *digestDoc) []bson.Binary { return d.Revs },
	asChunk: func(id string, items []bson.Binary) digestDoc { return digestDoc{ID: id, Revs: items} },
}

func (k digestKind[T]) chunkID(rid, stream string, c int) string {
	return k.prefix + k.itemID(rid, stream, c)
}

// encode is how the digest keeps item.
func (k digestKind[T]) encode(item T) (bson.Binary, error) {
	b, err := bson.Marshal(k.trim(item))
	return bson.Binary{Subtype: bson.TypeBinaryGeneric, Data: b}, err
}

// push is the update that appends item to its chunk.
func (k digestKind[T]) push(rid, stream string, item T) (mongo.WriteModel, error) {
	b, err := k.encode(item)
	if err != nil {
		return nil, err
	}
	return mongo.NewUpdateOneModel().
		SetFilter(bson.D{{Key: "_id", Value: k.chunkID(rid, stream, chunkOf(k.num(&item)))}}).
		SetUpdate(bson.D{{Key: "$push", Value: bson.D{{Key: k.field, Value: b}}}}).
		SetUpsert(true), nil
}

// digest appends the summaries of a completed write — its audit entries
// and the revision it stored, if any — in one command. A failure is only
// logged: readers fill from the record what the digest lacks.
func (s *Store) digest(ctx context.Context, audits []auditDoc, rev *revisionDoc) {
	var models []mongo.WriteModel
	var errs []error
	for _, a := range audits {
		m, err := auditKind.push(a.ReleaseID, streamOf(a.Lang), a)
		models, errs = append(models, m), append(errs, err)
	}
	if rev != nil {
		m, err := revisionKind.push(rev.ReleaseID, rev.Lang, *rev)
		models, errs = append(models, m), append(errs, err)
	}
	err := errors.Join(errs...)
	if err == nil && len(models) > 0 {
		_, err = s.db.c(colHistory).BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false))
	}
	if err != nil {
		s.db.log.Warn("history digest: append failed; readers will fill it from the record", "err", err)
	}
}

// streamOf is the audit stream of an entry's language ("" for the release).
func streamOf(lang string) string {
	if lang == "" {
		return newsroom.ReleaseStream
	}
	return lang
}

// span asks for the items lo..hi (1 ≤ lo ≤ hi) of one stream whose newest
// number is head.
type span struct {
	stream       string
	lo, hi, head int
}

// readDigest returns, for each span, its items by number. It reads the
// chunks the spans touch in one round of lookups, then what they lack from
// the record in a second; a chunk at or below the head that had to be
// filled is filled whole and written back, so the next reader finds it
// complete. Items missing from the record too (none should be) are absent.
// Cost: one lookup per chunk touched, plus one per missing item.
func readDigest[T any](ctx context.Context, db *DB, k digestKind[T], rid string, spans []span) ([]map[int]T, error) {
	type chunkRef struct{ span, c int }
	var ids []string
	var refs []chunkRef
	for i, sp := range spans {
		if sp.lo < 1 || sp.hi < sp.lo {
			return nil, fmt.Errorf("history digest: bad span %d..%d", sp.lo, sp.hi)
		}
		for c := chunkOf(sp.lo); c <= chunkOf(sp.hi); c++ {
			ids = append(ids, k.chunkID(rid, sp.stream, c))
			refs = append(refs, chunkRef{i, c})
		}
	}
	docs, err := fetchByIDs[digestDoc](ctx, db, colHistory, ids, func(d *digestDoc) string { return d.ID })
	if err != nil {
		return nil, err
	}
	held := make([]map[int]T, len(refs))
	sealed := make([]bool, len(refs))
	type want struct{ chunk, n int }
	var wantIDs []string
	var wants []want
	for j, d := range docs {
		held[j] = map[int]T{}
		if d != nil {
			for _, b := range k.items(d) {
				var it T
				if err := bson.Unmarshal(b.Data, &it); err != nil {
					return nil, fmt.Errorf("history digest %s: %w", ids[j], err)
				}
				held[j][k.num(&it)] = it
			}
		}
		sp := spans[refs[j].span]
		first, last := refs[j].c*digestChunk+1, (refs[j].c+1)*digestChunk
		lo, hi := max(first, sp.lo), min(last, sp.hi)
		// Every number of a chunk at or below the head is written and final.
		if last <= sp.head && len(held[j]) < digestChunk {
			sealed[j] = true
			lo, hi = first, last
		}
		for n := lo; n <= hi; n++ {
			if _, ok := held[j][n]; !ok {
				wantIDs = append(wantIDs, k.itemID(rid, sp.stream, n))
				wants = append(wants, want{j, n})
			}
		}
	}
	if len(wantIDs) > 0 {
		got, err := fetchByIDs[T](ctx, db, k.coll, wantIDs, k.idOf)
		if err != nil {
			return nil, err
		}
		for i, g := range got {
			if g != nil {
				held[wants[i].chunk][wants[i].n] = k.trim(*g)
			}
		}
		for j := range refs {
			if sealed[j] && len(held[j]) == digestChunk {
				items := make([]bson.Binary, 0, digestChunk)
				for n := refs[j].c*digestChunk + 1; n <= (refs[j].c+1)*digestChunk; n++ {
					b, err := k.encode(held[j][n])
					if err != nil {
						return nil, err
					}
					items = append(items, b)
				}
				doc := k.asChunk(ids[j], items)
				if _, err := db.c(colHistory).ReplaceOne(ctx, bson.D{{Key: "_id", Value: doc.ID}}, doc, options.Replace().SetUpsert(true)); err != nil {
					db.log.Warn("history digest: write-back failed", "chunk", doc.ID, "err", err)
				}
			}
		}
	}
	out := make([]map[int]T, len(spans))
	for i := range out {
		out[i] = map[int]T{}
	}
	for j, r := range refs {
		sp := spans[r.span]
		for n, it := range held[j] {
			if n >= sp.lo && n <= sp.hi {
				out[r.span][n] = it
			}
		}
	}
	return out, nil
}

// newestFirst lists the items of m numbered lo..hi, newest first.
func newestFirst[T any](m map[int]T, lo, hi int) []T {
	out := make([]T, 0, len(m))
	for n := hi; n >= lo; n-- {
		if it, ok := m[n]; ok {
			out = append(out, it)
		}
	}
	return slices.Clip(out)
}
