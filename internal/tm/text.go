package tm

import "os"

// textBits sets the bytes per chunk of the texts kept in memory.
const textBits = 16

// textStore keeps the records of an index (a header, the source and the
// target of each segment), one after the other, each at an offset. They are
// appended to a scratch file (openScratch) and read back with pread for the
// few segments a lookup verifies or shows: the system's page cache, not the
// process, holds them. Only the last chunks written stay in memory (flushAt
// bytes, the chunk being filled and one kept for reuse: 256 KiB by default,
// more only while a longer record is added). Where no file can be made or
// written, every record stays in memory, in the same chunks.
type textStore struct {
	f       *os.File // nil until the texts outgrow flushAt, and where none can be made
	failed  bool     // no file could be made or written: everything stays in ram
	ram     []*chunk[byte]
	ramBase int64 // the offset of ram[0]
	end     int64 // the offset after the last text
	spare   *chunk[byte]
	flushAt int   // pending bytes that make the store write full chunks to the file
	bits    uint8 // of the chunk size; textBits when 0 (tests make it small)
}

// scratchFile makes the file of a text store (tests make it fail).
var scratchFile = openScratch

// defaultFlushAt keeps a small memory (under 128 KiB of text) in memory only.
const defaultFlushAt = 2 << textBits

// add appends h, s and t and returns the offset of h.
func (ts *textStore) add(h []byte, s, t string) int64 {
	off := ts.end
	writeText(ts, h)
	writeText(ts, s)
	writeText(ts, t)
	if !ts.failed && ts.end-ts.ramBase >= int64(ts.flushAtOrDefault()) {
		ts.flush()
	}
	return off
}

// chunkBits returns the bits of the chunk size.
func (ts *textStore) chunkBits() uint8 {
	if ts.bits > 0 {
		return ts.bits
	}
	return textBits
}

func (ts *textStore) flushAtOrDefault() int {
	if ts.flushAt > 0 {
		return ts.flushAt
	}
	return defaultFlushAt
}

// writeText appends s to the chunks in memory.
func writeText[S ~string | ~[]byte](ts *textStore, s S) {
	bits := ts.chunkBits()
	for len(s) > 0 {
		k := ts.end - ts.ramBase
		ci := int(k >> bits)
		if ci == len(ts.ram) {
			c := ts.spare
			if c == nil {
				c = newChunk[byte](1 << bits)
			}
			ts.spare = nil
			ts.ram = append(ts.ram, c)
		}
		n := copy(ts.ram[ci].data[k&(1<<bits-1):], s)
		s = s[n:]
		ts.end += int64(n)
	}
}

// flush writes the full chunks to the file and keeps one for reuse.
func (ts *textStore) flush() {
	bits := ts.chunkBits()
	if ts.f == nil {
		f, err := scratchFile()
		if err != nil {
			ts.failed = true
			return
		}
		ts.f = f
	}
	full := int((ts.end - ts.ramBase) >> bits)
	for i := range full {
		if _, err := ts.f.WriteAt(ts.ram[i].data, ts.ramBase+int64(i)<<bits); err != nil {
			// What was written stays readable; the rest stays here.
			ts.failed = true
			ts.ram = ts.ram[i:]
			ts.ramBase += int64(i) << bits
			return
		}
		if ts.spare == nil {
			ts.spare = ts.ram[i]
		} else {
			ts.ram[i].free()
		}
	}
	ts.ram = append([]*chunk[byte](nil), ts.ram[full:]...)
	ts.ramBase += int64(full) << bits
}

// read fills dst with the bytes at off; false when the file could not be
// read (the segment is then taken as absent).
func (ts *textStore) read(off int64, dst []byte) bool {
	if n := min(int64(len(dst)), ts.ramBase-off); n > 0 {
		if _, err := ts.f.ReadAt(dst[:n], off); err != nil {
			return false
		}
		dst, off = dst[n:], off+n
	}
	bits := ts.chunkBits()
	for len(dst) > 0 {
		k := off - ts.ramBase
		n := copy(dst, ts.ram[k>>bits].data[k&(1<<bits-1):])
		dst, off = dst[n:], off+int64(n)
	}
	return true
}

// ramSize returns the bytes of text held in memory.
func (ts *textStore) ramSize() int {
	n := len(ts.ram)
	if ts.spare != nil {
		n++
	}
	return n << ts.chunkBits()
}

// fileSize returns the bytes of text held in the file.
func (ts *textStore) fileSize() int64 { return ts.ramBase }

// free closes the file and releases the chunks.
func (ts *textStore) free() {
	if ts.f != nil {
		ts.f.Close()
	}
	for _, c := range ts.ram {
		c.free()
	}
	if ts.spare != nil {
		ts.spare.free()
	}
	*ts = textStore{flushAt: ts.flushAt, bits: ts.bits}
}
