package mongodb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// UpdateRelease implements newsroom.Releases. Release-level changes follow
// the same protocol as version writes:
//
//  1. resolve the release (by ID or any of its slugs) and decide with
//     newsroom.ApplyUpdate on the current document;
//  2. reserve a new slug (uniqueness is checked before anything is claimed;
//     slugs are never released, so a renamed release keeps its old links);
//  3. claim the release's next sequence number with a unique audit entry that
//     carries the new document, so that a crash after the claim is rolled
//     forward by the next writer;
//  4. write the document compare-and-set on the sequence number it was based on;
//  5. copy the metadata into every published snapshot (syncPublished).
//
// A writer that loses the claim to a concurrent update reloads and applies its
// own fields again on top (a field-by-field merge): nothing is silently lost.
func (s *Store) UpdateRelease(ctx context.Context, actor *newsroom.User, idOrSlug string, in newsroom.ReleaseUpdate) (*newsroom.Release, error) {
	ctx = newsroom.WithoutPageReads(ctx) // a write reads the current state
	if err := newsroom.CanEditRelease(actor); err != nil {
		return nil, err
	}
	r0, err := s.release(ctx, idOrSlug)
	if err != nil {
		return nil, err
	}
	id := r0.ID
	unlock := s.locks.lock(id + "/_")
	defer unlock()
	for attempt := 0; ; attempt++ {
		var rd releaseDoc
		found, err := s.db.findByID(ctx, colReleases, id, &rd)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, newsroom.E(newsroom.ENotFound, "ErrNoRelease", "ID", idOrSlug)
		}
		cur := rd.toDomain()
		next, changes, err := newsroom.ApplyUpdate(actor, *cur, in, s.langs)
		if err != nil {
			return nil, err
		}
		if len(changes) == 0 {
			return s.Release(ctx, id)
		}
		if next.Slug != cur.Slug {
			if err := s.reserveSlug(ctx, next.Slug, id); err != nil {
				return nil, err
			}
		}
		now := s.clock()
		nd := releaseDocFrom(&next, rd)
		nd.Seq, nd.UpdatedAt = rd.Seq+1, now
		claim := auditDoc{ID: auditID(id, "", nd.Seq), ReleaseID: id, Seq: nd.Seq, Actor: actor.ID, ActorName: actor.Name,
			Action: "update", Comment: strings.Join(changes, "; "), At: now, Release: &nd}
		_, err = s.db.c(colAudit).InsertOne(ctx, claim)
		if mongo.IsDuplicateKeyError(err) {
			if attempt >= 50 {
				return nil, newsroom.E(newsroom.EConflict, "ErrReleaseBusy")
			}
			if err := s.rollForwardRelease(ctx, &rd, nd.Seq); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("claim %s seq %d: %w", id, nd.Seq, err)
		}
		s.step("claimed update")
		wctx := context.WithoutCancel(ctx)
		if err := s.putRelease(wctx, &nd, rd.Seq); err != nil {
			return nil, err
		}
		s.digest(wctx, []auditDoc{claim}, nil)
		s.changed(wctx, id, withMeta(nd.toDomain()))
		if err := s.syncPublished(wctx, id); err != nil {
			return nil, err
		}
		return s.Release(ctx, id)
	}
}

// reserveSlug claims slug for release id, or answers 409 when another
// release holds it. Reserving a slug the release already holds succeeds.
func (s *Store) reserveSlug(ctx context.Context, slug, id string) error {
	_, err := s.db.c(colSlugs).InsertOne(ctx, slugDoc{ID: slug, ReleaseID: id})
	if err == nil {
		return nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("reserve slug: %w", err)
	}
	var sd slugDoc
	if ok, err := s.db.findByID(ctx, colSlugs, slug, &sd); err != nil {
		return err
	} else if ok && sd.ReleaseID == id {
		return nil
	}
	return newsroom.E(newsroom.EConflict, "ErrSlugTaken", "Slug", slug)
}

// putRelease writes a release document if the stored one is still at seq
// base. It finds nothing to replace only when a roll-forward by another
// writer already wrote this very claim (this writer was slower than
// rollForwardAfter), which leaves the same document in place.
func (s *Store) putRelease(ctx context.Context, nd *releaseDoc, base int) error {
	_, err := s.db.c(colReleases).ReplaceOne(ctx, bson.D{{Key: "_id", Value: nd.ID}, {Key: "seq", Value: base}}, nd)
	if err != nil {
		return fmt.Errorf("update release %s: %w", nd.ID, err)
	}
	return nil
}

