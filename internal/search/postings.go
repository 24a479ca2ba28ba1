package search

import (
	"math"
	"math/bits"
)

// Postings codec. The postings of one term are a byte string, in ascending
// document order, one posting after the other:
//
//	gap     uvarint: doc minus the previous posting's doc (the first: doc)
//	header  one byte: bits 0–2 the fields the term occurs in (title, lead,
//	        body); bits 3–7 the term frequency when it occurs in one field
//	        only, 1 to 31 times, else 0
//	tfs     when the header's bits 3–7 are 0: one uvarint term frequency
//	        per field of the mask, in field order
//
// A posting of a term that occurs a few times in one field of a document is
// two bytes when documents are at most 128 apart in the term's list, three
// when they are at most 16,384 apart: against the 12 bytes of an
// uncompressed posting. On the reader's generated archive a posting takes
// 2.2 to 2.3 bytes, skip entries included. Every skipEvery postings a skip
// entry records the last document before the block and the block's byte
// offset, so that a cursor reaches the first posting at or after a document
// in time logarithmic in the number of blocks skipped, plus the decoding of
// at most one block (skipEvery postings, a few nanoseconds each). Skip
// entries cost 8 bytes per skipEvery postings, 1/16 byte per posting.
// Postings are decoded a block at a time, never one by one through a
// function value.

// skipEvery is how many postings a skip entry covers.
const skipEvery = 128

// skipEntry locates the start of a block of postings: last is the document
// of the posting before the block, off the block's byte offset in the
// term's postings.
type skipEntry struct {
	last uint32
	off  uint32
}

// singleTFMax is the largest term frequency kept in a posting's header.
const singleTFMax = 31

// postingWriter encodes the postings of one term as they are added, in
// ascending document order.
type postingWriter struct {
	data  []byte
	skips []skipEntry
	n     uint32 // postings written
	last  uint32 // document of the last posting
}

