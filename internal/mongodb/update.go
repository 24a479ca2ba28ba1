package mongodb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// UpdateRelease implements newsroom.Releases.
func (s *Store) UpdateRelease(ctx context.Context, actor *newsroom.User, id string, in newsroom.ReleaseUpdate) (*newsroom.Release, error) {
	if !actor.IsEditor() {
		return nil, newsroom.Errorf(newsroom.EForbidden, "Only editors may change a release's dateline, slug or embargo.")
	}
	unlock := s.locks.lock(id + "/_")
	defer unlock()
	r, err := s.Release(ctx, id)
	if err != nil {
		return nil, err
	}
	var rd releaseDoc
	if _, err := s.db.findByID(ctx, colReleases, r.ID, &rd); err != nil {
		return nil, err
	}
	var changes []string
	if in.Date != nil {
		d := in.Date.UTC()
		rd.Date = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		changes = append(changes, "date "+rd.Date.Format(time.DateOnly))
	}
	if in.Places != nil {
		places := maps(rd.Places)
		for l, p := range in.Places {
			places[l] = p
		}
		if err := validatePlaces(places, s.langs); err != nil {
			return nil, err
		}
		for l, p := range places {
			if p == "" {
				delete(places, l)
			}
		}
		rd.Places = places
		changes = append(changes, "places")
	}
	if in.EmbargoUntil != nil {
		if in.EmbargoUntil.IsZero() {
			rd.EmbargoUntil = nil
			changes = append(changes, "embargo lifted")
		} else {
			t := in.EmbargoUntil.UTC()
			rd.EmbargoUntil = &t
			changes = append(changes, "embargo until "+t.Format(time.RFC3339))
		}
	}
	newSlug := ""
	if in.Slug != nil && strings.TrimSpace(*in.Slug) != rd.Slug {
		newSlug = strings.TrimSpace(*in.Slug)
		if newSlug == "" {
			return nil, newsroom.Errorf(newsroom.EInvalid, "The slug cannot be empty.")
		}
		nr := newsroom.NewRelease{Slug: newSlug, SourceLang: rd.SourceLang, Date: rd.Date, Content: newsroom.Content{Title: "x"}}
		if err := nr.Validate(s.langs); err != nil {
			return nil, err
		}
		for _, v := range r.Versions {
			if v.PublishedRev > 0 {
				return nil, newsroom.Errorf(newsroom.EConflict, "The slug of a published release cannot change: readers' links would break.")
			}
		}
		changes = append(changes, "slug "+newSlug)
	}
	if len(changes) == 0 {
		return r, nil
	}
	now := s.clock()
	seq, err := s.claimReleaseSeq(ctx, &rd, actor, "update", strings.Join(changes, "; "), now)
	if err != nil {
		return nil, err
	}
	rd.Seq = seq
	if newSlug != "" {
		if _, err := s.db.c(colSlugs).InsertOne(ctx, slugDoc{ID: newSlug, ReleaseID: rd.ID}); err != nil {
			if mongo.IsDuplicateKeyError(err) {
				return nil, newsroom.Errorf(newsroom.EConflict, "The slug %q is already used by another release.", newSlug)
			}
			return nil, fmt.Errorf("claim slug: %w", err)
		}
		old := rd.Slug
		rd.Slug = newSlug
		defer s.db.c(colSlugs).DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: old}}) //nolint:errcheck // a stale slug row only keeps the old link working
	}
	rd.UpdatedAt = now
	if _, err := s.db.c(colReleases).ReplaceOne(ctx, bson.D{{Key: "_id", Value: rd.ID}}, rd); err != nil {
		return nil, fmt.Errorf("update release: %w", err)
	}
	updated := rd.toDomain()
	updated.Versions = r.Versions
	s.changed(context.WithoutCancel(ctx), rd.ID, whole(updated))
	if err := s.refreshPublished(ctx, &rd, r.Versions); err != nil {
		return nil, err
	}
	return s.Release(ctx, rd.ID)
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func validatePlaces(places map[string]string, langs newsroom.Languages) error {
	nr := newsroom.NewRelease{Places: places, Date: time.Unix(0, 0), Content: newsroom.Content{Title: "x"}, Slug: "x"}
	return nr.Validate(langs)
}

// claimReleaseSeq appends a release-level audit entry, claiming the next
// release sequence number.
func (s *Store) claimReleaseSeq(ctx context.Context, rd *releaseDoc, actor *newsroom.User, action, comment string, now time.Time) (int, error) {
	seq := rd.Seq
	for range 20 {
		seq++
		_, err := s.db.c(colAudit).InsertOne(ctx, auditDoc{ID: auditID(rd.ID, "", seq), ReleaseID: rd.ID, Seq: seq, Actor: actor.ID, ActorName: actor.Name, Action: action, Comment: comment, At: now})
		if err == nil {
			return seq, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return 0, fmt.Errorf("audit: %w", err)
		}
	}
	return 0, newsroom.Errorf(newsroom.EConflict, "The release is being changed by someone else; try again.")
}

// refreshPublished rewrites the published snapshots' release metadata
// (dateline, embargo, slug) after the release changed.
func (s *Store) refreshPublished(ctx context.Context, rd *releaseDoc, versions map[string]*newsroom.Version) error {
	changed := false
	for l, v := range versions {
		if v.PublishedRev == 0 {
			continue
		}
		var pd publishedDoc
		found, err := s.db.findByID(ctx, colPublished, newsroom.VersionID(rd.ID, l), &pd)
		if err != nil {
			return err
		}
		if !found {
			continue
		}
		pd.Slug, pd.Date, pd.EmbargoUntil = rd.Slug, rd.Date, rd.EmbargoUntil
		pd.Place = rd.toDomain().Place(l)
		if _, err := s.db.c(colPublished).ReplaceOne(ctx, bson.D{{Key: "_id", Value: pd.ID}}, pd); err != nil {
			return fmt.Errorf("refresh published: %w", err)
		}
		changed = true
	}
	if changed {
		return s.notify(ctx, rd.ID)
	}
	return nil
}
