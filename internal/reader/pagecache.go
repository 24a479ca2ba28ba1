package reader

import (
	"container/list"
	"context"
	"sync"
	"sync/atomic"
)

// Defaults for the on-demand release pages.
const (
	// DefaultHotReleases is how many of the newest releases keep their pages
	// rendered at all times.
	DefaultHotReleases = 200
	// DefaultPageCacheBytes is the byte budget of the cache of the other
	// releases' pages.
	DefaultPageCacheBytes = 64 << 20
)

// lazyPage stands, in a snapshot, for the pages of a release that are
// rendered on their first request and kept in the site's page cache: those
// of a release that is not among the hot (newest) ones. One placeholder
// stands for all of a release's paths; the language comes from the path.
// It is replaced whenever the release changes, so a cached rendering is
// never stale.
type lazyPage struct {
	rb *relBuild
}

// cacheKey names a cached page: a placeholder and the language of the path.
type cacheKey struct {
	p    *prepared
	lang string
}

// pageCache is a cache of rendered pages bounded by the bytes of their
// bodies, evicting by CLOCK, the usual approximation of least recently used:
// a hit only sets its page's referenced bit, under a read lock, so that the
// many requests for the same pages do not queue on one mutex (an LRU list
// must be reordered on every hit); eviction passes over referenced pages
// once, clearing their bit. It is safe for concurrent use.
type pageCache struct {
	mu     sync.RWMutex
	budget int64
	used   int64
	order  *list.List // of *cacheItem; the clock's hand is at the back
	items  map[cacheKey]*list.Element
	hits   atomic.Int64
	misses atomic.Int64
}

type cacheItem struct {
	key  cacheKey
	page *prepared
	size int64
	ref  atomic.Bool
}

// pageOverhead approximates a cached page's bytes besides its bodies.
const pageOverhead = 512

func newPageCache(budget int64) *pageCache {
	return &pageCache{budget: budget, order: list.New(), items: map[cacheKey]*list.Element{}}
}

// get returns the page cached for placeholder key, if any.
func (c *pageCache) get(key cacheKey) *prepared { return c.lookup(key, true) }

// lookup is get; a miss is counted only with countMiss (a caller that
// renders the page on a miss counts it, one that leaves it to another does not).
func (c *pageCache) lookup(key cacheKey, countMiss bool) *prepared {
	c.mu.RLock()
	el, ok := c.items[key]
	var it *cacheItem
	if ok {
		it = el.Value.(*cacheItem)
		if !it.ref.Load() {
			it.ref.Store(true)
		}
	}
	c.mu.RUnlock()
	if ok {
		c.hits.Add(1)
		return it.page
	}
	if countMiss {
		c.misses.Add(1)
	}
	return nil
}

// put caches page for key, evicting pages past the budget: the clock's hand
// gives each referenced page a second chance, then takes the first that
// was not used since it last passed.
func (c *pageCache) put(key cacheKey, page *prepared) {
	size := int64(len(page.body)+len(page.gz)) + pageOverhead
	c.mu.Lock()
	defer c.mu.Unlock()
	if size > c.budget {
		return
	}
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.order.PushFront(&cacheItem{key: key, page: page, size: size})
	c.used += size
	// Each pass clears a bit or evicts, so this ends within two turns.
	for c.used > c.budget {
		el := c.order.Back()
		it := el.Value.(*cacheItem)
		if it.ref.Swap(false) {
			c.order.MoveToFront(el)
			continue
		}
		c.order.Remove(el)
		delete(c.items, it.key)
		c.used -= it.size
	}
}

// stats returns the bytes in use, the number of pages and the hits and misses so far.
func (c *pageCache) stats() (used int64, pages int, hits, misses int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.used, len(c.items), c.hits.Load(), c.misses.Load()
}

// lazy returns a placeholder for the pages of rb.
func lazy(rb *relBuild) *prepared {
	return &prepared{lazy: &lazyPage{rb: rb}}
}

// resolve returns the page p stands for at a path of lang: p itself when it
// is rendered, else the cached rendering, rendering it now on a miss.
func (s *Site) resolve(ctx context.Context, p *prepared, lang string) (*prepared, error) {
	if p.lazy == nil {
		return p, nil
	}
	key := cacheKey{p, lang}
	if got := s.pages.get(key); got != nil {
		return got, nil
	}
	rb := p.lazy.rb
	var out *prepared
	var err error
	if e := rb.visible[lang]; e != nil {
		var body string
		if body, err = s.bodyOf(ctx, e.p, nil); err != nil {
			return nil, err
		}
		out, err = s.renderRelease(rb, lang, s.md.Markdown(body))
	} else {
		out, err = s.renderUnavailable(rb, lang)
	}
	if err != nil {
		return nil, err
	}
	s.pages.put(key, out)
	return out, nil
}

// CacheStats reports the on-demand page cache: bytes in use, pages, hits and misses.
func (s *Site) CacheStats() (bytes int64, pages int, hits, misses int64) { return s.pages.stats() }
