package tm

import (
	"encoding/binary"
	"hash/maphash"
	"time"
	"unsafe"
)

// The index of one language pair keeps no Entry, string or slice per
// segment, and almost nothing in the Go heap. A segment is a number (its
// id) and two fixed-size records (seg, hot) in columns mapped outside the
// heap; its words are varint word IDs (one dictionary per Memory, words
// known by their 64-bit hash) in blobs, its postings varint id differences
// per word ID. Its source and target text, with what only a shown match
// needs (date, metadata, kind, paragraph), go to an unlinked scratch file
// (textStore), read back with pread only for the few segments a lookup
// verifies or shows: the system's page cache holds them, not the process.
//
// Bound, in memory, per segment: 52 B (seg and hot) + 1–3 B per word (at
// most maxWords) + 1–2 B per distinct word (postings) + 8–12 B (its slot
// in the exact table, its place in its group); plus, per distinct word of
// the whole memory, 24–60 B (its hash, dictionary slot and postings
// header; a chain and a first postings block once a second segment has it). The texts
// cost their size and 25 B on disk, and at most 256 KiB of memory per
// language pair (the chunks not yet written). Measured (BenchmarkMemoryHeap,
// 100,000 segments of 34 words and 289 B of text on average): 182 B per
// segment in memory (570 B when the texts were kept in memory); TMX units
// of 14 words and 250 B of text, two numbers of their own each (as in
// BenchmarkImportTMX250k): 159 B.
// Removed segments leave holes, reclaimed by compact once they outnumber
// the live ones, so the holes never cost more than the live segments.

// meta is what segments added together share: everything of an Entry but
// its text, kind, index and date (all per segment). Segments point to a
// deduplicated table of them.
type meta struct {
	releaseID, author, origin string
	rev                       int
	loc                       *time.Location // of the date
}

// group is the segments stored under one key.
type group struct {
	key    string
	ids    []int32
	hidden bool // staged: indexed, not offered (see Stage)
}

// noGroup marks a removed segment.
const noGroup = ^uint32(0)

// seg is what the index keeps in memory of a segment for exact lookups,
// but what lookups read of every candidate (hot). The rest is its record
// in the text store.
type seg struct {
	off     int64  // of its record in the text store
	srcHash uint64 // of the normalised source
	tgtHash uint64 // of the target: a target is offered once
	size    uint32 // of the record
	prev    int32  // the chain of segments with the same normalised source
	next    int32
}

// record is what the text store keeps of a segment: a header of
// recordHeader bytes (the length of the source, the date, the metadata,
// the paragraph and the kind), then the source and the target.
type record struct {
	src, tgt []byte
	sec      int64 // the date
	nsec     int32
	meta     uint32
	para     int32
	kind     uint8
}

const recordHeader = 4 + 8 + 4 + 4 + 4 + 1

// header encodes r's header, for a source of n bytes.
func (r *record) header(n int) [recordHeader]byte {
	var h [recordHeader]byte
	le := binary.LittleEndian
	le.PutUint32(h[0:], uint32(n))
	le.PutUint64(h[4:], uint64(r.sec))
	le.PutUint32(h[12:], uint32(r.nsec))
	le.PutUint32(h[16:], r.meta)
	le.PutUint32(h[20:], uint32(r.para))
	h[24] = r.kind
	return h
}

// parseRecord decodes a record read from the text store.
func parseRecord(b []byte) (record, bool) {
	if len(b) < recordHeader {
		return record{}, false
	}
	le := binary.LittleEndian
	n := int(le.Uint32(b))
	if n > len(b)-recordHeader {
		return record{}, false
	}
	body := b[recordHeader:]
	return record{src: body[:n], tgt: body[n:], sec: int64(le.Uint64(b[4:])), nsec: int32(le.Uint32(b[12:])),
		meta: le.Uint32(b[16:]), para: int32(le.Uint32(b[20:])), kind: b[24]}, true
}

// hot is what a lookup reads of every candidate segment, kept apart from
// the rest (seg) so that many fit in the processor's caches.
type hot struct {
	group  uint32 // noGroup once removed
	words  uint32 // the blob of the word IDs, varints
	nwords uint16
}

// index holds the segments of one language pair.
type index struct {
	src, tgt string
	seed     maphash.Seed

	segs    column[seg]
	hots    column[hot]
	text    textStore
	words   blobs             // word IDs of the segments
	blocks  blobs             // postings blocks
	post    column[postings]  // by word ID
	chains  column[chain]     // of the postings of words seen more than once
	exact   table             // normalised source hash → newest segment
	byKey   map[string]uint32 // key → group
	groups  []group
	metas   []meta
	metaIDs map[meta]uint32
	kinds   []Kind
	live    int
	dead    int
}

