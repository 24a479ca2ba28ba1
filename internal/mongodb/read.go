package mongodb

import (
	"context"
	"maps"
	"slices"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// release loads the release document by ID or slug.
func (s *Store) release(ctx context.Context, idOrSlug string) (*newsroom.Release, error) {
	rd, err := s.releaseDoc(ctx, idOrSlug)
	if err != nil {
		return nil, err
	}
	return rd.toDomain(), nil
}

// releaseDoc reads a release's document by ID or slug (current or former).
func (s *Store) releaseDoc(ctx context.Context, idOrSlug string) (*releaseDoc, error) {
	memo := newsroom.PageReadsOf(ctx)
	if memo != nil {
		if v, ok := memo.Load("release:" + idOrSlug); ok {
			rd := *v.(*releaseDoc)
			rd.OldSlugs, rd.Places = slices.Clone(rd.OldSlugs), maps.Clone(rd.Places)
			return &rd, nil
		}
	}
	rd, err := s.readReleaseDoc(ctx, idOrSlug)
	if err == nil && memo != nil {
		kept := *rd
		memo.Store("release:"+idOrSlug, &kept)
		memo.Store("release:"+rd.ID, &kept)
	}
	return rd, err
}

// readReleaseDoc reads a release's document by ID or slug from the database.
func (s *Store) readReleaseDoc(ctx context.Context, idOrSlug string) (*releaseDoc, error) {
	var rd releaseDoc
	found, err := s.db.findByID(ctx, colReleases, idOrSlug, &rd)
	if err != nil {
		return nil, err
	}
	if !found {
		var sd slugDoc
		if ok, err := s.db.findByID(ctx, colSlugs, idOrSlug, &sd); err != nil {
			return nil, err
		} else if ok {
			found, err = s.db.findByID(ctx, colReleases, sd.ReleaseID, &rd)
			if err != nil {
				return nil, err
			}
		}
	}
	if !found {
		return nil, newsroom.E(newsroom.ENotFound, "ErrNoRelease", "ID", idOrSlug)
	}
	return &rd, nil
}

// version loads one version head; a language configured after the release was
// created has no document yet and is untranslated.
func (s *Store) version(ctx context.Context, releaseID, lang string) (*newsroom.Version, error) {
	id := newsroom.VersionID(releaseID, lang)
	memo := newsroom.PageReadsOf(ctx)
	if memo != nil {
		if v, ok := memo.Load("version:" + id); ok {
			if vd := v.(*versionDoc); vd != nil {
				return vd.toDomain(), nil
			}
			return &newsroom.Version{ReleaseID: releaseID, Lang: lang, State: newsroom.StateUntranslated}, nil
		}
	}
	var vd versionDoc
	found, err := s.db.findByID(ctx, colVersions, id, &vd)
	if err != nil {
		return nil, err
	}
	if !found {
		if memo != nil {
			memo.Store("version:"+id, (*versionDoc)(nil))
		}
		return &newsroom.Version{ReleaseID: releaseID, Lang: lang, State: newsroom.StateUntranslated}, nil
	}
	if memo != nil {
		memo.Store("version:"+id, &vd)
	}
	return vd.toDomain(), nil
}

// Release implements newsroom.Releases.
func (s *Store) Release(ctx context.Context, idOrSlug string) (*newsroom.Release, error) {
	r, err := s.release(ctx, idOrSlug)
	if err != nil {
		return nil, err
	}
	r.Versions = make(map[string]*newsroom.Version, len(s.langs.Codes()))
	for _, l := range s.langs.Codes() {
		v, err := s.version(ctx, r.ID, l)
		if err != nil {
			return nil, err
		}
		r.Versions[l] = v
	}
	return r, nil
}
