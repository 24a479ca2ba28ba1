package mongodb

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/render"
)

// Save implements newsroom.Releases.
func (s *Store) Save(ctx context.Context, actor *newsroom.User, id, lang string, ch newsroom.Change) (*newsroom.Version, error) {
	ch.Action = newsroom.ActionSave
	ch.Content = ch.Content.Normalize()
	if err := checkContent(ch.Content); err != nil {
		return nil, err
	}
	return s.write(ctx, actor, id, lang, ch)
}

// checkContent applies the rules every text the store writes obeys: the
// domain's size and encoding rules, and the Markdown limits that keep its
// rendering bounded (render.Check). The limits live in render, which the
// pure domain does not import; the store is the one place every save,
// restore and creation passes, whichever edge it comes from, so what is
// stored, and later published, is always within them.
func checkContent(c newsroom.Content) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return render.Check(c.Body)
}

// Restore implements newsroom.Releases.
func (s *Store) Restore(ctx context.Context, actor *newsroom.User, id, lang string, rev, baseRev int) (*newsroom.Version, error) {
	old, err := s.Revision(ctx, id, lang, rev)
	if err != nil {
		return nil, err
	}
	if err := render.Check(old.Content.Body); err != nil { // a text saved before the limits
		return nil, err
	}
	// The words' author: whoever saved them, or, for a restore of a
	// restore, whoever wrote them first.
	author := old.Author
	if old.RestoredAuthor != "" {
		author = old.RestoredAuthor
	}
	return s.write(ctx, actor, id, lang, newsroom.Change{
		Action: newsroom.ActionRestore, BaseRev: baseRev, Content: old.Content, RestoredFrom: rev, SourceRev: old.SourceRev,
		RestoredAuthor: author,
	})
}

// Transition implements newsroom.Releases.
func (s *Store) Transition(ctx context.Context, actor *newsroom.User, id, lang string, ch newsroom.Change) (*newsroom.Version, error) {
	if ch.Action == newsroom.ActionSave || ch.Action == newsroom.ActionRestore {
		return nil, newsroom.E(newsroom.EInvalid, "ErrUseSave")
	}
	return s.write(ctx, actor, id, lang, ch)
}