func newIndex(src, tgt string) *index {
	return &index{src: src, tgt: tgt, seed: maphash.MakeSeed(), byKey: map[string]uint32{}, metaIDs: map[meta]uint32{}}
}

func (ix *index) groupOf(key string) uint32 {
	g, ok := ix.byKey[key]
	if !ok {
		g = uint32(len(ix.groups))
		ix.groups = append(ix.groups, group{key: key})
		ix.byKey[key] = g
	}
	return g
}

func (ix *index) metaOf(m meta) uint32 {
	id, ok := ix.metaIDs[m]
	if !ok {
		id = uint32(len(ix.metas))
		ix.metas = append(ix.metas, m)
		ix.metaIDs[m] = id
	}
	return id
}

func (ix *index) kindOf(k Kind) uint8 {
	for i, x := range ix.kinds {
		if x == k {
			return uint8(i)
		}
	}
	ix.kinds = append(ix.kinds, k)
	return uint8(len(ix.kinds) - 1)
}

func (ix *index) hash(source string) uint64 { return maphash.String(ix.seed, norm(source)) }

// seg and hot return the records of segment id.
func (ix *index) seg(id int32) *seg { return ix.segs.at(id) }
func (ix *index) hot(id int32) *hot { return ix.hots.at(id) }

// srcKey returns the key of a value of the exact table.
func (ix *index) srcKey(v uint32) uint64 { return ix.seg(int32(v)).srcHash }

// add indexes e under group g.
func (ix *index) add(d *dict, g uint32, e *Entry) {
	ws := words(e.Source)
	var buf [maxWords * binary.MaxVarintLen32]byte
	enc := buf[:0]
	for _, w := range ws {
		id, _ := d.id(w, true)
		enc = binary.AppendUvarint(enc, uint64(id))
	}
	m := ix.metaOf(meta{releaseID: e.ReleaseID, author: e.Author, origin: e.Origin, rev: e.Rev, loc: e.Date.Location()})
	r := record{para: int32(e.Index), meta: m, kind: ix.kindOf(e.Kind), sec: e.Date.Unix(), nsec: int32(e.Date.Nanosecond())}
	s := seg{srcHash: ix.hash(e.Source), tgtHash: maphash.String(ix.seed, e.Target)}
	ix.addSeg(g, s, &r, e.Source, e.Target, enc, len(ws))
}

// addSeg stores one segment: s and its record r (without texts) with the
// texts, in group g with n word IDs (varints, copied).
func (ix *index) addSeg(g uint32, s seg, r *record, source, target string, wids []byte, n int) {
	id, p := ix.segs.push()
	_, h := ix.hots.push()
	hdr := r.header(len(source))
	s.off = ix.text.add(hdr[:], source, target)
	s.size = uint32(recordHeader + len(source) + len(target))
	ref, dst := ix.words.alloc(len(wids))
	copy(dst, wids)
	*h = hot{group: g, words: ref, nwords: uint16(n)}
	s.prev, s.next = -1, -1
	key := ix.srcKey
	if head, ok := ix.exact.get(s.srcHash, key); ok {
		s.next = int32(head)
		ix.seg(int32(head)).prev = id
	}
	*p = s
	ix.exact.set(s.srcHash, uint32(id), key)
	var seenBuf [64]uint32
	seen := seenBuf[:0]
	for b := wids; len(b) > 0; {
		w, k := binary.Uvarint(b)
		b = b[k:]
		if containsWord(seen, uint32(w)) {
			continue
		}
		seen = append(seen, uint32(w))
		ix.post.grow(int32(w) + 1)
		ix.post.at(int32(w)).add(&ix.blocks, &ix.chains, id)
	}
	ix.groups[g].ids = append(ix.groups[g].ids, id)
	if !ix.groups[g].hidden {
		ix.live++
	}
}

func containsWord(ws []uint32, w uint32) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// wordIDs appends the word IDs of segment id to out.
func (ix *index) wordIDs(id int32, out []uint32) []uint32 {
	h := ix.hot(id)
	b := ix.words.rest(h.words)
	for range h.nwords {
		if b[0] < 0x80 {
			out = append(out, uint32(b[0]))
			b = b[1:]
			continue
		}
		w, k := binary.Uvarint(b)
		b = b[k:]
		out = append(out, uint32(w))
	}
	return out
}

// record returns the record of segment id, read into buf (grown as
// needed); ok is false when it could not be read.
func (ix *index) record(id int32, buf []byte) (r record, grown []byte, ok bool) {
	s := ix.seg(id)
	n := int(s.size)
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if !ix.text.read(s.off, buf) {
		return record{}, buf, false
	}
	r, ok = parseRecord(buf)
	return r, buf, ok
}

