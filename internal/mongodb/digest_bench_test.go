package mongodb_test

import (
	"context"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// BenchmarkHistoryPages times the store's share of the history pages on a
// release with 300 saves of en and of ky:
//
//	go test ./internal/mongodb -run '^$' -bench HistoryPages
func BenchmarkHistoryPages(b *testing.B) {
	s, _ := twoInstances(b)
	p := newPeople(b, s)
	ctx := context.Background()
	r := newRelease(b, s, p.editor, "Long history")
	saveN(b, s, p.editor, r.ID, "en", 300)
	saveN(b, s, p.trKy, r.ID, "ky", 300)
	for _, c := range []struct {
		name string
		f    func() error
	}{
		{"revision summaries, 25", func() error { _, err := s.RevisionSummaries(ctx, r.ID, "ky", 0, 25); return err }},
		{"audit of one language, 25", func() error {
			_, err := s.AuditPage(ctx, r.ID, newsroom.AuditQuery{Streams: []string{"ky"}, Limit: 25})
			return err
		}},
		{"audit of all streams, 25", func() error { _, err := s.AuditPage(ctx, r.ID, newsroom.AuditQuery{Limit: 25}); return err }},
		{"one revision", func() error { _, err := s.Revision(ctx, r.ID, "ky", 200); return err }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.f(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
