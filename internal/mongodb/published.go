package mongodb

import (
	"context"

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
