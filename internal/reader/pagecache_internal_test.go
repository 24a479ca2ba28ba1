package reader

import (
	"sync"
	"testing"
)

// TestThePageCacheGivesAPageUsedSinceTheHandPassedASecondChance: with room
// for three pages, a page read since it was cached survives the next
// insertion, and the oldest unread one goes; hits never wait on a writer's lock.
func TestThePageCacheGivesAPageUsedSinceTheHandPassedASecondChance(t *testing.T) {
	page := &prepared{body: make([]byte, 1000)}
	size := int64(len(page.body)) + pageOverhead
	c := newPageCache(3 * size)
	key := func(lang string) cacheKey { return cacheKey{page, lang} }
	for _, l := range []string{"a", "b", "c"} {
		c.put(key(l), page)
	}
	if c.get(key("a")) == nil {
		t.Fatal("a is not cached")
	}
	c.put(key("d"), page)
	for l, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if got := c.lookup(key(l), false) != nil; got != want {
			t.Errorf("%s cached: %v, want %v", l, got, want)
		}
	}
	if used, pages, _, _ := c.stats(); used > 3*size || pages != 3 {
		t.Errorf("%d bytes in %d pages for a budget of %d", used, pages, 3*size)
	}

	// Concurrent hits and insertions keep the budget (run with -race).
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 500 {
				k := key(string(rune('e' + (g*500+i)%40)))
				if c.get(k) == nil {
					c.put(k, page)
				}
			}
		})
	}
	wg.Wait()
	if used, _, _, _ := c.stats(); used > 3*size {
		t.Errorf("%d bytes used past the budget of %d", used, 3*size)
	}
}
