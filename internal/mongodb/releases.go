package mongodb

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Store implements newsroom.Releases and newsroom.Users.
type Store struct {
	db    *DB
	langs newsroom.Languages
	now   func() time.Time
	// onPublish is called after anything readers see of a release changed.
	onPublish func(releaseID string)
	locks     keyedMutex
	// publog tells reader caches which releases to reload; changes tells
	// the listing which releases changed in any way.
	publog, changes *seqLog
	listing         listing
	// rollForwardAfter is how old a claimed-but-unfinished write must be
	// before another writer finishes it.
	rollForwardAfter time.Duration
}

// Options configures a Store.
type Options struct {
	Langs newsroom.Languages
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// OnPublish is called (synchronously, after the write) whenever what readers
	// see of a release may have changed in this process.
	OnPublish func(releaseID string)
}

// NewStore returns a Store over db.
func NewStore(db *DB, o Options) *Store {
	s := &Store{db: db, langs: o.Langs, now: o.Now, onPublish: o.OnPublish, rollForwardAfter: 3 * time.Second}
	if s.now == nil {
		s.now = time.Now
	}
	s.publog = &seqLog{db: db, coll: colPublog, clock: s.clock}
	s.changes = &seqLog{db: db, coll: colChanges, clock: s.clock}
	return s
}

// SetOnPublish sets the publish hook (main wires the reader site after both exist).
func (s *Store) SetOnPublish(f func(releaseID string)) { s.onPublish = f }

// Langs returns the configured languages.
func (s *Store) Langs() newsroom.Languages { return s.langs }

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// newID returns a random identifier of 12 lower-case base32 characters.
func newID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// CreateRelease implements newsroom.Releases.
func (s *Store) CreateRelease(ctx context.Context, actor *newsroom.User, in newsroom.NewRelease) (*newsroom.Release, error) {
	if !actor.IsEditor() {
		return nil, newsroom.Errorf(newsroom.EForbidden, "Only editors may create releases.")
	}
	if err := in.Validate(s.langs); err != nil {
		return nil, err
	}
	now := s.clock()
	id := newID()
	// Claim the slug first: it is the only part that can clash.
	if _, err := s.db.c(colSlugs).InsertOne(ctx, slugDoc{ID: in.Slug, ReleaseID: id}); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return nil, newsroom.Errorf(newsroom.EConflict, "The slug %q is already used by another release.", in.Slug)
		}
		return nil, fmt.Errorf("claim slug: %w", err)
	}
	rd := releaseDoc{ID: id, Slug: in.Slug, SourceLang: in.SourceLang, Date: in.Date, Places: in.Places, Seq: 1, CreatedAt: now, CreatedBy: actor.ID, UpdatedAt: now}
	if !in.EmbargoUntil.IsZero() {
		t := in.EmbargoUntil.UTC()
		rd.EmbargoUntil = &t
	}
	r := rd.toDomain()
	r.Versions = map[string]*newsroom.Version{}
	// Build the source's first save with the same rules as every other save.
	src := newsroom.Version{ReleaseID: id, Lang: in.SourceLang, State: newsroom.StateUntranslated}
	head, entry, err := newsroom.Apply(actor, r, src, &src, newsroom.Change{Action: newsroom.ActionSave, Content: in.Content, Now: now})
	if err != nil {
		_, _ = s.db.c(colSlugs).DeleteOne(ctx, bson.D{{Key: "_id", Value: in.Slug}})
		return nil, err
	}
	var docs []any
	for _, l := range s.langs.Codes() {
		v := &newsroom.Version{ReleaseID: id, Lang: l, State: newsroom.StateUntranslated, UpdatedAt: now}
		if l == in.SourceLang {
			v = &head
		}
		r.Versions[l] = v
		docs = append(docs, versionToDoc(v))
	}
	rev := revisionToDoc(&newsroom.Revision{ReleaseID: id, Lang: in.SourceLang, Rev: head.Rev, Content: in.Content, Author: actor.ID, AuthorName: actor.Name, CreatedAt: now})
	// Order: text, then heads and audit, then the release document last, so a
	// release that exists is always whole; a crash before it leaves only
	// unreachable rows behind.
	if _, err := s.db.c(colRevisions).InsertOne(ctx, rev); err != nil {
		return nil, fmt.Errorf("insert revision: %w", err)
	}
	if _, err := s.db.c(colVersions).InsertMany(ctx, docs); err != nil {
		return nil, fmt.Errorf("insert versions: %w", err)
	}
	vd := versionToDoc(&head)
	audits := []any{
		auditDoc{ID: auditID(id, "", 1), ReleaseID: id, Seq: 1, Actor: actor.ID, ActorName: actor.Name, Action: "create", Comment: in.Slug, At: now},
		auditDocFrom(entry, &vd),
	}
	if _, err := s.db.c(colAudit).InsertMany(ctx, audits); err != nil {
		return nil, fmt.Errorf("insert audit: %w", err)
	}
	if _, err := s.db.c(colReleases).InsertOne(ctx, rd); err != nil {
		return nil, fmt.Errorf("insert release: %w", err)
	}
	s.changed(context.WithoutCancel(ctx), id, whole(r))
	return r, nil
}

func auditDocFrom(e newsroom.AuditEntry, head *versionDoc) auditDoc {
	return auditDoc{
		ID: auditID(e.ReleaseID, e.Lang, e.Seq), ReleaseID: e.ReleaseID, Lang: e.Lang, Seq: e.Seq,
		Actor: e.Actor, ActorName: e.ActorName, Action: e.Action, From: string(e.From), To: string(e.To),
		Rev: e.Rev, Comment: e.Comment, At: e.At, Head: head,
	}
}

// release loads the release document by ID or slug.
func (s *Store) release(ctx context.Context, idOrSlug string) (*newsroom.Release, error) {
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
		return nil, newsroom.Errorf(newsroom.ENotFound, "No release %q.", idOrSlug)
	}
	return rd.toDomain(), nil
}

// version loads one version head; a language configured after the release was
// created has no document yet and is untranslated.
func (s *Store) version(ctx context.Context, releaseID, lang string) (*newsroom.Version, error) {
	var vd versionDoc
	found, err := s.db.findByID(ctx, colVersions, newsroom.VersionID(releaseID, lang), &vd)
	if err != nil {
		return nil, err
	}
	if !found {
		return &newsroom.Version{ReleaseID: releaseID, Lang: lang, State: newsroom.StateUntranslated}, nil
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
		return nil, newsroom.Errorf(newsroom.ENotFound, "The %s version has no revision %d.", lang, rev)
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
		if d != nil {
			out = append(out, d.toDomain())
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

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

// keyedMutex serialises writers of one key within this process, so that they
// do not race for the same audit sequence number; across processes the
// unique audit _id does that.
type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*keyedEntry
}

type keyedEntry struct {
	mu   sync.Mutex
	refs int
}

func (k *keyedMutex) lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyedEntry{}
	}
	e := k.m[key]
	if e == nil {
		e = &keyedEntry{}
		k.m[key] = e
	}
	e.refs++
	k.mu.Unlock()
	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		k.mu.Lock()
		e.refs--
		if e.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
}