// PublishAll implements newsroom.Releases.
func (s *Store) PublishAll(ctx context.Context, actor *newsroom.User, id string) ([]*newsroom.Version, error) {
	ctx = newsroom.WithoutPageReads(ctx) // a write reads the current state
	if err := newsroom.CanEditRelease(actor); err != nil {
		return nil, err
	}
	r, err := s.Release(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []*newsroom.Version
	for _, l := range s.langs.Codes() {
		if r.Versions[l].State != newsroom.StateApproved {
			continue
		}
		v, err := s.write(ctx, actor, r.ID, l, newsroom.Change{Action: newsroom.ActionPublish, Comment: "published with all approved languages"})
		if err != nil {
			if newsroom.ErrorCode(err) == newsroom.EConflict {
				continue // changed under us: it is no longer approved
			}
			return out, err
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, newsroom.E(newsroom.EConflict, "ErrNoneApproved")
	}
	return out, nil
}

// write runs one workflow action on a version: load, check with
// newsroom.Apply, then persist in an order that keeps the data whole if the
// process dies at any step:
//
//  1. the audit entry, whose unique _id (release/lang/seq) claims the version's
//     next sequence number — two writers cannot both claim it;
//  2. the new revision (saves) or the published snapshot (publish/unpublish);
//  3. the version head, which makes the write visible.
//
// A writer that finds the next sequence number already claimed by a write that
// never reached step 3 finishes it from the audit entry (roll forward).
func (s *Store) write(ctx context.Context, actor *newsroom.User, id, lang string, ch newsroom.Change) (*newsroom.Version, error) {
	ctx = newsroom.WithoutPageReads(ctx) // a write reads the current state
	if err := s.langs.Check(lang); err != nil {
		return nil, err
	}
	r, err := s.release(ctx, id)
	if err != nil {
		return nil, err
	}
	unlock := s.locks.lock(newsroom.VersionID(r.ID, lang))
	defer unlock()
	for attempt := 0; ; attempt++ {
		v, err := s.version(ctx, r.ID, lang)
		if err != nil {
			return nil, err
		}
		source := v
		if lang != r.SourceLang {
			if source, err = s.version(ctx, r.ID, r.SourceLang); err != nil {
				return nil, err
			}
		}
		ch.Now = s.clock()
		if err := s.prepareQA(ctx, r, v, source, &ch); err != nil {
			return nil, err
		}
		next, entry, err := newsroom.Apply(actor, r, *v, source, ch)
		if err != nil {
			// A refusal is decided on the head as stored; a write that a
			// crash left claimed but unfinished changes that head, so it is
			// finished (or voided) first and the decision taken again.
			if pending, perr := s.pendingClaim(ctx, v); perr != nil {
				return nil, perr
			} else if pending && attempt < 50 {
				if err := s.rollForward(ctx, v, v.Seq+1); err != nil {
					return nil, err
				}
				continue
			}
			return nil, err
		}
		// A save that would store the text already there (an autosave after
		// a save, say) writes nothing and keeps the state: an approved text
		// does not fall back to draft because someone pressed Save again.
		if ch.Action == newsroom.ActionSave {
			if same, err := s.unchanged(ctx, r, v, &next, ch.Content); err != nil {
				return nil, err
			} else if same {
				return v, nil
			}
		}
		if ch.Action == newsroom.ActionSave || ch.Action == newsroom.ActionRestore {
			next.Summary = s.summarize(ctx, r, &next, ch.Content)
		}
		head := versionToDoc(&next)
		_, err = s.db.c(colAudit).InsertOne(ctx, auditDocFrom(entry, &head))
		if mongo.IsDuplicateKeyError(err) {
			if attempt >= 50 {
				return nil, &newsroom.Error{Code: newsroom.EConflict, CurrentRev: v.Rev, CurrentState: v.State, Message: "This version is being changed by someone else; reload and try again."}
			}
			if err := s.rollForward(ctx, v, entry.Seq); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("claim %s seq %d: %w", head.ID, entry.Seq, err)
		}
		// Past this point the write is claimed; finish it even if the caller gives up.
		s.step("claimed " + string(ch.Action))
		wctx := context.WithoutCancel(ctx)
		if err := s.sideEffects(wctx, actor, r, v, &next, ch); err != nil {
			s.voidClaim(wctx, v, entry.Seq, ch.Action)
			return nil, err
		}
		s.step("applied " + string(ch.Action))
		if err := s.putHead(wctx, &head); err != nil {
			return nil, err
		}
		var rev *revisionDoc
		if ch.Action == newsroom.ActionSave || ch.Action == newsroom.ActionRestore {
			rd := newRevision(actor, r, v, &next, ch)
			rev = &rd
		}
		s.digest(wctx, []auditDoc{auditDocFrom(entry, nil)}, rev)
		s.enqueueWebhooks(wctx, r, v, &next, string(ch.Action))
		s.changed(wctx, r.ID, withVersion(&next))
		if ch.Action == newsroom.ActionPublish {
			// The snapshot took the release's metadata as it was read; an
			// update that landed meanwhile (an embargo, a new slug) is
			// copied in now. The update does the same after its own write.
			// Readers are told once, just below.
			if _, err := s.refreshSnapshots(wctx, r.ID); err != nil {
				return nil, err
			}
		}
		s.feedMemory(wctx, r, &next, ch)
		if ch.Action == newsroom.ActionPublish || ch.Action == newsroom.ActionUnpublish {
			if err := s.notify(wctx, r.ID); err != nil {
				return nil, err
			}
		}
		if s.onTransition != nil {
			s.onTransition(string(ch.Action), lang, string(next.State))
		}
		return &next, nil
	}
}

// pendingClaim reports whether the sequence number after v's is claimed by
// a write that has not reached the head.
func (s *Store) pendingClaim(ctx context.Context, v *newsroom.Version) (bool, error) {
	var a auditDoc
	return s.db.findByID(ctx, colAudit, auditID(v.ReleaseID, v.Lang, v.Seq+1), &a)
}

// unchanged reports whether the save that leads to next stores the same
// text, with the same source pin, as the current revision.
func (s *Store) unchanged(ctx context.Context, r *newsroom.Release, v, next *newsroom.Version, c newsroom.Content) (bool, error) {
	if v.Rev == 0 || (v.Lang != r.SourceLang && next.SourceRev != v.SourceRev) {
		return false, nil
	}
	var cur revisionDoc
	found, err := s.db.findByID(ctx, colRevisions, newsroom.RevisionID(r.ID, v.Lang, v.Rev), &cur)
	if err != nil || !found {
		return false, err
	}
	return cur.toDomain().Content == c, nil
}

// sideEffects writes what an action stores besides the head.
func (s *Store) sideEffects(ctx context.Context, actor *newsroom.User, r *newsroom.Release, v, next *newsroom.Version, ch newsroom.Change) error {
	switch ch.Action {
	case newsroom.ActionSave, newsroom.ActionRestore:
		rev := newRevision(actor, r, v, next, ch)
		// The claimed sequence number guarantees no live writer holds this
		// revision number; a row already there is an orphan of a dead write.
		// Insert first: on the embedded server an insert is cheap and an
		// update scans the (large) collection.
		_, err := s.db.c(colRevisions).InsertOne(ctx, rev)
		if mongo.IsDuplicateKeyError(err) {
			_, err = s.db.c(colRevisions).ReplaceOne(ctx, bson.D{{Key: "_id", Value: rev.ID}}, rev)
		}
		if err != nil {
			return fmt.Errorf("insert revision %s: %w", rev.ID, err)
		}
	case newsroom.ActionPublish:
		// The metadata is the release's as read when the write began; the
		// write refreshes it (refreshSnapshots) once its head is in place.
		var cur revisionDoc
		found, err := s.db.findByID(ctx, colRevisions, newsroom.RevisionID(r.ID, v.Lang, v.Rev), &cur)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("publish %s/%s: revision %d is missing", r.ID, v.Lang, v.Rev)
		}
		pd := publishedDoc{
			ID: newsroom.VersionID(r.ID, v.Lang), ReleaseID: r.ID, Slug: r.Slug, OldSlugs: r.OldSlugs, Lang: v.Lang, SourceLang: r.SourceLang,
			Title: cur.Title, Lead: cur.Lead, Body: cur.Body, Place: r.PlaceFor(v.Lang, cur.Place), VersionPlace: cur.Place, Date: r.Date,
			Rev: v.Rev, PublishedAt: ch.Now, FirstPublishedAt: ch.Now,
		}
		if !r.EmbargoUntil.IsZero() {
			t := r.EmbargoUntil
			pd.EmbargoUntil = &t
		}
		var old publishedDoc
		if ok, err := s.db.findByID(ctx, colPublished, pd.ID, &old); err != nil {
			return err
		} else if ok && !old.FirstPublishedAt.IsZero() {
			pd.FirstPublishedAt = old.FirstPublishedAt
		}
		if _, err := s.db.c(colPublished).ReplaceOne(ctx, bson.D{{Key: "_id", Value: pd.ID}}, pd, options.Replace().SetUpsert(true)); err != nil {
			return fmt.Errorf("publish %s: %w", pd.ID, err)
		}
	case newsroom.ActionUnpublish:
		if _, err := s.db.c(colPublished).DeleteOne(ctx, bson.D{{Key: "_id", Value: newsroom.VersionID(r.ID, v.Lang)}}); err != nil {
			return fmt.Errorf("unpublish: %w", err)
		}
	}
	return nil
}

// newRevision is the revision a save or restore that leads to next stores.
func newRevision(actor *newsroom.User, r *newsroom.Release, v, next *newsroom.Version, ch newsroom.Change) revisionDoc {
	return revisionToDoc(&newsroom.Revision{
		ReleaseID: r.ID, Lang: v.Lang, Rev: next.Rev, Content: ch.Content, Author: actor.ID, AuthorName: actor.Name,
		SourceRev: next.SourceRev, RestoredFrom: ch.RestoredFrom, RestoredAuthor: next.RestoredAuthor, CreatedAt: ch.Now,
	})
}

func (s *Store) putHead(ctx context.Context, head *versionDoc) error {
	_, err := s.db.c(colVersions).ReplaceOne(ctx, bson.D{{Key: "_id", Value: head.ID}}, head, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("update version %s: %w", head.ID, err)
	}
	return nil
}

// voidClaim ends a save's or restore's claim whose revision could not be
// written (a full disk, say) as rollForward would, but at once: the head
// keeps its text and takes the sequence number, so that the next write
// need not wait rollForwardAfter for a claim nobody will finish. A
// revision row that was written after all is an orphan the next save of
// that number replaces. Other actions are left to rollForward, which
// checks what their side effect did. Best effort: when this write fails
// too, rollForward voids the claim later.
func (s *Store) voidClaim(ctx context.Context, v *newsroom.Version, seq int, action newsroom.Action) {
	if action != newsroom.ActionSave && action != newsroom.ActionRestore {
		return
	}
	head := versionToDoc(v)
	head.Seq = seq
	if err := s.putHead(ctx, &head); err != nil {
		s.db.log.Warn("could not void an unfinished write; the next write will", "version", head.ID, "seq", seq, "err", err)
	}
}

// rollForward handles a claimed sequence number whose write has not reached
// its head. A fresh claim belongs to a writer in another process that is still
// working: wait for it. A claim older than rollForwardAfter belongs to a dead
// writer: finish it from the head stored in its audit entry. A save whose
// revision never got written is finished as a no-op that only consumes the
// sequence number, so the audit log and the heads stay consistent.
func (s *Store) rollForward(ctx context.Context, v *newsroom.Version, seq int) error {
	var a auditDoc
	found, err := s.db.findByID(ctx, colAudit, auditID(v.ReleaseID, v.Lang, seq), &a)
	if err != nil {
		return err
	}
	if !found || a.Head == nil {
		return nil // gone or release-level: just retry
	}
	if fresh, err := s.waitIfFresh(ctx, &a); fresh || err != nil {
		return err
	}
	// The claimed write may have stopped before or after its side effect.
	// One that never reached it is voided: the sequence number is consumed
	// and the audit entry marked aborted, so the log claims nothing that
	// did not happen.
	head := *a.Head
	voided := false
	if head.Rev > v.Rev {
		var rd revisionDoc
		ok, err := s.db.findByID(ctx, colRevisions, newsroom.RevisionID(v.ReleaseID, v.Lang, head.Rev), &rd)
		if err != nil {
			return err
		}
		if !ok {
			head = versionToDoc(v)
			head.Seq = seq
			voided = true
		}
	}
	switch a.Action {
	case string(newsroom.ActionPublish):
		// Roll forward only if the snapshot was written; otherwise void the claim.
		var pd publishedDoc
		ok, err := s.db.findByID(ctx, colPublished, head.ID, &pd)
		if err != nil {
			return err
		}
		if !ok || pd.Rev != head.PublishedRev {
			head = versionToDoc(v)
			head.Seq = seq
			voided = true
		}
		defer s.notify(ctx, v.ReleaseID) //nolint:errcheck // best effort; readers also reload periodically
	case string(newsroom.ActionUnpublish):
		if _, err := s.db.c(colPublished).DeleteOne(ctx, bson.D{{Key: "_id", Value: head.ID}}); err != nil {
			return fmt.Errorf("unpublish: %w", err)
		}
		defer s.notify(ctx, v.ReleaseID) //nolint:errcheck // best effort; readers also reload periodically
	}
	if voided {
		if _, err := s.db.c(colAudit).UpdateOne(ctx, bson.D{{Key: "_id", Value: a.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "aborted", Value: true}}}}); err != nil {
			return fmt.Errorf("void %s: %w", a.ID, err)
		}
	}
	s.db.log.Warn("rolled forward an interrupted write", "version", head.ID, "seq", seq, "action", a.Action, "voided", voided)
	if err := s.putHead(ctx, &head); err != nil {
		return err
	}
	if !voided {
		s.enqueueRolledForward(ctx, v, &head, a.Action)
	}
	s.changed(ctx, v.ReleaseID, withVersion(head.toDomain()))
	return nil
}

// waitIfFresh reports whether claim a is fresh enough to belong to a live
// writer, after waiting a moment for it; a stale claim (older than
// rollForwardAfter) belongs to a dead writer and is finished by the caller.
func (s *Store) waitIfFresh(ctx context.Context, a *auditDoc) (bool, error) {
	if s.now().Sub(a.At) >= s.rollForwardAfter {
		return false, nil
	}
	select {
	case <-ctx.Done():
		return true, ctx.Err()
	case <-time.After(20 * time.Millisecond):
	}
	return true, nil
}
