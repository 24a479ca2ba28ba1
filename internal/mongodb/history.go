package mongodb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"

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
	key := newsroom.RevisionID(r.ID, lang, rev)
	memo := newsroom.PageReadsOf(ctx) // revisions never change: a page reads each once
	if memo != nil {
		if v, ok := memo.Load("revision:" + key); ok {
			return v.(*revisionDoc).toDomain(), nil
		}
	}
	var d revisionDoc
	found, err := s.db.findByID(ctx, colRevisions, key, &d)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, newsroom.E(newsroom.ENotFound, "ErrNoRevision", "Lang", lang, "Rev", rev)
	}
	if memo != nil {
		memo.Store("revision:"+key, &d)
	}
	return d.toDomain(), nil
}

// Revisions implements newsroom.Releases.
func (s *Store) Revisions(ctx context.Context, id, lang string) ([]*newsroom.Revision, error) {
	return s.revisions(ctx, id, lang, 0, -1)
}

// RevisionsPage implements newsroom.Releases. Revisions are numbered densely
// from 1, so a page is a known list of _ids.
func (s *Store) RevisionsPage(ctx context.Context, id, lang string, before, limit int) ([]*newsroom.Revision, error) {
	return s.revisions(ctx, id, lang, before, newsroom.HistoryLimit(limit))
}

// RevisionSummaries implements newsroom.Releases: a page read from the
// history digest, usually one or two lookups.
func (s *Store) RevisionSummaries(ctx context.Context, id, lang string, before, limit int) ([]*newsroom.Revision, error) {
	rid, sp, err := s.revisionSpan(ctx, id, lang, before, newsroom.HistoryLimit(limit))
	if err != nil || sp.hi < sp.lo {
		return []*newsroom.Revision{}, err
	}
	got, err := readDigest(ctx, s.db, revisionKind, rid, []span{sp})
	if err != nil {
		return nil, err
	}
	out := []*newsroom.Revision{}
	for _, d := range newestFirst(got[0], sp.lo, sp.hi) {
		out = append(out, d.toDomain())
	}
	return out, nil
}

// revisionSpan resolves a version and the revisions of a page of at most
// limit (-1: no limit) older than before (0: from the newest): sp.lo to
// sp.hi, none when sp.hi < sp.lo.
func (s *Store) revisionSpan(ctx context.Context, id, lang string, before, limit int) (rid string, sp span, err error) {
	if err := s.langs.Check(lang); err != nil {
		return "", span{}, err
	}
	r, err := s.release(ctx, id)
	if err != nil {
		return "", span{}, err
	}
	v, err := s.version(ctx, r.ID, lang)
	if err != nil {
		return "", span{}, err
	}
	sp = span{stream: lang, lo: 1, hi: v.Rev, head: v.Rev}
	if before > 0 {
		sp.hi = min(sp.hi, before-1)
	}
	if limit >= 0 {
		sp.lo = max(1, sp.hi-limit+1)
	}
	return r.ID, sp, nil
}

