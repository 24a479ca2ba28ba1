package mongodb_test

import (
	"context"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// TestAPageReadsEachReleaseOnce: the editor's history page read the release
// and its version heads four times (its own load, the revision list, each
// compared text, the audit page); under newsroom.WithPageReads the store
// reads them once per request, and a write begun under the mark still
// reads the current state.
func TestAPageReadsEachReleaseOnce(t *testing.T) {
	a, b := twoInstances(t)
	p := newPeople(t, a)
	r := newRelease(t, a, p.editor, "Page reads")
	saveN(t, a, p.trKy, r.ID, "ky", 3)
	ctx := newsroom.WithPageReads(context.Background())

	t.Run("repeated reads of one page cost nothing more", func(t *testing.T) {
		if _, err := a.Release(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		before := a.DB().Commands()
		if _, err := a.Release(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Revision(ctx, r.ID, "ky", 2); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Revision(ctx, r.ID, "ky", 2); err != nil {
			t.Fatal(err)
		}
		if n := a.DB().Commands() - before; n != 1 {
			t.Errorf("a second read of the release and two of one revision took %d commands, want 1", n)
		}
	})
	t.Run("a write under the mark reads the current state", func(t *testing.T) {
		if _, err := a.Release(ctx, r.ID); err != nil { // remembered at rev 3
			t.Fatal(err)
		}
		saveN(t, b, p.trKy, r.ID, "ky", 1) // rev 4, through the other instance
		v, err := a.Save(ctx, p.trKy, r.ID, "ky", newsroom.Change{Action: newsroom.ActionSave, BaseRev: 4,
			Content: newsroom.Content{Title: "After", Lead: "Lead.", Body: "Body."}})
		if err != nil || v.Rev != 5 {
			t.Fatalf("save on the current head: %v, %v", v, err)
		}
		fresh, err := a.Release(context.Background(), r.ID)
		if err != nil || fresh.Versions["ky"].Rev != 5 {
			t.Fatalf("after the write: %v", err)
		}
	})
}
