package newsroom

import (
	"context"
	"sync"
)

// PageReads remembers what a store read while one page (one read-only
// request) was being built, so that the page sees one state of each release
// and reads each release document and version head once, however many of
// the store's methods it calls. Safe for concurrent use.
type PageReads struct{ m sync.Map }

type pageReadsKey struct{}

// WithPageReads marks ctx as the reads of one page. Only for work that does
// not write: a store's write methods ignore the mark.
func WithPageReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, pageReadsKey{}, &PageReads{})
}

// WithoutPageReads removes the mark, for a write begun under it.
func WithoutPageReads(ctx context.Context) context.Context {
	if PageReadsOf(ctx) == nil {
		return ctx
	}
	return context.WithValue(ctx, pageReadsKey{}, (*PageReads)(nil))
}

// PageReadsOf returns ctx's memo, nil when ctx is not marked.
func PageReadsOf(ctx context.Context) *PageReads {
	p, _ := ctx.Value(pageReadsKey{}).(*PageReads)
	return p
}

// Load returns what was remembered under key.
func (p *PageReads) Load(key string) (any, bool) { return p.m.Load(key) }

// Store remembers v under key.
func (p *PageReads) Store(key string, v any) { p.m.Store(key, v) }