// add appends the posting of doc, which must be greater than the last
// document added (or any document for the first posting), with the term's
// frequency in each field; a frequency of 0 means the term is absent.
func (w *postingWriter) add(doc uint32, tf [numFields]uint16) {
	if w.n > 0 && w.n%skipEvery == 0 {
		w.skips = append(w.skips, skipEntry{last: w.last, off: uint32(len(w.data))})
	}
	gap := doc
	if w.n > 0 {
		gap = doc - w.last
	}
	w.data = appendUvarint(w.data, uint64(gap))
	var mask byte
	fields, single := 0, uint16(0)
	for fld, c := range tf {
		if c > 0 {
			mask |= 1 << fld
			fields++
			single = c
		}
	}
	if fields == 1 && single <= singleTFMax {
		w.data = append(w.data, mask|byte(single)<<3)
	} else {
		w.data = append(w.data, mask)
		for _, c := range tf {
			if c > 0 {
				w.data = appendUvarint(w.data, uint64(c))
			}
		}
	}
	w.n++
	w.last = doc
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// uvarint decodes the uvarint at b[off:] and returns it with the offset
// after it. The encoder writes only values that fit in 32 bits.
func uvarint(b []byte, off int) (uint32, int) {
	c := b[off]
	if c < 0x80 {
		return uint32(c), off + 1
	}
	v := uint32(c & 0x7f)
	for shift := 7; ; shift += 7 {
		off++
		c = b[off]
		v |= uint32(c&0x7f) << shift
		if c < 0x80 {
			return v, off + 1
		}
	}
}

// decodeBlock decodes len(dst) postings from data[off:], the first of
// which follows a posting of document prev (or starts the list, with prev
// 0), and returns the offset after them. The common two-byte posting is
// decoded inline.
func decodeBlock(dst []posting, data []byte, off int, prev uint32) int {
	for i := range dst {
		if off+1 < len(data) {
			if gap, h := data[off], data[off+1]; gap < 0x80 && h >= 1<<3 {
				// The field mask has one bit: its index is h's trailing zeros.
				prev += uint32(gap)
				dst[i] = posting{doc: prev}
				dst[i].tf[bits.TrailingZeros8(h)%numFields] = uint16(h >> 3)
				off += 2
				continue
			}
		}
		if off+4 < len(data) {
			// A one-byte gap, a mask of several fields, one-byte
			// frequencies.
			if gap, h := data[off], data[off+1]; gap < 0x80 && h < 1<<3 {
				p, o := posting{doc: prev + uint32(gap)}, off+2
				for fld := range numFields {
					if h&(1<<fld) != 0 {
						p.tf[fld] = uint16(data[o])
						o++
					}
				}
				if data[off+2]|data[off+3]|data[o-1] < 0x80 {
					dst[i], off, prev = p, o, p.doc
					continue
				}
			}
		}
		dst[i], off = decodePosting(data, off, prev)
		prev = dst[i].doc
	}
	return off
}

// decodePosting decodes the posting at data[off:] that follows a posting of
// document prev (or starts the list, with prev 0), and returns it with the
// offset of the next posting.
func decodePosting(data []byte, off int, prev uint32) (posting, int) {
	gap, off := uvarint(data, off)
	h := data[off]
	off++
	p := posting{doc: prev + gap}
	mask := h & 7
	if single := uint16(h >> 3); single != 0 {
		for fld := range numFields {
			if mask&(1<<fld) != 0 {
				p.tf[fld] = single
			}
		}
		return p, off
	}
	for fld := range numFields {
		if mask&(1<<fld) != 0 {
			var c uint32
			c, off = uvarint(data, off)
			p.tf[fld] = uint16(min(c, math.MaxUint16))
		}
	}
	return p, off
}

// postingList is the encoded postings of one term in one index.
type postingList struct {
	data  []byte
	skips []skipEntry
	n     int // postings
}

// blockReader decodes a postingList a block at a time. It does not
// allocate: keep it in a local variable.
type blockReader struct {
	l    postingList
	buf  [skipEvery]posting
	i    int // postings decoded
	off  int
	prev uint32
}

// next returns the next block of at most skipEvery postings, in ascending
// document order, or nil after the last. The block is only valid until the
// next call.
func (r *blockReader) next() []posting {
	if r.i >= r.l.n {
		return nil
	}
	ps := r.buf[:min(skipEvery, r.l.n-r.i)]
	r.off = decodeBlock(ps, r.l.data, r.off, r.prev)
	r.prev = ps[len(ps)-1].doc
	r.i += len(ps)
	return ps
}

// postingCursor walks a postingList forward, a block at a time.
type postingCursor struct {
	l     postingList
	block int       // the block decoded in buf; 0 before any is
	buf   []posting // nil before a block is decoded
	j     int       // the first posting of buf not yet passed
}

// seek returns the first posting whose document is at least doc, if any.
// Documents must be asked for in ascending order. It skips whole blocks by
// galloping over the skip entries, decodes at most one block (skipEvery
// postings) and gallops in it.
func (c *postingCursor) seek(doc uint32) (posting, bool) {
	if c.j < len(c.buf) && c.buf[c.j].doc >= doc {
		return c.buf[c.j], true // the posting the last seek found, or the next
	}
	if c.l.n == 0 {
		return posting{}, false
	}
	// Skip entry k starts block k+1 and holds the last document of block
	// k. Go to the last block whose preceding document is below doc: the
	// blocks before it hold only smaller documents.
	b, skips := c.block, c.l.skips
	if b < len(skips) && skips[b].last < doc {
		lo, step := b, 1 // skips[lo].last < doc
		hi := lo + step
		for hi < len(skips) && skips[hi].last < doc {
			lo = hi
			step *= 2
			hi = lo + step
		}
		hi = min(hi, len(skips))
		for hi-lo > 1 { // the last k in [lo, hi) with skips[k].last < doc
			mid := int(uint(lo+hi) >> 1)
			if skips[mid].last < doc {
				lo = mid
			} else {
				hi = mid
			}
		}
		b = lo + 1
	}
	if c.buf == nil || b != c.block {
		off, prev := 0, uint32(0)
		if b > 0 {
			off, prev = int(skips[b-1].off), skips[b-1].last
		}
		if c.buf == nil {
			c.buf = make([]posting, skipEvery)
		}
		c.buf = c.buf[:min(skipEvery, c.l.n-b*skipEvery)]
		decodeBlock(c.buf, c.l.data, off, prev)
		c.block, c.j = b, 0
	}
	// Block b holds doc's posting or the next one, unless it is the last.
	// Gallop from the first posting not yet passed: consecutive lookups
	// are often near.
	buf, j := c.buf, c.j
	if j < len(buf) && buf[j].doc < doc {
		lo, step := j, 1 // buf[lo].doc < doc
		hi := lo + step
		for hi < len(buf) && buf[hi].doc < doc {
			lo = hi
			step *= 2
			hi = lo + step
		}
		hi = min(hi, len(buf))
		for hi-lo > 1 { // the first i in (lo, hi] with buf[i].doc >= doc
			mid := int(uint(lo+hi) >> 1)
			if buf[mid].doc < doc {
				lo = mid
			} else {
				hi = mid
			}
		}
		j = hi
	}
	c.j = j
	if j == len(buf) {
		return posting{}, false
	}
	return buf[j], true
}
