package mongodb_test

import (
	"context"
	"testing"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// TestHistoryPagesAreAFewLookupsAtAnyLength is issue 12's failure 3: a
// history page cost one lookup per entry shown (about 50 for the editor's
// history page), so at 1,000 saves it took 40–90 ms. Pages now come from the
// history digest: chunks of 32 summaries, written by each write.
func TestHistoryPagesAreAFewLookupsAtAnyLength(t *testing.T) {
	a, b := twoInstances(t)
	p := newPeople(t, a)
	ctx := context.Background()
	r := newRelease(t, a, p.editor, "Long history")
	saveN(t, a, p.editor, r.ID, "en", 70)
	saveN(t, b, p.trKy, r.ID, "ky", 40) // through the other instance
	saveN(t, a, p.editor, r.ID, "en", 5)

	// release and version heads, then at most two digest chunks a stream.
	const most = 4 + 2
	t.Run("a page of revision summaries", func(t *testing.T) {
		before := a.DB().Commands()
		revs, err := a.RevisionSummaries(ctx, r.ID, "en", 0, 25)
		if err != nil {
			t.Fatal(err)
		}
		if n := a.DB().Commands() - before; n > most {
			t.Errorf("a page of 25 revision summaries took %d commands, want ≤ %d", n, most)
		}
		if len(revs) != 25 || revs[0].Rev != 76 || revs[24].Rev != 52 {
			t.Fatalf("page: %d revisions, %v", len(revs), revs)
		}
	})
	t.Run("a page of one language's audit", func(t *testing.T) {
		before := a.DB().Commands()
		page, err := a.AuditPage(ctx, r.ID, newsroom.AuditQuery{Streams: []string{"ky"}, Limit: 25})
		if err != nil {
			t.Fatal(err)
		}
		if n := a.DB().Commands() - before; n > most {
			t.Errorf("a page of 25 audit entries took %d commands, want ≤ %d", n, most)
		}
		if len(page.Entries) != 25 || page.Entries[0].Seq != 40 {
			t.Fatalf("page: %d entries", len(page.Entries))
		}
	})
	t.Run("summaries say what the revisions say, but their text", func(t *testing.T) {
		sums, err := a.RevisionSummaries(ctx, r.ID, "ky", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		full, err := a.RevisionsPage(ctx, r.ID, "ky", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		sameRevisions(t, sums, full)
	})
}

// sameRevisions checks that summaries match full revisions but for lead,
// body and place.
func sameRevisions(t *testing.T, sums, full []*newsroom.Revision) {
	t.Helper()
	if len(sums) != len(full) {
		t.Fatalf("%d summaries, %d revisions", len(sums), len(full))
	}
	for i := range full {
		s, f := *sums[i], *full[i]
		f.Content = newsroom.Content{Title: f.Content.Title}
		if s.Rev != f.Rev || s.Content != f.Content || s.Author != f.Author || s.AuthorName != f.AuthorName ||
			!s.CreatedAt.Equal(f.CreatedAt) || s.SourceRev != f.SourceRev || s.RestoredFrom != f.RestoredFrom {
			t.Fatalf("summary %d: %+v, revision %+v", i, s, f)
		}
	}
}

// TestHistoryWrittenBeforeTheDigestIsFilledFromTheRecord: the digest is an
// index. A database without it (older data, a restore of an older backup)
// shows the same history, and the first reader writes back every chunk
// that is final, so the next one is a few lookups again.
func TestHistoryWrittenBeforeTheDigestIsFilledFromTheRecord(t *testing.T) {
	s, _ := twoInstances(t)
	p := newPeople(t, s)
	ctx := context.Background()
	r := newRelease(t, s, p.editor, "Old history")
	saveN(t, s, p.editor, r.ID, "en", 80)
	saveN(t, s, p.trKy, r.ID, "ky", 10)
	wantAudit, err := s.Audit(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantRevs, err := s.RevisionsPage(ctx, r.ID, "en", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ForgetHistoryDigest(ctx); err != nil {
		t.Fatal(err)
	}

	gotAudit, err := s.Audit(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotAudit) != len(wantAudit) {
		t.Fatalf("audit from the record: %d entries, want %d", len(gotAudit), len(wantAudit))
	}
	for i := range wantAudit {
		if gotAudit[i] != wantAudit[i] {
			t.Fatalf("entry %d: %+v, want %+v", i, gotAudit[i], wantAudit[i])
		}
	}
	sums, err := s.RevisionSummaries(ctx, r.ID, "en", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	sameRevisions(t, sums, wantRevs)

	// en has 81 revisions: chunks 1–32 and 33–64 are final and written back.
	if n, err := s.HistoryDigestChunks(ctx); err != nil || n < 2 {
		t.Fatalf("%d digest chunks written back (%v)", n, err)
	}
	before := s.DB().Commands()
	if _, err := s.RevisionSummaries(ctx, r.ID, "en", 33, 25); err != nil {
		t.Fatal(err)
	}
	if n := s.DB().Commands() - before; n > 3 {
		t.Errorf("a page inside written-back chunks took %d commands, want ≤ 3", n)
	}
}

var _ newsroom.Releases = (*mongodb.Store)(nil)
