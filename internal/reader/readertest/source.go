// Package readertest provides an in-memory implementation of the reader
// site's port (reader.Source) and a generator of realistic releases, for the
// reader's tests and for the readerbench command. It is a fake of the reader's
// own port, not of the database: the store is tested against a real server.
package readertest

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Source holds published snapshots in memory and logs every change the way
// the store's publish log does. It is safe for concurrent use.
type Source struct {
	mu  sync.Mutex
	pub map[string]map[string]*newsroom.Published // release ID → lang → snapshot
	seq int64
	log []change
	// minSeq is the oldest sequence number the log still reaches; see Truncate.
	minSeq int64

	// Calls counts calls per method, for tests that check what the reader asks for.
	calls map[string]int
	// checkpoints are those saved by SaveCheckpoint, by name.
	checkpoints map[string]checkpoint
	// fail, when set, is returned by every read (a database that is away).
	fail error
	// gate, when set, holds EachPublished until it is closed.
	gate chan struct{}
}

type checkpoint struct {
	data []byte
	seq  int64
}

type change struct {
	seq int64
	id  string
}

// NewSource returns a Source holding ps.
func NewSource(ps ...*newsroom.Published) *Source {
	s := &Source{pub: map[string]map[string]*newsroom.Published{}, calls: map[string]int{}, checkpoints: map[string]checkpoint{}}
	s.Publish(ps...)
	return s
}

// Publish stores snapshots (replacing the same release and language) and logs them.
func (s *Source) Publish(ps ...*newsroom.Published) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range ps {
		cp := *p
		if s.pub[p.ReleaseID] == nil {
			s.pub[p.ReleaseID] = map[string]*newsroom.Published{}
		}
		s.pub[p.ReleaseID][p.Lang] = &cp
		s.logLocked(p.ReleaseID)
	}
}

// Unpublish removes the snapshot of one language of a release ("" removes every language).
func (s *Source) Unpublish(id, lang string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if lang == "" {
		delete(s.pub, id)
	} else if m := s.pub[id]; m != nil {
		delete(m, lang)
		if len(m) == 0 {
			delete(s.pub, id)
		}
	}
	s.logLocked(id)
}

// Truncate forgets the log up to now, so that a reader asking for older
// changes is told the log is incomplete.
func (s *Source) Truncate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
	s.minSeq = s.seq
}

// Calls returns how often method was called.
func (s *Source) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// callLocked counts a call of method and returns the error every read
// fails with while the source is failing (see Fail).
func (s *Source) callLocked(method string) error {
	s.calls[method]++
	return s.fail
}

func (s *Source) logLocked(id string) {
	s.seq++
	s.log = append(s.log, change{seq: s.seq, id: id})
}

// AllPublished returns copies of every snapshot, embargoed ones included.
func (s *Source) AllPublished(ctx context.Context) ([]*newsroom.Published, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.callLocked("AllPublished"); err != nil {
		return nil, err
	}
	var out []*newsroom.Published
	for _, m := range s.pub {
		for _, p := range m {
			cp := *p
			out = append(out, &cp)
		}
	}
	return out, nil
}

// EachPublished calls fn with a copy of every snapshot, embargoed ones
// included, in release ID order; it stops at fn's first error.
func (s *Source) EachPublished(ctx context.Context, fn func(*newsroom.Published) error) error {
	s.mu.Lock()
	gate := s.gate
	s.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	all, err := s.AllPublished(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.calls["EachPublished"]++
	s.mu.Unlock()
	slices.SortFunc(all, func(a, b *newsroom.Published) int {
		if a.ReleaseID != b.ReleaseID {
			return strings.Compare(a.ReleaseID, b.ReleaseID)
		}
		return strings.Compare(a.Lang, b.Lang)
	})
	for _, p := range all {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// PublishedVersion returns a copy of one language version's snapshot, or nil.
func (s *Source) PublishedVersion(ctx context.Context, id, lang string) (*newsroom.Published, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.callLocked("PublishedVersion"); err != nil {
		return nil, err
	}
	p := s.pub[id][lang]
	if p == nil {
		return nil, nil
	}
	cp := *p
	return &cp, nil
}

// HoldScans makes EachPublished wait until the returned function is called:
// tests use it to show that something does not wait for a full scan.
func (s *Source) HoldScans() (release func()) {
	gate := make(chan struct{})
	s.mu.Lock()
	s.gate = gate
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.gate = nil
			s.mu.Unlock()
			close(gate)
		})
	}
}

// Fail makes every read fail with err until Fail(nil): the database is away.
func (s *Source) Fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = err
}

// LoadCheckpoint returns the checkpoint saved under name.
func (s *Source) LoadCheckpoint(ctx context.Context, name string) ([]byte, int64, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.callLocked("LoadCheckpoint"); err != nil {
		return nil, 0, false, err
	}
	c, ok := s.checkpoints[name]
	return slices.Clone(c.data), c.seq, ok, nil
}

// SaveCheckpoint keeps data under name unless a later one (higher seq) is there.
func (s *Source) SaveCheckpoint(ctx context.Context, name string, data []byte, seq int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.callLocked("SaveCheckpoint"); err != nil {
		return err
	}
	if c, ok := s.checkpoints[name]; ok && c.seq > seq {
		return nil
	}
	s.checkpoints[name] = checkpoint{slices.Clone(data), seq}
	return nil
}

// PublishedOf returns copies of one release's snapshots; none for an unknown release.
func (s *Source) PublishedOf(ctx context.Context, id string) ([]*newsroom.Published, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.callLocked("PublishedOf"); err != nil {
		return nil, err
	}
	var out []*newsroom.Published
	for _, p := range s.pub[id] {
		cp := *p
		out = append(out, &cp)
	}
	return out, nil
}

// PublishChanges returns the releases changed after seq.
func (s *Source) PublishChanges(ctx context.Context, seq int64) (newsroom.PublishLog, error) {
	if err := ctx.Err(); err != nil {
		return newsroom.PublishLog{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.callLocked("PublishChanges"); err != nil {
		return newsroom.PublishLog{}, err
	}
	out := newsroom.PublishLog{Seq: s.seq, Complete: seq >= s.minSeq}
	for _, c := range s.log {
		if c.seq > seq && !slices.Contains(out.ReleaseIDs, c.id) {
			out.ReleaseIDs = append(out.ReleaseIDs, c.id)
		}
	}
	return out, nil
}

// Snapshot is a convenience constructor for one language version's snapshot,
// published at publishedAt.
func Snapshot(id, slug, lang, sourceLang string, date time.Time, place string, c newsroom.Content, publishedAt time.Time) *newsroom.Published {
	return &newsroom.Published{
		ReleaseID: id, Slug: slug, Lang: lang, SourceLang: sourceLang,
		Content: c, Place: place, Date: date, Rev: 1,
		PublishedAt: publishedAt, FirstPublishedAt: publishedAt,
	}
}
