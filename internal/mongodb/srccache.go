package mongodb

import (
	"context"
	"sync"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// sourceCacheSize bounds the source revisions kept for save summaries
// (about 5 KB each).
const sourceCacheSize = 256

// sourceCache keeps the text of recently read source revisions. Revisions
// never change once written, so an entry never goes stale; a translator's
// autosaves read the same source revision again and again.
type sourceCache struct {
	mu    sync.Mutex
	byID  map[string]newsroom.Content
	order []string // oldest first
}

// sourceContent returns the text of revision id, from the cache or the
// database; ok is false when there is no such revision.
func (s *Store) sourceContent(ctx context.Context, id string) (newsroom.Content, bool, error) {
	c := &s.sources
	c.mu.Lock()
	t, ok := c.byID[id]
	c.mu.Unlock()
	if ok {
		return t, true, nil
	}
	var d revisionDoc
	found, err := s.db.findByID(ctx, colRevisions, id, &d)
	if err != nil || !found {
		return newsroom.Content{}, false, err
	}
	t = newsroom.Content{Title: d.Title, Lead: d.Lead, Body: d.Body}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil {
		c.byID = map[string]newsroom.Content{}
	}
	if _, dup := c.byID[id]; !dup {
		if len(c.order) >= sourceCacheSize {
			delete(c.byID, c.order[0])
			c.order = c.order[1:]
		}
		c.byID[id] = t
		c.order = append(c.order, id)
	}
	return t, true, nil
}
