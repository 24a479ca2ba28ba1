package textdiff

// This file holds the sequence diff shared by the word and paragraph levels:
// Myers' O(ND) algorithm in its linear-space, divide-and-conquer form (the
// "middle snake" bisection, as in Neil Fraser's diff-match-patch), over
// sequences of interned token ids. A work budget bounds it: once the budget is
// spent, the remaining sub-problems are answered coarsely (delete all, insert
// all), which is still a correct diff, only a less minimal one.

// edit is a run of n tokens of one kind. Equal consumes n tokens from both
// sides, Delete n from the old side, Insert n from the new side.
type edit struct {
	kind Kind
	n    int
}

// budget counts the elementary steps a diff may still spend.
type budget struct{ left int }

func (b *budget) spend(n int) bool {
	b.left -= n
	return b.left >= 0
}

// diffIDs returns a shortest edit script from a to b, or a coarser one once bg
// is exhausted.
func diffIDs(a, b []int32, bg *budget) []edit {
	var out []edit
	diffRec(a, b, bg, &out)
	return out
}

func appendEdit(out *[]edit, k Kind, n int) {
	if n <= 0 {
		return
	}
	if l := len(*out); l > 0 && (*out)[l-1].kind == k {
		(*out)[l-1].n += n
		return
	}
	*out = append(*out, edit{kind: k, n: n})
}

func diffRec(a, b []int32, bg *budget, out *[]edit) {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	appendEdit(out, Equal, p)
	a, b = a[p:], b[p:]
	s := 0
	for s < len(a) && s < len(b) && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	a, b = a[:len(a)-s], b[:len(b)-s]
	bg.spend(p + s)

	switch {
	case len(a) == 0:
		appendEdit(out, Insert, len(b))
	case len(b) == 0:
		appendEdit(out, Delete, len(a))
	default:
		x, y, ok := bisect(a, b, bg)
		if ok {
			diffRec(a[:x], b[:y], bg, out)
			diffRec(a[x:], b[y:], bg, out)
		} else {
			appendEdit(out, Delete, len(a))
			appendEdit(out, Insert, len(b))
		}
	}
	appendEdit(out, Equal, s)
}

// bisect finds the middle snake of a shortest edit path from a to b and
// returns the point (x, y) to split the problem at. It reports false when the
// budget runs out first. a and b must be non-empty and differ in their first
// and last elements.
func bisect(a, b []int32, bg *budget) (x, y int, ok bool) {
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	vOffset := maxD
	vLength := 2*maxD + 2
	if !bg.spend(2 * vLength) {
		return 0, 0, false
	}
	v1 := make([]int32, vLength)
	v2 := make([]int32, vLength)
	for i := range v1 {
		v1[i] = -1
		v2[i] = -1
	}
	v1[vOffset+1] = 0
	v2[vOffset+1] = 0
	delta := n - m
	// With an odd delta the paths meet while extending forward, else backward.
	front := delta%2 != 0
	var k1start, k1end, k2start, k2end int
	for d := 0; d < maxD; d++ {
		steps := 0
		for k1 := -d + k1start; k1 <= d-k1end; k1 += 2 {
			k1Offset := vOffset + k1
			var x1 int
			if k1 == -d || (k1 != d && v1[k1Offset-1] < v1[k1Offset+1]) {
				x1 = int(v1[k1Offset+1])
			} else {
				x1 = int(v1[k1Offset-1]) + 1
			}
			y1 := x1 - k1
			start := x1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			steps += 1 + x1 - start
			v1[k1Offset] = int32(x1)
			switch {
			case x1 > n:
				k1end += 2 // ran off the right edge
			case y1 > m:
				k1start += 2 // ran off the bottom edge
			case front:
				k2Offset := vOffset + delta - k1
				if k2Offset >= 0 && k2Offset < vLength && v2[k2Offset] != -1 {
					x2 := n - int(v2[k2Offset])
					if x1 >= x2 {
						return x1, y1, true
					}
				}
			}
		}
		for k2 := -d + k2start; k2 <= d-k2end; k2 += 2 {
			k2Offset := vOffset + k2
			var x2 int
			if k2 == -d || (k2 != d && v2[k2Offset-1] < v2[k2Offset+1]) {
				x2 = int(v2[k2Offset+1])
			} else {
				x2 = int(v2[k2Offset-1]) + 1
			}
			y2 := x2 - k2
			start := x2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			steps += 1 + x2 - start
			v2[k2Offset] = int32(x2)
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				k1Offset := vOffset + delta - k2
				if k1Offset >= 0 && k1Offset < vLength && v1[k1Offset] != -1 {
					x1 := int(v1[k1Offset])
					y1 := vOffset + x1 - k1Offset
					if x1 >= n-x2 {
						return x1, y1, true
					}
				}
			}
		}
		if !bg.spend(steps) {
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// interner maps strings to small integer ids so that sequences compare fast.
type interner map[string]int32

func (in interner) ids(tokens []string) []int32 {
	out := make([]int32, len(tokens))
	for i, t := range tokens {
		id, ok := in[t]
		if !ok {
			id = int32(len(in))
			in[t] = id
		}
		out[i] = id
	}
	return out
}
