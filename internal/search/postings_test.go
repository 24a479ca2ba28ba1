package search

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
)

// postingsFrom derives postings in ascending document order, with every
// kind of field mask and term frequency, from arbitrary bytes: four bytes a
// posting.
func postingsFrom(b []byte) []posting {
	var ps []posting
	doc := uint32(0)
	for i := 0; i+4 <= len(b); i += 4 {
		gap := uint32(binary.LittleEndian.Uint16(b[i:]))
		if b[i+2]&0x80 != 0 {
			gap <<= 12 // long gaps too
		}
		if len(ps) > 0 {
			gap++
		}
		if uint64(doc)+uint64(gap) > math.MaxUint32 {
			break
		}
		doc += gap
		var p posting
		p.doc = doc
		for fld := range numFields {
			switch (b[i+2] >> (2 * fld)) & 3 {
			case 1:
				p.tf[fld] = 1 + uint16(b[i+3]%31)
			case 2:
				p.tf[fld] = uint16(b[i+3]) << 8
			case 3:
				p.tf[fld] = math.MaxUint16
			}
		}
		if p.tf == [numFields]uint16{} {
			p.tf[fieldBody] = 1
		}
		ps = append(ps, p)
	}
	return ps
}

func encode(ps []posting) postingList {
	var w postingWriter
	for _, p := range ps {
		w.add(p.doc, p.tf)
	}
	return postingList{data: w.data, skips: w.skips, n: int(w.n)}
}

// checkPostings decodes the encoded ps whole and by seeking to each of
// targets in turn, and compares with ps.
func checkPostings(t *testing.T, ps []posting, targets []uint32) {
	t.Helper()
	l := encode(ps)
	var got []posting
	r := blockReader{l: l}
	for ps := r.next(); ps != nil; ps = r.next() {
		got = append(got, ps...)
	}
	if len(got) != len(ps) {
		t.Fatalf("decoded %d postings of %d", len(got), len(ps))
	}
	for i := range ps {
		if got[i] != ps[i] {
			t.Fatalf("posting %d decodes as %v, want %v", i, got[i], ps[i])
		}
	}
	c := postingCursor{l: l}
	j := 0
	for _, target := range targets {
		for j < len(ps) && ps[j].doc < target {
			j++
		}
		p, ok := c.seek(target)
		if ok != (j < len(ps)) || ok && p != ps[j] {
			t.Fatalf("seek(%d) = %v, %v; want the posting %d of %d", target, p, ok, j, len(ps))
		}
	}
}

func TestPostingsDecodeAsEncodedAndSeekToTheFirstDocumentAtOrAfter(t *testing.T) {
	var ps []posting
	for d := range uint32(2000) {
		if d%3 == 0 || d%7 == 0 {
			ps = append(ps, posting{doc: d * 5, tf: [numFields]uint16{uint16(d % 2), uint16(d % 40), uint16(d%5 + 1)}})
		}
	}
	ps = append(ps, posting{doc: math.MaxUint32, tf: [numFields]uint16{math.MaxUint16, 0, 0}})
	tests := []struct {
		name    string
		targets []uint32
	}{
		{"every document", func() []uint32 {
			var out []uint32
			for d := range uint32(10_100) {
				out = append(out, d)
			}
			return out
		}()},
		{"far jumps over many blocks", []uint32{0, 3000, 3001, 9000, 9994, 9995, 9996, math.MaxUint32 - 1}},
		{"the last document", []uint32{math.MaxUint32}},
		{"the same document twice", []uint32{35, 35, 36, 36}},
		{"nothing", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkPostings(t, ps, tt.targets) })
	}
}

func TestAPostingIsAboutTwoBytes(t *testing.T) {
	var ps []posting
	for d := range uint32(10_000) {
		ps = append(ps, posting{doc: d * 3, tf: [numFields]uint16{fieldBody: 2}})
	}
	l := encode(ps)
	if per := float64(len(l.data)+len(l.skips)*8) / float64(len(ps)); per > 2.1 {
		t.Errorf("a posting takes %.2f bytes", per)
	}
}

// FuzzPostings encodes postings derived from arbitrary bytes and checks
// that they decode as they were and that a cursor seeks to the first
// posting at or after any ascending series of documents.
//
//	go test ./internal/search/ -run '^$' -fuzz FuzzPostings -fuzztime 30s
func FuzzPostings(f *testing.F) {
	f.Add([]byte{0, 0, 0x15, 3, 1, 0, 0x3f, 200}, []byte{0, 1, 2})
	f.Add(make([]byte, 4*300), []byte{0, 0, 0, 1, 0, 0, 0, 255, 255, 255, 255})
	f.Fuzz(func(t *testing.T, postings, targets []byte) {
		ps := postingsFrom(postings)
		var ts []uint32
		prev := uint32(0)
		for i := 0; i+2 <= len(targets); i += 2 {
			step := uint32(binary.LittleEndian.Uint16(targets[i:]))
			if step >= 0x8000 {
				step = (step - 0x8000) << 16
			}
			if uint64(prev)+uint64(step) > math.MaxUint32 {
				break
			}
			prev += step
			ts = append(ts, prev)
		}
		checkPostings(t, ps, ts)
	})
}

func TestPostingsOfRandomBytesDecodeAndSeek(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		ps := postingsFrom(randomBytes(rng, 4*rng.IntN(600)))
		var ts []uint32
		for _, step := range randomBytes(rng, rng.IntN(300)) {
			next := uint64(step) * uint64(1+rng.IntN(64))
			if len(ts) > 0 {
				next += uint64(ts[len(ts)-1])
			}
			if next > math.MaxUint32 {
				break
			}
			ts = append(ts, uint32(next))
		}
		checkPostings(t, ps, ts)
	}
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}
