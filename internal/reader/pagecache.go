package reader

import (
	"container/list"
	"context"
	"sync"
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

// pageCache is a least-recently-used cache of rendered pages bounded by the
// bytes of their bodies. It is safe for concurrent use.
type pageCache struct {
	mu     sync.Mutex
	budget int64
	used   int64
	order  *list.List // of *cacheItem, most recent first
	items  map[cacheKey]*list.Element
	hits   int64
	misses int64
}

type cacheItem struct {
	key  cacheKey
	page *prepared
	size int64
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
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		c.hits++
		return el.Value.(*cacheItem).page
	}
	if countMiss {
		c.misses++
	}
	return nil
}

// put caches page for key, evicting the least recently used pages past the budget.
func (c *pageCache) put(key cacheKey, page *prepared) {
	size := int64(len(page.body)+len(page.gz)) + pageOverhead
	c.mu.Lock()
	defer c.mu.Unlock()
	if size > c.budget {
		return
	}
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&cacheItem{key: key, page: page, size: size})
	c.used += size
	for c.used > c.budget {
		el := c.order.Back()
		it := el.Value.(*cacheItem)
		c.order.Remove(el)
		delete(c.items, it.key)
		c.used -= it.size
	}
}

// stats returns the bytes in use, the number of pages and the hits and misses so far.
func (c *pageCache) stats() (used int64, pages int, hits, misses int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used, len(c.items), c.hits, c.misses
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
