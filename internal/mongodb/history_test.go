package mongodb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// saveN saves n new texts of lang, as who.
func saveN(t testing.TB, s *mongodb.Store, who *newsroom.User, id, lang string, n int) {
	t.Helper()
	ctx := context.Background()
	r, err := s.Release(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	base := r.Versions[lang].Rev
	for i := range n {
		v, err := s.Save(ctx, who, id, lang, newsroom.Change{
			Action: newsroom.ActionSave, BaseRev: base,
			Content: newsroom.Content{Title: fmt.Sprintf("Title %s %d", lang, base+i+1), Lead: "Lead.", Body: "Body."},
		})
		if err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
		base = v.Rev
	}
}

func TestHistoryPagesReadOnlyWhatTheyShow(t *testing.T) {
	s, _ := twoInstances(t)
	p := newPeople(t, s)
	ctx := context.Background()
	r := newRelease(t, s, p.editor, "Long history")
	saveN(t, s, p.editor, r.ID, "en", 60)
	saveN(t, s, p.trKy, r.ID, "ky", 25)
	saveN(t, s, p.editor, r.ID, "en", 5)

	t.Run("a page of revisions costs a few commands whatever the history's length", func(t *testing.T) {
		before := s.DB().Commands()
		revs, err := s.RevisionsPage(ctx, r.ID, "en", 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		// release + version + at most one lookup per revision shown.
		if n := s.DB().Commands() - before; n > 2+10 {
			t.Errorf("a page of 10 revisions took %d commands", n)
		}
		if len(revs) != 10 || revs[0].Rev != 66 || revs[9].Rev != 57 {
			t.Fatalf("first page: %d revisions from %d", len(revs), revs[0].Rev)
		}
	})

	t.Run("revision pages continue before a revision and end at the first", func(t *testing.T) {
		revs, err := s.RevisionsPage(ctx, r.ID, "en", 5, 10)
		if err != nil || len(revs) != 4 || revs[0].Rev != 4 || revs[3].Rev != 1 {
			t.Fatalf("last page: %d %v", len(revs), err)
		}
		all, err := s.Revisions(ctx, r.ID, "en")
		if err != nil || len(all) != 66 {
			t.Fatalf("all revisions: %d %v", len(all), err)
		}
	})

	t.Run("a page of the audit costs a few commands whatever the log's length", func(t *testing.T) {
		before := s.DB().Commands()
		page, err := s.AuditPage(ctx, r.ID, newsroom.AuditQuery{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if n := s.DB().Commands() - before; n > 5+10+4*4 {
			t.Errorf("a page of 10 audit entries took %d commands", n)
		}
		if len(page.Entries) != 10 || page.Next == "" {
			t.Fatalf("page: %d entries, next %q", len(page.Entries), page.Next)
		}
	})

	t.Run("audit pages together are the whole log, newest first", func(t *testing.T) {
		all, err := s.Audit(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []newsroom.AuditEntry
		cursor := ""
		for range 100 {
			page, err := s.AuditPage(ctx, r.ID, newsroom.AuditQuery{Cursor: cursor, Limit: 7})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, page.Entries...)
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if len(got) != len(all) {
			t.Fatalf("pages hold %d entries, the log %d", len(got), len(all))
		}
		for i := range got {
			w := all[len(all)-1-i]
			if g := got[i]; g.Lang != w.Lang || g.Seq != w.Seq {
				t.Fatalf("entry %d: got %s/%d, want %s/%d", i, g.Lang, g.Seq, w.Lang, w.Seq)
			}
		}
	})

	t.Run("an audit page of one language holds only that language", func(t *testing.T) {
		page, err := s.AuditPage(ctx, r.ID, newsroom.AuditQuery{Streams: []string{"ky"}, Limit: 100})
		if err != nil || len(page.Entries) != 25 || page.Next != "" {
			t.Fatalf("ky: %d entries, next %q, %v", len(page.Entries), page.Next, err)
		}
		for _, e := range page.Entries {
			if e.Lang != "ky" {
				t.Fatalf("entry of %q", e.Lang)
			}
		}
	})

	t.Run("a cursor this server did not write is invalid input", func(t *testing.T) {
		for _, c := range []string{"xx", "en:-1", "de:4", "en:1,en:2", "en:abc"} {
			_, err := s.AuditPage(ctx, r.ID, newsroom.AuditQuery{Cursor: c})
			if newsroom.ErrorCode(err) != newsroom.EInvalid {
				t.Errorf("cursor %q: %v", c, err)
			}
		}
		_, err := s.AuditPage(ctx, r.ID, newsroom.AuditQuery{Streams: []string{"de"}})
		if newsroom.ErrorCode(err) != newsroom.EInvalid {
			t.Errorf("stream de: %v", err)
		}
	})
}
