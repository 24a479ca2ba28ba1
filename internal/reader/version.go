package reader

import (
	"context"
	"errors"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// version is a published snapshot as the site keeps it: everything but its
// Markdown body, which stays in the store and is read when a page, the feed
// or a search excerpt needs it, plus the body's digest, so that a
// correction of the body alone is seen. Keeping bodies out of memory is what
// bounds the site's memory by its metadata (a title, a lead and a few dates
// per version) rather than by the archive's text.
type version struct {
	*newsroom.Published // Content.Body is always ""
	sum                 uint64
}

// newVersion strips p's body into the returned string.
func newVersion(p *newsroom.Published) (*version, string) {
	body := p.Content.Body
	cp := *p
	cp.Content.Body = ""
	return &version{Published: &cp, sum: bodySum(body)}, body
}

// bodySum is the digest of a body (FNV-1a, 64 bits): stable across
// processes, since checkpoints keep it. It hashes the string in place
// (hash/fnv would need a copy of it as a byte slice).
func bodySum(body string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := range len(body) {
		h ^= uint64(body[i])
		h *= prime
	}
	return h
}

// errGone is returned when the store no longer has a version the site still
// shows: it was unpublished a moment ago, and the refresh that follows will
// take it off the site.
var errGone = errors.New("reader: the version is no longer published")

// bodies are the Markdown bodies a rebuild has at hand, by release ID and
// language: those the store sent with the snapshots that caused it.
type bodies map[string]map[string]string

// bodyOf returns v's Markdown body: from have when it is there, else from
// the store. When the store holds a different body (a correction the site
// has not loaded yet) it returns that and queues the release for a refresh.
func (s *Site) bodyOf(ctx context.Context, v *version, have map[string]string) (string, error) {
	if b, ok := have[v.Lang]; ok {
		return b, nil
	}
	p, err := s.cfg.Source.PublishedVersion(ctx, v.ReleaseID, v.Lang)
	if err != nil {
		return "", err
	}
	if p == nil {
		s.invalidate(v.ReleaseID)
		return "", errGone
	}
	if bodySum(p.Content.Body) != v.sum {
		s.invalidate(v.ReleaseID)
	}
	return p.Content.Body, nil
}
