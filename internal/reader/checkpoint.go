package reader

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// A checkpoint is what the site knows of every published snapshot, bodies
// excepted (see version), kept in the store so that a restart loads a few
// large documents and the publish log's tail instead of every release: at
// 10,000 releases × 3 languages that is well under a second instead of
// reading 150 MB of bodies. Any instance may write one; it is derived data,
// rebuilt from the releases when missing, unreadable or too old (when the
// publish log no longer reaches back to it).
//
// Format: zstd over "KRC1", a uvarint count, then per version its fields in
// a fixed order (strings and lists as uvarint length + bytes, times as
// varint Unix nanoseconds with a flag for zero, the body digest as 8 bytes).

// Checkpointer is implemented by sources that can keep a checkpoint
// (mongodb.Store does); the site works without one, loading everything.
type Checkpointer interface {
	// LoadCheckpoint returns the checkpoint called name and its sequence
	// number in the publish log; found is false when there is none.
	LoadCheckpoint(ctx context.Context, name string) (data []byte, seq int64, found bool, err error)
	// SaveCheckpoint replaces the checkpoint called name unless a later one
	// (a higher seq) is there.
	SaveCheckpoint(ctx context.Context, name string, data []byte, seq int64) error
}

const (
	checkpointName  = "reader"
	checkpointMagic = "KRC1"
	// checkpointEvery is the least time between two checkpoints an
	// instance writes after changes.
	checkpointEvery = 30 * time.Second
	// maxCheckpointVersions bounds what a checkpoint may claim to hold, and
	// maxCheckpointBytes its decompressed size (about 1 KB per version).
	maxCheckpointVersions = 10_000_000
	maxCheckpointBytes    = 1 << 30
)

// encodeCheckpoint encodes the versions in raw.
func encodeCheckpoint(raw map[string]map[string]*version) ([]byte, error) {
	var b []byte
	b = append(b, checkpointMagic...)
	n := 0
	for _, m := range raw {
		n += len(m)
	}
	b = binary.AppendUvarint(b, uint64(n))
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	tm := func(t time.Time) {
		if t.IsZero() {
			b = append(b, 0)
			return
		}
		b = append(b, 1)
		b = binary.AppendVarint(b, t.UnixNano())
	}
	for _, m := range raw {
		for _, v := range m {
			str(v.ReleaseID)
			str(v.Slug)
			b = binary.AppendUvarint(b, uint64(len(v.OldSlugs)))
			for _, o := range v.OldSlugs {
				str(o)
			}
			str(v.Lang)
			str(v.SourceLang)
			str(v.Content.Title)
			str(v.Content.Lead)
			str(v.Content.Place)
			str(v.Place)
			tm(v.Date)
			tm(v.EmbargoUntil)
			b = binary.AppendVarint(b, int64(v.Rev))
			tm(v.PublishedAt)
			tm(v.FirstPublishedAt)
			b = binary.LittleEndian.AppendUint64(b, v.sum)
		}
	}
	// A codec per call: they keep their buffers (megabytes) while they live.
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer enc.Close()
	return enc.EncodeAll(b, nil), nil
}

// errCheckpoint reports a checkpoint that cannot be read; the site then
// loads everything instead.
var errCheckpoint = errors.New("reader: unreadable checkpoint")

// decodeCheckpoint decodes what encodeCheckpoint wrote. Its cost is linear
// in len(data) and it allocates at most what the data describes.
func decodeCheckpoint(data []byte) (map[string]map[string]*version, error) {
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxCheckpointBytes))
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	b, err := dec.DecodeAll(data, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errCheckpoint, err)
	}
	return decodeVersions(b)
}

