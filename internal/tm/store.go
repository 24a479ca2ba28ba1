package tm

import (
	"encoding/binary"
	"hash/maphash"
	"strings"
	"time"
	"unsafe"
)

// The index of one language pair keeps no Entry, string or slice per
// segment. A segment is a number (its id) and a few fixed-size fields in
// slices indexed by it; its source and target text live in a byte arena,
// its words as IDs (one dictionary per Memory) in a uint32 arena, both
// mapped outside the Go heap, and the postings are varint id differences
// per word ID.
//
// Bound, per segment: len(source)+len(target) + 4 B per word (at most
// maxWords) + at most 5 B per distinct word (postings; 1–2 B for common
// words) + about 150 B (fixed fields, the exact-text map slot, and the
// slack of slices that grow by doubling); plus, per distinct word of the
// whole memory, its length and about 60 B (dictionary and postings
// header). Measured (BenchmarkMemoryHeap, 100,000 segments of 34 words on
// average): 570 B per segment, of which 289 B are the text itself.
// Removed segments leave holes, reclaimed by compact once they outnumber the
// live ones, so the holes never cost more than the live segments.

// chunkSize is the largest arena chunk, in elements; the first chunks are
// smaller (a small memory stays small). A value larger than a chunk gets a
// chunk of its own.
const chunkSize = 1 << 18

// arena holds values appended in chunks: growing never copies what it holds
// (no doubling), and its chunks hold no pointers. Where the system allows,
// the chunks are mapped outside the Go heap (see newChunk): the collector
// neither scans them nor lets the heap grow to twice their size before it
// runs, so the texts of the memory cost their own size in RSS, not double.
type arena[T any] struct {
	chunks []*chunk[T]
}

// chunk is one block of an arena; its memory is released when the chunk
// is no longer reachable.
type chunk[T any] struct {
	data []T
}

// alloc reserves n elements and returns where they are and the space to fill.
func (a *arena[T]) alloc(n int) (chunkNo, pos uint32, dst []T) {
	k := len(a.chunks) - 1
	if k < 0 || len(a.chunks[k].data)+n > cap(a.chunks[k].data) {
		size := 4096
		if k >= 0 {
			size = min(chunkSize, 2*cap(a.chunks[k].data))
		}
		a.chunks = append(a.chunks, newChunk[T](max(size, n)))
		k++
	}
	c := a.chunks[k]
	p := len(c.data)
	c.data = c.data[:p+n]
	return uint32(k), uint32(p), c.data[p : p+n]
}

// get returns n elements stored at chunkNo, pos. The slice is valid while
// the arena is reachable: callers use it under the memory's lock.
func (a *arena[T]) get(chunkNo, pos uint32, n int) []T {
	return a.chunks[chunkNo].data[pos : int(pos)+n]
}

// size returns the bytes the arena's chunks hold.
func (a *arena[T]) size() int {
	var zero T
	n := 0
	for _, c := range a.chunks {
		n += cap(c.data)
	}
	return n * int(unsafe.Sizeof(zero))
}

// dict gives each word a number; it only grows (by the vocabulary).
type dict struct {
	ids map[string]uint32
}

// id returns the number of w, adding it when add is set; ok is false when
// w is unknown and add is not set.
func (d *dict) id(w string, add bool) (uint32, bool) {
	if id, ok := d.ids[w]; ok {
		return id, true
	}
	if !add {
		return 0, false
	}
	id := uint32(len(d.ids))
	d.ids[strings.Clone(w)] = id // w may be a slice of a larger string
	return id, true
}

// meta is what segments added together share: everything of an Entry but
// its text, kind and index. Segments point to a deduplicated table of them.
type meta struct {
	releaseID, author, origin string
	rev                       int
	date                      time.Time
}

// group is the segments stored under one key.
type group struct {
	key    string
	ids    []int32
	hidden bool // staged: indexed, not offered (see Stage)
}

// noGroup marks a removed segment.
const noGroup = ^uint32(0)

// index holds the segments of one language pair.
type index struct {
	src, tgt string
	seed     maphash.Seed

	// Per segment, by id.
	group      []uint32 // noGroup once removed
	meta       []uint32
	kind       []uint8
	para       []int32
	textChunk  []uint32
	textPos    []uint32
	srcLen     []uint32
	tgtLen     []uint32
	wordChunk  []uint32
	wordPos    []uint32
	wordLen    []uint16
	prevSame   []int32 // the chain of segments with the same normalised source
	nextSame   []int32
	text       arena[byte]
	words      arena[uint32]
	post       []postings        // by word ID
	exact      map[uint64]int32  // hash of the normalised source → newest segment
	byKey      map[string]uint32 // key → group
	groups     []group
	metas      []meta
	metaIDs    map[meta]uint32
	kinds      []Kind
	live, dead int
}