// offered reports whether segment id is live and not staged.
func (ix *index) offered(id int32) bool {
	g := ix.hot(id).group
	return g != noGroup && !ix.groups[g].hidden
}

// entry rebuilds the Entry of segment id; false when its text could not be
// read.
func (ix *index) entry(id int32) (Entry, bool) {
	r, _, ok := ix.record(id, nil)
	if !ok {
		return Entry{}, false
	}
	m := ix.metas[r.meta]
	date := time.Unix(r.sec, int64(r.nsec)).In(m.loc)
	return Entry{SourceLang: ix.src, TargetLang: ix.tgt, Source: string(r.src), Target: string(r.tgt), Kind: ix.kinds[r.kind],
		Index: int(r.para), Key: ix.groups[ix.hot(id).group].key, ReleaseID: m.releaseID, Rev: m.rev, Author: m.author, Date: date, Origin: m.origin}, true
}

// remove drops the segments stored under key.
func (ix *index) remove(key string) {
	g, ok := ix.byKey[key]
	if !ok {
		return
	}
	gr := &ix.groups[g]
	for _, id := range gr.ids {
		s := ix.seg(id)
		p, n := s.prev, s.next
		if p >= 0 {
			ix.seg(p).next = n
		} else if n >= 0 {
			ix.exact.set(s.srcHash, uint32(n), ix.srcKey)
		} else {
			ix.exact.delete(s.srcHash, ix.srcKey)
		}
		if n >= 0 {
			ix.seg(n).prev = p
		}
		ix.hot(id).group = noGroup
		if !gr.hidden {
			ix.live--
		}
		ix.dead++
	}
	gr.ids, gr.hidden = nil, false
	if ix.dead > 4096 && ix.dead > ix.live {
		ix.compact()
	}
}

// compact rebuilds the index from its live segments, in their order,
// dropping what removed segments left behind, and frees the old one.
func (ix *index) compact() {
	nx := newIndex(ix.src, ix.tgt)
	nx.seed = ix.seed // the hashes stay valid
	nx.text.flushAt, nx.text.bits = ix.text.flushAt, ix.text.bits
	for g := range ix.groups {
		old := &ix.groups[g]
		if len(old.ids) == 0 {
			continue
		}
		ng := nx.groupOf(old.key)
		nx.groups[ng].hidden = old.hidden
	}
	var buf []byte
	for id := range ix.segs.len() {
		s, h := *ix.seg(id), *ix.hot(id)
		if h.group == noGroup || len(ix.groups[h.group].ids) == 0 {
			continue
		}
		var r record
		var ok bool
		if r, buf, ok = ix.record(id, buf); !ok {
			continue // unreadable: dropped with the old file
		}
		b := ix.words.rest(h.words)
		n := 0
		for range h.nwords {
			_, k := binary.Uvarint(b[n:])
			n += k
		}
		r.meta = nx.metaOf(ix.metas[r.meta])
		r.kind = nx.kindOf(ix.kinds[r.kind])
		nx.addSeg(nx.byKey[ix.groups[h.group].key], s, &r, unsafe.String(unsafe.SliceData(r.src), len(r.src)), unsafe.String(unsafe.SliceData(r.tgt), len(r.tgt)), b[:n], int(h.nwords))
	}
	ix.free()
	*ix = *nx
}

// free releases what the index holds outside the Go heap, and its file.
func (ix *index) free() {
	ix.segs.free()
	ix.hots.free()
	ix.text.free()
	ix.words.free()
	ix.blocks.free()
	ix.post.free()
	ix.chains.free()
	ix.exact.free()
}

// ramSize returns the bytes the index holds in memory, counted by what it
// holds: the columns, blobs and tables, the texts not yet written, and an
// estimate of its few Go-heap structures (groups, metadata).
func (ix *index) ramSize() int {
	n := ix.offHeapSize()
	for _, g := range ix.groups {
		n += int(unsafe.Sizeof(g)) + len(g.key) + 4*cap(g.ids) + 48 // byKey entry
	}
	for _, m := range ix.metas {
		n += 2*int(unsafe.Sizeof(m)) + len(m.releaseID) + len(m.author) + len(m.origin) + 16 // metaIDs entry
	}
	return n
}

// offHeapSize returns the bytes of the chunks the index holds (outside the
// Go heap where the system allows).
func (ix *index) offHeapSize() int {
	return ix.segs.size() + ix.hots.size() + ix.words.size() + ix.blocks.size() + ix.post.size() + ix.chains.size() + ix.exact.size() + ix.text.ramSize()
}
