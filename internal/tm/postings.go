package tm

import (
	"encoding/binary"
	"hash/maphash"
)

// postings are the ids of the segments holding a word, once each, in
// increasing order, stored as the varint differences between them (most
// are one or two bytes) in a chain of blocks of blobs: 16 bytes, then
// twice as many each time up to 4 KiB. A block starts with the ref of the
// next one; a difference never straddles two blocks, and a block's unused
// end is zero (no difference is). A word seen once (most of a large
// vocabulary: names, numbers) needs no block and no chain.
type postings struct {
	n     uint32 // ids held
	last  int32  // the last id added, plus one
	chain uint32 // its chain of blocks, plus one; 0 while n ≤ 1
}

// chain is where the blocks of a word's postings are.
type chain struct {
	head uint32 // the first block
	tail uint32 // the block being filled
	used uint16 // bytes of the tail block's data in use
	size uint16 // the tail block's data size
}

const (
	firstBlock = 16
	lastBlock  = 4096
)

func (p *postings) add(b *blobs, cs *column[chain], id int32) {
	if p.n == 0 {
		p.n, p.last = 1, id+1
		return
	}
	var buf [2 * binary.MaxVarintLen32]byte
	v := buf[:0]
	if p.n == 1 {
		i, _ := cs.push()
		p.chain = uint32(i) + 1
		v = binary.AppendUvarint(v, uint64(p.last))
	}
	v = binary.AppendUvarint(v, uint64(id+1-p.last))
	cs.at(int32(p.chain-1)).append(b, v)
	p.last = id + 1
	p.n++
}

// append writes whole varints v to the tail block, chaining a new one when
// they do not fit.
func (p *chain) append(b *blobs, v []byte) {
	for len(v) > 0 {
		// the next varint
		k := 1
		for v[k-1]&0x80 != 0 {
			k++
		}
		if p.head == 0 || int(p.used)+k > int(p.size) {
			size := firstBlock
			if p.head != 0 {
				size = min(2*int(p.size), lastBlock)
			}
			ref, _ := b.alloc(4 + size)
			if p.head == 0 {
				p.head = ref
			} else {
				binary.LittleEndian.PutUint32(b.get(p.tail, 4), ref)
			}
			p.tail, p.used, p.size = ref, 0, uint16(size)
		}
		copy(b.get(p.tail+4+uint32(p.used), k), v[:k])
		p.used += uint16(k)
		v = v[k:]
	}
}

// ids appends the ids to out.
func (p *postings) ids(b *blobs, cs *column[chain], out []int32) []int32 {
	switch p.n {
	case 0:
		return out
	case 1:
		return append(out, p.last-1)
	}
	c := cs.at(int32(p.chain - 1))
	cur := int32(0)
	size := firstBlock
	for ref := c.head; ref != 0; {
		data := b.get(ref+4, size)
		if ref == c.tail {
			data = data[:c.used]
		}
		for len(data) > 0 && data[0] != 0 {
			if data[0] < 0x80 {
				cur += int32(data[0])
				data = data[1:]
			} else {
				d, k := binary.Uvarint(data)
				data = data[k:]
				cur += int32(d)
			}
			out = append(out, cur-1)
		}
		if ref == c.tail {
			break
		}
		ref = binary.LittleEndian.Uint32(b.get(ref, 4))
		size = min(2*size, lastBlock)
	}
	return out
}

// dict gives each word a number; it only grows (by the vocabulary). A word
// is known by its 64-bit hash, not its letters: two words whose hashes
// collide (for a vocabulary of a million words, a chance of about 3 in
// 100 million) count as one word in fuzzy scores; exact matches compare
// the texts themselves.
type dict struct {
	seed   maphash.Seed
	hashes column[uint64] // by word number
	t      table
}

// id returns the number of w, adding it when add is set; ok is false when
// w is unknown and add is not set.
func (d *dict) id(w string, add bool) (uint32, bool) {
	h := maphash.String(d.seed, w)
	key := func(v uint32) uint64 { return *d.hashes.at(int32(v)) }
	if id, ok := d.t.get(h, key); ok {
		return id, true
	}
	if !add {
		return 0, false
	}
	id, p := d.hashes.push()
	*p = h
	d.t.set(h, uint32(id), key)
	return uint32(id), true
}

// size returns the bytes the dictionary holds.
func (d *dict) size() int { return d.hashes.size() + d.t.size() }
