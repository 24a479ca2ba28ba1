package tm

import (
	"runtime"
	"unsafe"
)

// The structures of this file hold pointer-free values in chunks that, where
// the system allows, are mapped outside the Go heap (newChunk): the
// collector neither scans them nor lets the heap grow to twice their size
// before it runs, so they cost their own size in resident memory. Growing
// never copies what they hold (no doubling), except the hash tables, which
// free the old slots as soon as they are rehashed.

// chunk is one block of memory; free releases it at once, an unreachable
// chunk is released by the collector.
type chunk[T any] struct {
	data    []T
	mem     []byte // the mapping, when outside the heap
	cleanup runtime.Cleanup
}

// colBits sets the elements per chunk of a column.
const colBits = 13

// column is an array of values that grows by whole chunks.
type column[T any] struct {
	chunks []*chunk[T]
	n      int32
}

// at returns element i (< len).
func (c *column[T]) at(i int32) *T { return &c.chunks[i>>colBits].data[i&(1<<colBits-1)] }

// push appends a zero element and returns its index and place.
func (c *column[T]) push() (int32, *T) {
	c.grow(c.n + 1)
	return c.n - 1, c.at(c.n - 1)
}

// grow makes the column at least n long, with zero elements.
func (c *column[T]) grow(n int32) {
	for int32(len(c.chunks))<<colBits < n {
		c.chunks = append(c.chunks, newChunk[T](1<<colBits))
	}
	c.n = max(c.n, n)
}

func (c *column[T]) len() int32 { return c.n }

// size returns the bytes of the column's chunks.
func (c *column[T]) size() int {
	var zero T
	return len(c.chunks) << colBits * int(unsafe.Sizeof(zero))
}

func (c *column[T]) free() {
	for _, k := range c.chunks {
		k.free()
	}
	*c = column[T]{}
}

// blobBits sets the bytes per chunk of blobs; no blob is larger.
const blobBits = 18

// blobs holds short byte strings, each named by a 32-bit ref (chunk and
// place); ref 0 names none. The limit is 4 GiB of blobs.
type blobs struct {
	chunks []*chunk[byte]
	used   int // of the last chunk
}

// alloc reserves n bytes (n < 1<<blobBits) and returns their ref and
// place; none (ref 0) for n = 0.
func (b *blobs) alloc(n int) (uint32, []byte) {
	if n == 0 {
		return 0, nil
	}
	if len(b.chunks) == 0 || b.used+n > 1<<blobBits {
		if len(b.chunks) >= 1<<(32-blobBits) {
			panic("tm: more than 4 GiB of word IDs or postings")
		}
		b.chunks = append(b.chunks, newChunk[byte](1<<blobBits))
		b.used = 0
		if len(b.chunks) == 1 {
			b.used = 1 // ref 0 is none
		}
	}
	ref := uint32(len(b.chunks)-1)<<blobBits | uint32(b.used)
	b.used += n
	return ref, b.get(ref, n)
}

// get returns the n bytes at ref.
func (b *blobs) get(ref uint32, n int) []byte {
	p := int(ref & (1<<blobBits - 1))
	return b.chunks[ref>>blobBits].data[p : p+n]
}

// rest returns the bytes from ref to the end of its chunk; none for ref 0.
func (b *blobs) rest(ref uint32) []byte {
	if ref == 0 {
		return nil
	}
	return b.chunks[ref>>blobBits].data[ref&(1<<blobBits-1):]
}

func (b *blobs) size() int { return len(b.chunks) << blobBits }

func (b *blobs) free() {
	for _, c := range b.chunks {
		c.free()
	}
	*b = blobs{}
}

// table is an open-addressing hash table (linear probing) of 32-bit values
// whose 64-bit keys (seeded maphash values: uniform in every bit) live elsewhere: key(v) returns the key of value v. Slots
// hold value+1 (0 is empty); at most three quarters are used.
type table struct {
	c *chunk[uint32]
	n int
}

// find returns the slot of key h, or the empty slot where it would go.
func (t *table) find(h uint64, key func(v uint32) uint64) (slot int, ok bool) {
	if t.c == nil {
		return -1, false
	}
	s := t.c.data
	mask := len(s) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		if s[i] == 0 {
			return i, false
		}
		if key(s[i]-1) == h {
			return i, true
		}
	}
}

// get returns the value stored under h.
func (t *table) get(h uint64, key func(v uint32) uint64) (uint32, bool) {
	i, ok := t.find(h, key)
	if !ok {
		return 0, false
	}
	return t.c.data[i] - 1, true
}

// set stores v under h (key(v) must be h), replacing what h had.
func (t *table) set(h uint64, v uint32, key func(v uint32) uint64) {
	i, ok := t.find(h, key)
	if !ok && (t.c == nil || 4*(t.n+1) > 3*len(t.c.data)) {
		t.rehash(key)
		i, _ = t.find(h, key)
	}
	if !ok {
		t.n++
	}
	t.c.data[i] = v + 1
}

// rehash doubles the slots (1,024 at first) and frees the old ones.
func (t *table) rehash(key func(v uint32) uint64) {
	old := t.c
	size := 1024
	if old != nil {
		size = 2 * len(old.data)
	}
	t.c = newChunk[uint32](size)
	if old == nil {
		return
	}
	mask := size - 1
	for _, v := range old.data {
		if v == 0 {
			continue
		}
		i := int(key(v-1)) & mask
		for t.c.data[i] != 0 {
			i = (i + 1) & mask
		}
		t.c.data[i] = v
	}
	old.free()
}

// delete removes h, moving back the values after it that would no longer
// be found (backward-shift deletion: no tombstones).
func (t *table) delete(h uint64, key func(v uint32) uint64) {
	i, ok := t.find(h, key)
	if !ok {
		return
	}
	s := t.c.data
	mask := len(s) - 1
	for j := (i + 1) & mask; s[j] != 0; j = (j + 1) & mask {
		home := int(key(s[j]-1)) & mask
		// s[j] may fill the hole at i when its home is not in (i, j].
		if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
			s[i] = s[j]
			i = j
		}
	}
	s[i] = 0
	t.n--
}

func (t *table) size() int {
	if t.c == nil {
		return 0
	}
	return 4 * len(t.c.data)
}

func (t *table) free() {
	if t.c != nil {
		t.c.free()
	}
	*t = table{}
}
