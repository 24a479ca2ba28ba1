package mongodb

import (
	"context"
	"fmt"
	"strings"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/render"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// maxSlugNumber bounds the numbers tried for a generated slug that is taken.
const maxSlugNumber = 100

// CreateRelease implements newsroom.Releases.
func (s *Store) CreateRelease(ctx context.Context, actor *newsroom.User, in newsroom.NewRelease) (*newsroom.Release, error) {
	ctx = newsroom.WithoutPageReads(ctx) // a write reads the current state
	if err := newsroom.CanEditRelease(actor); err != nil {
		return nil, err
	}
	generated := strings.TrimSpace(in.Slug) == ""
	if err := in.Validate(s.langs); err != nil {
		return nil, err
	}
	if err := render.Check(in.Content.Body); err != nil {
		return nil, err
	}
	now := s.clock()
	id := newID()
	// Claim the slug first: it is the only part that can clash. A slug made
	// from the title gets -2, -3, … when taken (titles of a series differ
	// only past the slug's length); a slug the editor typed does not.
	base := in.Slug
	for n := 2; ; n++ {
		_, err := s.db.c(colSlugs).InsertOne(ctx, slugDoc{ID: in.Slug, ReleaseID: id})
		if err == nil {
			break
		}
		if !mongo.IsDuplicateKeyError(err) {
			return nil, fmt.Errorf("claim slug: %w", err)
		}
		if !generated || n > maxSlugNumber {
			return nil, newsroom.E(newsroom.EConflict, "ErrSlugTaken", "Slug", in.Slug)
		}
		in.Slug = fmt.Sprintf("%s-%d", base, n)
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
	audits := []auditDoc{
		{ID: auditID(id, "", 1), ReleaseID: id, Seq: 1, Actor: actor.ID, ActorName: actor.Name, Action: "create", Comment: in.Slug, At: now},
		auditDocFrom(entry, &vd),
	}
	if _, err := s.db.c(colAudit).InsertMany(ctx, []any{audits[0], audits[1]}); err != nil {
		return nil, fmt.Errorf("insert audit: %w", err)
	}
	if _, err := s.db.c(colReleases).InsertOne(ctx, rd); err != nil {
		return nil, fmt.Errorf("insert release: %w", err)
	}
	s.digest(context.WithoutCancel(ctx), audits, &rev)
	s.enqueueWebhooks(context.WithoutCancel(ctx), r, nil, &head, "create")
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