// decodeVersions decodes a checkpoint's uncompressed bytes.
func decodeVersions(b []byte) (map[string]map[string]*version, error) {
	r := bytes.NewReader(b)
	magic := make([]byte, len(checkpointMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != checkpointMagic {
		return nil, errCheckpoint
	}
	bad := false
	uv := func() uint64 {
		x, err := binary.ReadUvarint(r)
		bad = bad || err != nil
		return x
	}
	langs := map[string]string{} // language codes, shared
	str := func() string {
		n := uv()
		if bad || n > uint64(r.Len()) {
			bad = true
			return ""
		}
		at := len(b) - r.Len()
		_, _ = r.Seek(int64(n), io.SeekCurrent)
		return string(b[at : at+int(n)])
	}
	code := func() string {
		c := str()
		if l, ok := langs[c]; ok {
			return l
		}
		if len(langs) < 64 {
			langs[c] = c
		}
		return c
	}
	tm := func() time.Time {
		f, err := r.ReadByte()
		if err != nil || f > 1 {
			bad = true
			return time.Time{}
		}
		if f == 0 {
			return time.Time{}
		}
		x, err := binary.ReadVarint(r)
		bad = bad || err != nil
		return time.Unix(0, x).UTC()
	}
	n := uv()
	if bad || n > maxCheckpointVersions || n > uint64(r.Len()) {
		return nil, errCheckpoint
	}
	raw := map[string]map[string]*version{}
	for range n {
		p := &newsroom.Published{ReleaseID: str(), Slug: str()}
		k := uv()
		if bad || k > uint64(r.Len()) {
			return nil, errCheckpoint
		}
		for range k {
			p.OldSlugs = append(p.OldSlugs, str())
		}
		p.Lang, p.SourceLang = code(), code()
		p.Content.Title, p.Content.Lead, p.Content.Place = str(), str(), str()
		p.Place = str()
		p.Date, p.EmbargoUntil = tm(), tm()
		rev, err := binary.ReadVarint(r)
		bad = bad || err != nil
		p.Rev = int(rev)
		p.PublishedAt, p.FirstPublishedAt = tm(), tm()
		var sum [8]byte
		if _, err := io.ReadFull(r, sum[:]); err != nil || bad || p.ReleaseID == "" || p.Lang == "" {
			return nil, errCheckpoint
		}
		if raw[p.ReleaseID] == nil {
			raw[p.ReleaseID] = map[string]*version{}
		}
		raw[p.ReleaseID][p.Lang] = &version{Published: p, sum: binary.LittleEndian.Uint64(sum[:])}
	}
	if r.Len() != 0 {
		return nil, errCheckpoint
	}
	return raw, nil
}

// loadLocked loads the site: from the checkpoint and the publish log's tail
// when the source keeps checkpoints and the log reaches back to the one it
// has, else by reading every published snapshot (fullReloadLocked). From a
// checkpoint, bodies are read only for the hot releases' pages and the
// feeds; search answers once the background scan has indexed the bodies.
func (s *Site) loadLocked(ctx context.Context) error {
	if cp, ok := s.cfg.Source.(Checkpointer); ok {
		done, err := s.loadCheckpointLocked(ctx, cp)
		if err != nil {
			s.log.Warn("reader: starting without the checkpoint", "err", err)
		}
		if done {
			return nil
		}
	}
	return s.fullReloadLocked(ctx)
}

func (s *Site) loadCheckpointLocked(ctx context.Context, cp Checkpointer) (bool, error) {
	data, seq, found, err := cp.LoadCheckpoint(ctx, checkpointName)
	if err != nil || !found {
		return false, err
	}
	raw, err := decodeCheckpoint(data)
	if err != nil {
		return false, err
	}
	plog, err := s.cfg.Source.PublishChanges(ctx, seq)
	if err != nil {
		return false, err
	}
	if !plog.Complete && !(seq <= 0 && plog.Seq <= 0) {
		return false, nil // the log no longer reaches back to it
	}
	for id, m := range raw {
		for l := range m {
			if !s.cfg.Langs.Has(l) {
				delete(m, l)
			}
		}
		if len(m) == 0 {
			delete(raw, id)
		}
	}
	// What was published since the checkpoint is read with its bodies.
	fresh := bodies{}
	for _, id := range plog.ReleaseIDs {
		if err := s.readRelease(ctx, id, raw, fresh); err != nil {
			return false, err
		}
	}
	dirty := map[string]bool{}
	for id := range raw {
		dirty[id] = true
	}
	for id := range s.st.rels {
		dirty[id] = true
	}
	for _, id := range plog.ReleaseIDs {
		dirty[id] = true
	}
	s.st.raw = raw
	s.st.seq = plog.Seq
	s.st.fresh = fresh
	s.st.changedSince = len(plog.ReleaseIDs)
	s.st.cold = true
	if err := s.rebuildLocked(ctx, dirty); err != nil {
		return false, err
	}
	s.ready.Store(true)
	// Once the site serves, the hot releases' pages are rendered, and the
	// search's base index is built from a scan of the store (search answers
	// 503 until then).
	go s.warmUp()
	s.scheduleScan()
	return true, nil
}

// warmUp renders the hot releases' pages after a start from a checkpoint,
// which leaves every page to render on demand so that the site serves at
// once.
func (s *Site) warmUp() {
	ctx, cancel := context.WithTimeout(context.Background(), scanTimeout)
	defer cancel()
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	if !s.st.cold {
		return
	}
	s.st.cold = false
	s.logErr(ctx, "rendering the newest releases", s.rebuildLocked(ctx, map[string]bool{}))
}

// maybeCheckpoint writes a checkpoint in the background when the site
// changed since the last one, at most every checkpointEvery, and only when
// every change is loaded (nothing failed to load and waits to be retried).
func (s *Site) maybeCheckpoint() {
	if _, ok := s.cfg.Source.(Checkpointer); !ok || s.cpBusy.Load() || time.Since(s.cpAt) < checkpointEvery {
		return
	}
	s.cpAt = time.Now()
	s.cpBusy.Store(true)
	go func() {
		defer s.cpBusy.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.SaveCheckpoint(ctx, false); err != nil {
			s.log.Warn("reader: saving a checkpoint", "err", err)
		}
	}()
}

// SaveCheckpoint writes a checkpoint of what the site has loaded, so that
// the next start reads it instead of every release. Unless force is set it
// writes nothing when nothing changed since the last one, or while a change
// failed to load and waits to be retried. Sources that keep no checkpoints
// make it a no-op. The loop calls it; the server calls it when it stops.
func (s *Site) SaveCheckpoint(ctx context.Context, force bool) error {
	cp, ok := s.cfg.Source.(Checkpointer)
	if !ok {
		return nil
	}
	s.pendingMu.Lock()
	waiting := len(s.pending) > 0
	s.pendingMu.Unlock()
	s.buildMu.Lock()
	if !s.ready.Load() || (!force && (waiting || s.st.changedSince == 0)) {
		s.buildMu.Unlock()
		return nil
	}
	data, err := encodeCheckpoint(s.st.raw)
	seq, changed := s.st.seq, s.st.changedSince
	s.st.changedSince = 0
	s.buildMu.Unlock()
	if err == nil {
		err = cp.SaveCheckpoint(ctx, checkpointName, data, seq)
	}
	if err != nil {
		s.buildMu.Lock()
		s.st.changedSince += max(changed, 1) // try again later
		s.buildMu.Unlock()
		return fmt.Errorf("reader: checkpoint: %w", err)
	}
	return nil
}
