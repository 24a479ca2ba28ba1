package mongodb

import (
	"context"
	"errors"
	"sort"
	"sync"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Revision implements newsroom.Releases.
func (s *Store) Revision(ctx context.Context, id, lang string, rev int) (*newsroom.Revision, error) {
	if err := s.langs.Check(lang); err != nil {
		return nil, err
	}
	r, err := s.release(ctx, id)
	if err != nil {
		return nil, err
	}
	var d revisionDoc
	found, err := s.db.findByID(ctx, colRevisions, newsroom.RevisionID(r.ID, lang, rev), &d)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, newsroom.E(newsroom.ENotFound, "ErrNoRevision", "Lang", lang, "Rev", rev)
	}
	return d.toDomain(), nil
}

// Revisions implements newsroom.Releases.
func (s *Store) Revisions(ctx context.Context, id, lang string) ([]*newsroom.Revision, error) {
	if err := s.langs.Check(lang); err != nil {
		return nil, err
	}
	r, err := s.release(ctx, id)
	if err != nil {
		return nil, err
	}
	v, err := s.version(ctx, r.ID, lang)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, v.Rev)
	for rev := v.Rev; rev >= 1; rev-- {
		ids = append(ids, newsroom.RevisionID(r.ID, lang, rev))
	}
	docs, err := fetchByIDs[revisionDoc](ctx, s.db, colRevisions, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*newsroom.Revision, 0, len(docs))
	for i := range docs {
		if docs[i] != nil {
			out = append(out, docs[i].toDomain())
		}
	}
	return out, nil
}

// fetchByIDs finds documents one _id at a time (the only query the embedded
// server answers without decoding the whole collection), a few in parallel.
// Missing documents are nil.
func fetchByIDs[T any](ctx context.Context, db *DB, coll string, ids []string) ([]*T, error) {
	out := make([]*T, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var d T
			found, err := db.findByID(ctx, coll, id, &d)
			if found {
				out[i] = &d
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// Audit implements newsroom.Releases.
func (s *Store) Audit(ctx context.Context, id string) ([]newsroom.AuditEntry, error) {
	r, err := s.Release(ctx, id)
	if err != nil {
		return nil, err
	}
	var rd releaseDoc
	if _, err := s.db.findByID(ctx, colReleases, r.ID, &rd); err != nil {
		return nil, err
	}
	var ids []string
	for seq := 1; seq <= rd.Seq; seq++ {
		ids = append(ids, auditID(r.ID, "", seq))
	}
	for _, l := range s.langs.Codes() {
		for seq := 1; seq <= r.Versions[l].Seq; seq++ {
			ids = append(ids, auditID(r.ID, l, seq))
		}
	}
	docs, err := fetchByIDs[auditDoc](ctx, s.db, colAudit, ids)
	if err != nil {
		return nil, err
	}
	var out []newsroom.AuditEntry
	for _, d := range docs {
		if d != nil && !d.Aborted {
			out = append(out, d.toDomain())
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	heads := map[string]int{}
	for l, v := range r.Versions {
		heads[l] = v.Rev
	}
	return withoutVoidedSaves(out, heads), nil
}
