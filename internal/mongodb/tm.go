package mongodb

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/tm"
)

// colMemory holds the translation memory: one document per approved
// translation (release and language) with its aligned segments, and one per
// imported batch.
const colMemory = "memory"

// memoryDoc is the memory's entries from one approved translation or import.
type memoryDoc struct {
	ID        string    `bson:"_id"` // release/lang, or import/<id>
	Src       string    `bson:"src"`
	Tgt       string    `bson:"tgt"`
	ReleaseID string    `bson:"release_id,omitempty"`
	Rev       int       `bson:"rev,omitempty"`
	SourceRev int       `bson:"source_rev,omitempty"`
	Author    string    `bson:"author,omitempty"`
	At        time.Time `bson:"at"`
	Origin    string    `bson:"origin,omitempty"`
	// Pending names the import a batch belongs to until the import ends.
	Pending  string       `bson:"pending,omitempty"`
	Segments []segmentDoc `bson:"segments"`
}

type segmentDoc struct {
	Kind   tm.Kind `bson:"k"`
	Index  int     `bson:"i,omitempty"`
	Source string  `bson:"s"`
	Target string  `bson:"t"`
	// Author and At are set on imported units that carry their own.
	Author string    `bson:"a,omitempty"`
	At     time.Time `bson:"at,omitempty"`
	// TMX keeps an imported unit's other data, for export.
	TMX *tmxDoc `bson:"x,omitempty"`
}

func (d *memoryDoc) entries() []tm.Entry {
	out := make([]tm.Entry, len(d.Segments))
	for i, s := range d.Segments {
		e := tm.Entry{SourceLang: d.Src, TargetLang: d.Tgt, Source: s.Source, Target: s.Target, Kind: s.Kind, Index: s.Index,
			ReleaseID: d.ReleaseID, Rev: d.Rev, Author: d.Author, Date: d.At, Origin: d.Origin}
		if s.Author != "" {
			e.Author = s.Author
		}
		if !s.At.IsZero() {
			e.Date = s.At
		}
		out[i] = e
	}
	return out
}

// Memory returns the store's translation memory.
func (s *Store) Memory() *tm.Memory { return s.memory }

// feedMemory puts an approved or published translation into the memory,
// replacing what an earlier approval of the same version put there. It runs
// after the write succeeded; a failure is logged, since the text stays
// approved and RebuildMemory can add it later.
func (s *Store) feedMemory(ctx context.Context, r *newsroom.Release, next *newsroom.Version, ch newsroom.Change) {
	if (ch.Action != newsroom.ActionApprove && ch.Action != newsroom.ActionPublish) || next.Lang == r.SourceLang || next.Rev == 0 {
		return
	}
	if err := s.remember(ctx, r.ID, r.SourceLang, next); err != nil {
		s.db.log.Error("translation memory: could not add an approved translation", "release", r.ID, "lang", next.Lang, "err", err)
	}
}

// remember stores and indexes the entries of translation v (approved text).
func (s *Store) remember(ctx context.Context, releaseID, srcLang string, v *newsroom.Version) error {
	var tgt, src revisionDoc
	if ok, err := s.db.findByID(ctx, colRevisions, newsroom.RevisionID(releaseID, v.Lang, v.Rev), &tgt); err != nil || !ok {
		return fmt.Errorf("revision %d of %s: found %v, %w", v.Rev, v.Lang, ok, err)
	}
	pin := tgt.SourceRev
	if pin == 0 {
		pin = v.SourceRev
	}
	if ok, err := s.db.findByID(ctx, colRevisions, newsroom.RevisionID(releaseID, srcLang, pin), &src); err != nil || !ok {
		return fmt.Errorf("source revision %d: found %v, %w", pin, ok, err)
	}
	d := memoryDoc{
		ID: newsroom.VersionID(releaseID, v.Lang), Src: srcLang, Tgt: v.Lang, ReleaseID: releaseID, Rev: v.Rev, SourceRev: pin,
		Author: tgt.AuthorName, At: tgt.CreatedAt,
	}
	for _, e := range tm.Align(newsroom.Content{Title: src.Title, Lead: src.Lead, Body: src.Body}, newsroom.Content{Title: tgt.Title, Lead: tgt.Lead, Body: tgt.Body}) {
		d.Segments = append(d.Segments, segmentDoc{Kind: e.Kind, Index: e.Index, Source: e.Source, Target: e.Target})
	}
	if _, err := s.db.c(colMemory).ReplaceOne(ctx, bson.D{{Key: "_id", Value: d.ID}}, d, options.Replace().SetUpsert(true)); err != nil {
		return fmt.Errorf("store memory %s: %w", d.ID, err)
	}
	s.memory.Replace(d.ID, d.entries())
	s.memoryChanged(ctx, d.ID)
	return nil
}

