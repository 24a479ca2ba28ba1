package mongodb

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// notify appends the release to the publish log and calls the in-process hook.
func (s *Store) notify(ctx context.Context, releaseID string) error {
	if _, err := s.publog.append(ctx, releaseID); err != nil {
		return err
	}
	if s.onPublish != nil {
		s.onPublish(releaseID)
	}
	return nil
}

// PublishChanges implements newsroom.Releases.
func (s *Store) PublishChanges(ctx context.Context, seq int64) (newsroom.PublishLog, error) {
	ids, last, complete, err := s.publog.since(ctx, seq, 1000)
	return newsroom.PublishLog{Seq: last, ReleaseIDs: ids, Complete: complete}, err
}

// AllPublished implements newsroom.Releases.
func (s *Store) AllPublished(ctx context.Context) ([]*newsroom.Published, error) {
	var docs []publishedDoc
	if err := s.findAll(ctx, colPublished, &docs); err != nil {
		return nil, err
	}
	out := make([]*newsroom.Published, 0, len(docs))
	for i := range docs {
		if s.langs.Has(docs[i].Lang) {
			out = append(out, docs[i].toDomain())
		}
	}
	return out, nil
}

// EachPublished calls fn with every published snapshot of a configured
// language, embargoed ones included, one document at a time: it holds one
// batch of the cursor in memory, never the whole collection. It stops at
// fn's first error and returns it.
func (s *Store) EachPublished(ctx context.Context, fn func(*newsroom.Published) error) error {
	cur, err := s.db.c(colPublished).Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("mongodb: scan %s: %w", colPublished, err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var d publishedDoc
		if err := cur.Decode(&d); err != nil {
			return fmt.Errorf("mongodb: scan %s: %w", colPublished, err)
		}
		if !s.langs.Has(d.Lang) {
			continue
		}
		if err := fn(d.toDomain()); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("mongodb: scan %s: %w", colPublished, err)
	}
	return nil
}

// PublishedVersion returns the published snapshot of one language version,
// or nil (and no error) when that version is not published. It is one
// lookup by _id. Errors: EInternal.
func (s *Store) PublishedVersion(ctx context.Context, id, lang string) (*newsroom.Published, error) {
	var d publishedDoc
	found, err := s.db.findByID(ctx, colPublished, newsroom.VersionID(id, lang), &d)
	if err != nil || !found {
		return nil, err
	}
	return d.toDomain(), nil
}

// PublishedOf implements newsroom.Releases.
func (s *Store) PublishedOf(ctx context.Context, id string) ([]*newsroom.Published, error) {
	var out []*newsroom.Published
	for _, l := range s.langs.Codes() {
		var d publishedDoc
		found, err := s.db.findByID(ctx, colPublished, newsroom.VersionID(id, l), &d)
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, d.toDomain())
		}
	}
	return out, nil
}
