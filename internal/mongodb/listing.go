package mongodb

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// listing keeps every release with its version heads in memory for
// ListReleases: reading the release and version collections whole takes
// about a second on the embedded server at 2,000 releases, too slow for a
// home page. Every write appends the release to the changes log; before each
// listing the cache follows that log (one _id lookup when nothing changed),
// so it shows writes made by any process, including the caller's own.
type listing struct {
	mu       sync.Mutex
	seq      int64 // changes-log position applied
	loadedAt time.Time
	byID     map[string]*newsroom.Release
}

// listingReload bounds how long the cache goes without a full reload, which
// repairs it if a process died between a write and its log entry.
const listingReload = time.Hour

// changed records in the changes log that release id changed. When the
// listing has applied every earlier entry, it takes the change at once
// through update, so that a burst of writes does not leave the next listing
// to catch up on all of them; update returns nil when it cannot, and the
// next sync reads the release instead. The write is already stored, so a
// failure here must not fail it: this process's listing is dropped and
// reloaded whole instead, and other processes catch up at their next full
// reload.
func (s *Store) changed(ctx context.Context, id string, update func(cur *newsroom.Release) *newsroom.Release) {
	seq, err := s.changes.append(ctx, id)
	l := &s.listing
	if err != nil {
		s.db.log.Warn("changes log: append failed; reloading the listing", "release", id, "err", err)
		l.mu.Lock()
		l.byID = nil
		l.mu.Unlock()
		return
	}
	// A write never waits for a listing being loaded or synced: that
	// listing reads this entry from the log anyway.
	if !l.mu.TryLock() {
		return
	}
	defer l.mu.Unlock()
	if l.byID == nil || l.seq != seq-1 {
		return // the next sync applies it
	}
	if r := update(l.byID[id]); r != nil {
		l.byID[id] = r
		l.seq = seq
	}
}

// whole is a listing update that replaces the release with r.
func whole(r *newsroom.Release) func(*newsroom.Release) *newsroom.Release {
	return func(*newsroom.Release) *newsroom.Release { return cloneRelease(r) }
}

// withVersion is a listing update that sets one version head.
func withVersion(v *newsroom.Version) func(*newsroom.Release) *newsroom.Release {
	return func(cur *newsroom.Release) *newsroom.Release {
		if cur == nil {
			return nil
		}
		c := cloneRelease(cur)
		nv := *v
		c.Versions[v.Lang] = &nv
		return c
	}
}

// cloneRelease copies r deeply enough that the listing and its callers
// never share what either may change: the places and the version heads.
func cloneRelease(r *newsroom.Release) *newsroom.Release {
	c := *r
	c.Places = maps.Clone(r.Places)
	if c.Places == nil {
		c.Places = map[string]string{}
	}
	c.Versions = make(map[string]*newsroom.Version, len(r.Versions))
	for l, v := range r.Versions {
		vc := *v
		c.Versions[l] = &vc
	}
	return &c
}