func newIndex(src, tgt string) *index {
	return &index{src: src, tgt: tgt, seed: maphash.MakeSeed(), exact: map[uint64]int32{}, byKey: map[string]uint32{}, metaIDs: map[meta]uint32{}}
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

// add indexes e under group g.
func (ix *index) add(d *dict, g uint32, e *Entry) {
	ws := words(e.Source)
	ids := make([]uint32, len(ws))
	for i, w := range ws {
		ids[i], _ = d.id(w, true)
	}
	m := ix.metaOf(meta{releaseID: e.ReleaseID, author: e.Author, origin: e.Origin, rev: e.Rev, date: e.Date})
	ix.addSeg(g, m, ix.kindOf(e.Kind), int32(e.Index), e.Source, e.Target, ids)
}

// addSeg stores one segment; the word IDs are copied.
func (ix *index) addSeg(g, m uint32, kind uint8, para int32, source, target string, wids []uint32) {
	id := int32(len(ix.group))
	c, p, dst := ix.text.alloc(len(source) + len(target))
	copy(dst, source)
	copy(dst[len(source):], target)
	wc, wp, wdst := ix.words.alloc(len(wids))
	copy(wdst, wids)
	ix.group = append(ix.group, g)
	ix.meta = append(ix.meta, m)
	ix.kind = append(ix.kind, kind)
	ix.para = append(ix.para, para)
	ix.textChunk, ix.textPos = append(ix.textChunk, c), append(ix.textPos, p)
	ix.srcLen, ix.tgtLen = append(ix.srcLen, uint32(len(source))), append(ix.tgtLen, uint32(len(target)))
	ix.wordChunk, ix.wordPos, ix.wordLen = append(ix.wordChunk, wc), append(ix.wordPos, wp), append(ix.wordLen, uint16(len(wids)))
	h := ix.hash(source)
	next, ok := ix.exact[h]
	if !ok {
		next = -1
	} else {
		ix.prevSame[next] = id
	}
	ix.exact[h] = id
	ix.prevSame, ix.nextSame = append(ix.prevSame, -1), append(ix.nextSame, next)
	for i, w := range wdst {
		if int(w) >= len(ix.post) {
			ix.post = append(ix.post, make([]postings, int(w)+1-len(ix.post))...)
		}
		if !containsWord(wdst[:i], w) {
			ix.post[w].add(id)
		}
	}
	ix.groups[g].ids = append(ix.groups[g].ids, id)
	if !ix.groups[g].hidden {
		ix.live++
	}
}

// postings are the ids of the segments holding a word, once each, in
// increasing order, stored as the varint differences between them (most
// are one or two bytes, against four for an id).
type postings struct {
	deltas []byte
	n      uint32 // ids held
	last   int32  // the last id added, plus one
}

func (p *postings) add(id int32) {
	p.deltas = binary.AppendUvarint(p.deltas, uint64(id+1-p.last))
	p.last = id + 1
	p.n++
}

func containsWord(ws []uint32, w uint32) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// source, target and wordIDs return the stored parts of segment id; the
// strings are copies, the words are the arena's.
func (ix *index) source(id int32) string {
	return string(ix.text.get(ix.textChunk[id], ix.textPos[id], int(ix.srcLen[id])))
}

func (ix *index) target(id int32) string {
	return string(ix.text.get(ix.textChunk[id], ix.textPos[id]+ix.srcLen[id], int(ix.tgtLen[id])))
}

// sourceBytes returns the source of id without copying it.
func (ix *index) sourceBytes(id int32) []byte {
	return ix.text.get(ix.textChunk[id], ix.textPos[id], int(ix.srcLen[id]))
}

// targetBytes returns the target of id without copying it.
func (ix *index) targetBytes(id int32) []byte {
	return ix.text.get(ix.textChunk[id], ix.textPos[id]+ix.srcLen[id], int(ix.tgtLen[id]))
}

func (ix *index) wordIDs(id int32) []uint32 {
	return ix.words.get(ix.wordChunk[id], ix.wordPos[id], int(ix.wordLen[id]))
}

// offered reports whether segment id is live and not staged.
func (ix *index) offered(id int32) bool {
	g := ix.group[id]
	return g != noGroup && !ix.groups[g].hidden
}

// entry rebuilds the Entry of segment id.
func (ix *index) entry(id int32) Entry {
	m := ix.metas[ix.meta[id]]
	return Entry{SourceLang: ix.src, TargetLang: ix.tgt, Source: ix.source(id), Target: ix.target(id), Kind: ix.kinds[ix.kind[id]],
		Index: int(ix.para[id]), Key: ix.groups[ix.group[id]].key, ReleaseID: m.releaseID, Rev: m.rev, Author: m.author, Date: m.date, Origin: m.origin}
}

// remove drops the segments stored under key.
func (ix *index) remove(key string) {
	g, ok := ix.byKey[key]
	if !ok {
		return
	}
	gr := &ix.groups[g]
	for _, id := range gr.ids {
		p, n := ix.prevSame[id], ix.nextSame[id]
		if p >= 0 {
			ix.nextSame[p] = n
		} else if h := ix.hash(ix.source(id)); n >= 0 {
			ix.exact[h] = n
		} else {
			delete(ix.exact, h)
		}
		if n >= 0 {
			ix.prevSame[n] = p
		}
		ix.group[id] = noGroup
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
// dropping what removed segments left behind.
func (ix *index) compact() {
	nx := newIndex(ix.src, ix.tgt)
	for g := range ix.groups {
		old := &ix.groups[g]
		if len(old.ids) == 0 {
			continue
		}
		ng := nx.groupOf(old.key)
		nx.groups[ng].hidden = old.hidden
	}
	for id := range ix.group {
		id := int32(id)
		g := ix.group[id]
		if g == noGroup || len(ix.groups[g].ids) == 0 {
			continue
		}
		m := nx.metaOf(ix.metas[ix.meta[id]])
		nx.addSeg(nx.byKey[ix.groups[g].key], m, nx.kindOf(ix.kinds[ix.kind[id]]), ix.para[id], ix.source(id), ix.target(id), ix.wordIDs(id))
	}
	*ix = *nx
}