// RebuildMemory fills the memory from every approved or published
// translation in the archive (for an archive that predates the memory),
// replacing what approvals stored, and returns how many translations it
// added. It reads each collection it needs once (the embedded server scans a
// collection for any query not by _id) and writes in batches.
func (s *Store) RebuildMemory(ctx context.Context) (int, error) {
	var rels []releaseDoc
	if err := s.all(ctx, colReleases, bson.D{}, &rels); err != nil {
		return 0, err
	}
	srcLang := make(map[string]string, len(rels))
	for _, r := range rels {
		srcLang[r.ID] = r.SourceLang
	}
	var heads []versionDoc
	if err := s.all(ctx, colVersions, bson.D{}, &heads); err != nil {
		return 0, err
	}
	var want []*newsroom.Version
	var ids []string
	for _, h := range heads {
		v := h.toDomain()
		sl, ok := srcLang[v.ReleaseID]
		if !ok || v.Lang == sl || v.Rev == 0 || (v.State != newsroom.StateApproved && v.State != newsroom.StatePublished) {
			continue
		}
		want = append(want, v)
		ids = append(ids, newsroom.RevisionID(v.ReleaseID, v.Lang, v.Rev))
	}
	tgts, err := s.revisionsByID(ctx, ids)
	if err != nil {
		return 0, err
	}
	ids = ids[:0]
	for _, v := range want {
		if t, ok := tgts[newsroom.RevisionID(v.ReleaseID, v.Lang, v.Rev)]; ok {
			ids = append(ids, newsroom.RevisionID(v.ReleaseID, srcLang[v.ReleaseID], cmp.Or(t.SourceRev, v.SourceRev)))
		}
	}
	srcs, err := s.revisionsByID(ctx, ids)
	if err != nil {
		return 0, err
	}
	var docs []any
	var built []memoryDoc
	for _, v := range want {
		t, ok := tgts[newsroom.RevisionID(v.ReleaseID, v.Lang, v.Rev)]
		if !ok {
			continue
		}
		sl := srcLang[v.ReleaseID]
		pin := cmp.Or(t.SourceRev, v.SourceRev)
		src, ok := srcs[newsroom.RevisionID(v.ReleaseID, sl, pin)]
		if !ok {
			continue
		}
		d := memoryDoc{ID: newsroom.VersionID(v.ReleaseID, v.Lang), Src: sl, Tgt: v.Lang, ReleaseID: v.ReleaseID, Rev: v.Rev, SourceRev: pin,
			Author: t.AuthorName, At: t.CreatedAt}
		for _, e := range tm.Align(newsroom.Content{Title: src.Title, Lead: src.Lead, Body: src.Body}, newsroom.Content{Title: t.Title, Lead: t.Lead, Body: t.Body}) {
			d.Segments = append(d.Segments, segmentDoc{Kind: e.Kind, Index: e.Index, Source: e.Source, Target: e.Target})
		}
		docs = append(docs, d)
		built = append(built, d)
	}
	if _, err := s.db.c(colMemory).DeleteMany(ctx, bson.D{{Key: "release_id", Value: bson.D{{Key: "$exists", Value: true}}}}); err != nil {
		return 0, fmt.Errorf("mongodb: rebuild memory: %w", err)
	}
	for len(docs) > 0 {
		n := min(len(docs), 200)
		if _, err := s.db.c(colMemory).InsertMany(ctx, docs[:n]); err != nil {
			return 0, fmt.Errorf("mongodb: rebuild memory: %w", err)
		}
		docs = docs[n:]
	}
	for i := range built {
		s.memory.Replace(built[i].ID, built[i].entries())
	}
	s.memoryChanged(ctx, memoryReloadAll)
	return len(built), nil
}

// all decodes every document of coll matching filter into out.
func (s *Store) all(ctx context.Context, coll string, filter bson.D, out any) error {
	cur, err := s.db.c(coll).Find(ctx, filter)
	if err != nil {
		return fmt.Errorf("mongodb: read %s: %w", coll, err)
	}
	if err := cur.All(ctx, out); err != nil {
		return fmt.Errorf("mongodb: read %s: %w", coll, err)
	}
	return nil
}

// revisionsByID reads the revisions with the given IDs, in batches.
func (s *Store) revisionsByID(ctx context.Context, ids []string) (map[string]revisionDoc, error) {
	out := make(map[string]revisionDoc, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 5000)
		var docs []revisionDoc
		if err := s.all(ctx, colRevisions, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids[:n]}}}}, &docs); err != nil {
			return nil, err
		}
		for _, d := range docs {
			out[d.ID] = d
		}
		ids = ids[n:]
	}
	return out, nil
}