// syncListing brings the cache up to date; s.listing.mu is held.
func (s *Store) syncListing(ctx context.Context) error {
	l := &s.listing
	if l.byID != nil && s.now().Sub(l.loadedAt) < listingReload {
		ids, last, complete, err := s.changes.since(ctx, l.seq, 1000)
		if err != nil {
			return err
		}
		if complete {
			for _, id := range ids {
				r, err := s.Release(ctx, id)
				switch {
				case newsroom.ErrorCode(err) == newsroom.ENotFound:
					delete(l.byID, id)
				case err != nil:
					return err
				default:
					l.byID[id] = r
				}
			}
			l.seq = last
			return nil
		}
	}
	// Full load. Take the log's head first: changes logged during the load
	// are applied again on the next sync, which is harmless.
	head, err := s.changes.head(ctx)
	if err != nil {
		return err
	}
	var rds []releaseDoc
	if err := s.findAll(ctx, colReleases, &rds); err != nil {
		return err
	}
	var vds []versionDoc
	if err := s.findAll(ctx, colVersions, &vds); err != nil {
		return err
	}
	heads := make(map[string]map[string]*newsroom.Version, len(rds))
	for i := range vds {
		v := vds[i].toDomain()
		if heads[v.ReleaseID] == nil {
			heads[v.ReleaseID] = map[string]*newsroom.Version{}
		}
		heads[v.ReleaseID][v.Lang] = v
	}
	byID := make(map[string]*newsroom.Release, len(rds))
	for i := range rds {
		r := rds[i].toDomain()
		r.Versions = make(map[string]*newsroom.Version, len(s.langs.Codes()))
		for _, lang := range s.langs.Codes() {
			v := heads[r.ID][lang]
			if v == nil {
				v = &newsroom.Version{ReleaseID: r.ID, Lang: lang, State: newsroom.StateUntranslated}
			}
			r.Versions[lang] = v
		}
		byID[r.ID] = r
	}
	l.byID, l.seq, l.loadedAt = byID, head, s.now()
	return nil
}

// ListReleases implements newsroom.Releases, from the in-memory listing.
func (s *Store) ListReleases(ctx context.Context, f newsroom.ReleaseFilter) (newsroom.ReleasePage, error) {
	if f.Lang != "" {
		if err := s.langs.Check(f.Lang); err != nil {
			return newsroom.ReleasePage{}, newsroom.Errorf(newsroom.EInvalid, "%s", newsroom.ErrorMessage(err))
		}
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	s.listing.mu.Lock()
	if err := s.syncListing(ctx); err != nil {
		s.listing.mu.Unlock()
		return newsroom.ReleasePage{}, err
	}
	var out []*newsroom.Release
	for _, r := range s.listing.byID {
		if matches(r, f, q) {
			out = append(out, r)
		}
	}
	s.listing.mu.Unlock()

	sort.Slice(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.After(out[j].Date)
		}
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
	})
	page := newsroom.ReleasePage{Total: len(out)}
	lo := min(max(f.Offset, 0), len(out))
	hi := len(out)
	if f.Limit > 0 {
		hi = min(lo+f.Limit, len(out))
	}
	// Callers get copies: the cached releases are shared.
	for _, r := range out[lo:hi] {
		page.Releases = append(page.Releases, cloneRelease(r))
	}
	return page, nil
}

// WarmListing loads the listing now, so that the first home page after a
// start does not wait for it.
func (s *Store) WarmListing(ctx context.Context) error {
	s.listing.mu.Lock()
	defer s.listing.mu.Unlock()
	return s.syncListing(ctx)
}

func matches(r *newsroom.Release, f newsroom.ReleaseFilter, q string) bool {
	langs := []string{f.Lang}
	if f.Lang == "" {
		langs = langs[:0]
		for l := range r.Versions {
			langs = append(langs, l)
		}
	}
	if f.State != "" && !slices.ContainsFunc(langs, func(l string) bool { return r.Versions[l].State == f.State }) {
		return false
	}
	if f.Outdated != nil {
		src := r.Versions[r.SourceLang]
		has := slices.ContainsFunc(langs, func(l string) bool { return newsroom.Outdated(r.Versions[l], src) })
		if has != *f.Outdated {
			return false
		}
	}
	if q != "" {
		hit := strings.Contains(r.Slug, q)
		for _, v := range r.Versions {
			hit = hit || strings.Contains(strings.ToLower(v.Title), q)
		}
		if !hit {
			return false
		}
	}
	return true
}

func (s *Store) findAll(ctx context.Context, coll string, out any) error {
	cur, err := s.db.c(coll).Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("mongodb: scan %s: %w", coll, err)
	}
	if err := cur.All(ctx, out); err != nil {
		return fmt.Errorf("mongodb: scan %s: %w", coll, err)
	}
	return nil
}