// rollForwardRelease handles a claimed release sequence number whose
// document was not written yet: a fresh claim belongs to a live writer (wait
// for it); an old one to a dead writer, whose document is written from the claim.
func (s *Store) rollForwardRelease(ctx context.Context, rd *releaseDoc, seq int) error {
	var a auditDoc
	found, err := s.db.findByID(ctx, colAudit, auditID(rd.ID, "", seq), &a)
	if err != nil || !found {
		return err
	}
	if fresh, err := s.waitIfFresh(ctx, &a); fresh || err != nil {
		return err
	}
	nd := *rd
	nd.Seq = seq
	if a.Release != nil {
		nd = *a.Release
	}
	s.db.log.Warn("rolled forward an interrupted release update", "release", rd.ID, "seq", seq)
	if err := s.putRelease(ctx, &nd, rd.Seq); err != nil {
		return err
	}
	s.changed(ctx, rd.ID, withMeta(nd.toDomain()))
	return s.syncPublished(ctx, rd.ID)
}

// syncPublished brings every published snapshot of the release in line with
// its metadata (refreshSnapshots) and tells readers when one changed.
func (s *Store) syncPublished(ctx context.Context, id string) error {
	changed, err := s.refreshSnapshots(ctx, id)
	if err != nil || !changed {
		return err
	}
	return s.notify(ctx, id)
}

// refreshSnapshots copies the release's current metadata (slug and former
// slugs, date, place, embargo) into each of its published snapshots that
// differs, and reports whether it changed one. Both a publish and a release update call it
// after their own write, so whichever lands last leaves every snapshot
// agreeing with the release document.
func (s *Store) refreshSnapshots(ctx context.Context, id string) (bool, error) {
	var rd releaseDoc
	found, err := s.db.findByID(ctx, colReleases, id, &rd)
	if err != nil || !found {
		return false, err
	}
	r := rd.toDomain()
	changed := false
	for _, l := range s.langs.Codes() {
		var pd publishedDoc
		found, err := s.db.findByID(ctx, colPublished, newsroom.VersionID(id, l), &pd)
		if err != nil {
			return false, err
		}
		if !found {
			continue
		}
		want := metaOf(r, l, pd.VersionPlace)
		if pd.meta().equal(want) {
			continue
		}
		set := bson.D{{Key: "slug", Value: want.Slug}, {Key: "old_slugs", Value: want.OldSlugs}, {Key: "date", Value: want.Date},
			{Key: "place", Value: want.Place}, {Key: "embargo_until", Value: want.EmbargoUntil}}
		if _, err := s.db.c(colPublished).UpdateOne(ctx, bson.D{{Key: "_id", Value: pd.ID}}, bson.D{{Key: "$set", Value: set}}); err != nil {
			return false, fmt.Errorf("refresh published %s: %w", pd.ID, err)
		}
		changed = true
	}
	return changed, nil
}

// snapshotMeta is the release metadata a published snapshot repeats.
type snapshotMeta struct {
	Slug         string
	OldSlugs     []string
	Date         time.Time
	Place        string
	EmbargoUntil *time.Time
}

// metaOf is what a snapshot of lang's version, whose own place is own,
// takes from r: the version's place wins over the release's.
func metaOf(r *newsroom.Release, lang, own string) snapshotMeta {
	m := snapshotMeta{Slug: r.Slug, OldSlugs: r.OldSlugs, Date: r.Date, Place: r.PlaceFor(lang, own)}
	if !r.EmbargoUntil.IsZero() {
		t := r.EmbargoUntil
		m.EmbargoUntil = &t
	}
	return m
}

func (d *publishedDoc) meta() snapshotMeta {
	return snapshotMeta{Slug: d.Slug, OldSlugs: d.OldSlugs, Date: d.Date, Place: d.Place, EmbargoUntil: d.EmbargoUntil}
}

func (m snapshotMeta) equal(o snapshotMeta) bool {
	if m.Slug != o.Slug || !m.Date.Equal(o.Date) || m.Place != o.Place || len(m.OldSlugs) != len(o.OldSlugs) {
		return false
	}
	for i := range m.OldSlugs {
		if m.OldSlugs[i] != o.OldSlugs[i] {
			return false
		}
	}
	if (m.EmbargoUntil == nil) != (o.EmbargoUntil == nil) {
		return false
	}
	return m.EmbargoUntil == nil || m.EmbargoUntil.Equal(*o.EmbargoUntil)
}

// withMeta is a listing update that sets a release's metadata and keeps the
// version heads the listing already has.
func withMeta(r *newsroom.Release) func(*newsroom.Release) *newsroom.Release {
	return func(cur *newsroom.Release) *newsroom.Release {
		if cur == nil {
			return nil
		}
		c := cloneRelease(cur)
		c.Slug, c.OldSlugs, c.Date, c.Places, c.EmbargoUntil, c.UpdatedAt = r.Slug, r.OldSlugs, r.Date, r.Places, r.EmbargoUntil, r.UpdatedAt
		return c
	}
}