// revisions reads revisions older than before (0: all), at most limit (-1: no limit).
func (s *Store) revisions(ctx context.Context, id, lang string, before, limit int) ([]*newsroom.Revision, error) {
	rid, sp, err := s.revisionSpan(ctx, id, lang, before, limit)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rev := sp.hi; rev >= sp.lo; rev-- {
		ids = append(ids, newsroom.RevisionID(rid, lang, rev))
	}
	docs, err := fetchByIDs[revisionDoc](ctx, s.db, colRevisions, ids, func(d *revisionDoc) string { return d.ID })
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

// fetchByIDs finds the documents with the given _ids, in that order; missing
// ones are nil. On MongoDB it is one query using the _id index. The embedded
// server answers only exact {_id: …} filters without reading the whole
// collection, so there it looks them up one at a time, a few in parallel.
func fetchByIDs[T any](ctx context.Context, db *DB, coll string, ids []string, idOf func(*T) string) ([]*T, error) {
	out := make([]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if !db.idOnly {
		cur, err := db.c(coll).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
		if err != nil {
			return nil, fmt.Errorf("mongodb: find %s: %w", coll, err)
		}
		var docs []*T
		if err := cur.All(ctx, &docs); err != nil {
			return nil, fmt.Errorf("mongodb: find %s: %w", coll, err)
		}
		at := make(map[string]int, len(ids))
		for i, id := range ids {
			at[id] = i
		}
		for _, d := range docs {
			if i, ok := at[idOf(d)]; ok {
				out[i] = d
			}
		}
		return out, nil
	}
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

// auditHeads resolves a release and returns the newest sequence number of
// each of its audit streams (newsroom.ReleaseStream and every language).
func (s *Store) auditHeads(ctx context.Context, idOrSlug string) (id string, seqs, revs map[string]int, err error) {
	rd, err := s.releaseDoc(ctx, idOrSlug)
	if err != nil {
		return "", nil, nil, err
	}
	seqs = map[string]int{newsroom.ReleaseStream: rd.Seq}
	revs = map[string]int{}
	for _, l := range s.langs.Codes() {
		v, err := s.version(ctx, rd.ID, l)
		if err != nil {
			return "", nil, nil, err
		}
		seqs[l], revs[l] = v.Seq, v.Rev
	}
	return rd.ID, seqs, revs, nil
}

func streamLang(stream string) string {
	if stream == newsroom.ReleaseStream {
		return ""
	}
	return stream
}

// Audit implements newsroom.Releases.
func (s *Store) Audit(ctx context.Context, id string) ([]newsroom.AuditEntry, error) {
	rid, heads, revs, err := s.auditHeads(ctx, id)
	if err != nil {
		return nil, err
	}
	var spans []span
	for _, st := range append([]string{newsroom.ReleaseStream}, s.langs.Codes()...) {
		if heads[st] > 0 {
			spans = append(spans, span{stream: st, lo: 1, hi: heads[st], head: heads[st]})
		}
	}
	got, err := readDigest(ctx, s.db, auditKind, rid, spans)
	if err != nil {
		return nil, err
	}
	var out []newsroom.AuditEntry
	for i, sp := range spans {
		for n := sp.lo; n <= sp.hi; n++ {
			if d, ok := got[i][n]; ok && !d.Aborted {
				out = append(out, d.toDomain())
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return withoutVoidedSaves(out, revs), nil
}

// AuditPage implements newsroom.Releases: a merge of the chosen streams,
// newest first, reading each stream backwards from the history digest only
// as far as the page needs: usually one or two digest lookups per stream.
func (s *Store) AuditPage(ctx context.Context, id string, q newsroom.AuditQuery) (newsroom.AuditPage, error) {
	limit := newsroom.HistoryLimit(q.Limit)
	rid, heads, _, err := s.auditHeads(ctx, id)
	if err != nil {
		return newsroom.AuditPage{}, err
	}
	streams := q.Streams
	if len(streams) == 0 {
		streams = append([]string{newsroom.ReleaseStream}, s.langs.Codes()...)
	}
	for i, st := range streams {
		if slices.Contains(streams[:i], st) {
			return newsroom.AuditPage{}, newsroom.E(newsroom.EInvalid, "ErrAuditStreamTwice", "Stream", st)
		}
		if _, ok := heads[st]; !ok {
			return newsroom.AuditPage{}, newsroom.E(newsroom.EInvalid, "ErrAuditStreamUnknown", "Stream", st, "Release", newsroom.ReleaseStream)
		}
	}
	pos := newsroom.AuditCursor{}
	if q.Cursor == "" {
		for _, st := range streams {
			pos[st] = heads[st]
		}
	} else if pos, err = newsroom.ParseAuditCursor(q.Cursor, streams); err != nil {
		return newsroom.AuditPage{}, err
	}
	buf := map[string][]newsroom.AuditEntry{}
	var page newsroom.AuditPage
	for len(page.Entries) < limit {
		// Refill every stream whose buffer ran dry, a round of lookups at a
		// time, until each has an entry or none left (aborted claims leave
		// holes).
		for {
			var spans []span
			for _, st := range streams {
				if len(buf[st]) == 0 && pos[st] > 0 {
					spans = append(spans, span{stream: st, lo: max(1, pos[st]-limit+1), hi: pos[st], head: heads[st]})
				}
			}
			if len(spans) == 0 {
				break
			}
			got, err := readDigest(ctx, s.db, auditKind, rid, spans)
			if err != nil {
				return newsroom.AuditPage{}, err
			}
			for i, sp := range spans {
				for _, d := range newestFirst(got[i], sp.lo, sp.hi) {
					if !d.Aborted {
						buf[sp.stream] = append(buf[sp.stream], d.toDomain())
					}
				}
				pos[sp.stream] = sp.lo - 1
			}
			if !slices.ContainsFunc(streams, func(st string) bool { return len(buf[st]) == 0 && pos[st] > 0 }) {
				break
			}
		}
		// Take the newest head; ties go to the later stream, as in Audit.
		best := ""
		for _, st := range streams {
			if len(buf[st]) == 0 {
				continue
			}
			if best == "" || !buf[st][0].At.Before(buf[best][0].At) {
				best = st
			}
		}
		if best == "" {
			break
		}
		page.Entries = append(page.Entries, buf[best][0])
		buf[best] = buf[best][1:]
	}
	// The cursor points at the newest entry not returned in each stream.
	next := newsroom.AuditCursor{}
	for _, st := range streams {
		next[st] = pos[st]
		if len(buf[st]) > 0 {
			next[st] = buf[st][0].Seq
		}
	}
	page.Next = next.String()
	return page, nil
}
