package textdiff

import (
	"strings"
	"unicode"
)

// Limits of the paragraph-level diff.
const (
	// maxParagraphs is the largest number of differing paragraphs per side
	// that gets a fine paragraph diff; beyond it the differing middle is
	// reported as removed and added paragraphs.
	maxParagraphs = 2_000
	// maxPairs bounds the similarity comparisons made to recognise edited
	// paragraphs inside one block of removed and added paragraphs.
	maxPairs = 10_000
	// similarEnough is the word-overlap (Dice coefficient) above which a
	// removed and an added paragraph are shown as one changed paragraph.
	similarEnough = 0.5
	// diffBudget bounds the steps one Diff call may spend on the paragraph
	// diff and all its word diffs together.
	diffBudget = 20_000_000
)

// Paragraphs splits a Markdown body into its paragraphs: blocks separated by
// blank lines, each trimmed of surrounding white space. Line endings are
// normalised to "\n" and a leading byte-order mark is dropped. Blank lines
// inside a fenced code block (``` or ~~~) do not split it.
func Paragraphs(md string) []string {
	md = strings.TrimPrefix(md, "\uFEFF")
	md = strings.ReplaceAll(md, "\r\n", "\n")
	md = strings.ReplaceAll(md, "\r", "\n")

	var out []string
	var cur []string
	var fence string // the opening fence marker while inside a fenced block
	flush := func() {
		if p := strings.TrimSpace(strings.Join(cur, "\n")); p != "" {
			out = append(out, p)
		}
		cur = cur[:0]
	}
	for line := range strings.SplitSeq(md, "\n") {
		if marker := fenceMarker(line); marker != "" {
			switch {
			case fence == "":
				fence = marker
			case strings.HasPrefix(marker, fence[:1]) && len(marker) >= len(fence):
				fence = ""
			}
		}
		if fence == "" && strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// fenceMarker returns the run of backticks or tildes opening line, when line
// is a code fence (at most three spaces of indentation, three or more fence
// characters), and "" otherwise.
func fenceMarker(line string) string {
	trimmed := strings.TrimLeft(line, " ")
	if len(line)-len(trimmed) > 3 || len(trimmed) < 3 {
		return ""
	}
	c := trimmed[0]
	if c != '`' && c != '~' {
		return ""
	}
	n := 0
	for n < len(trimmed) && trimmed[n] == c {
		n++
	}
	if n < 3 {
		return ""
	}
	return trimmed[:n]
}

// Diff compares two lists of paragraphs (as returned by Paragraphs) and
// returns one entry per paragraph of either side, in reading order. A
// paragraph that was edited rather than replaced (most of its words survive)
// is reported once, as ParaChanged with a word diff, instead of as a removal
// plus an addition. Within a block of changes, removals come before additions.
func Diff(from, to []string) []ParagraphChange {
	return diffParagraphs(from, to, true)
}

// ChangedIndexes returns the indexes in to of the paragraphs that were added
// or changed since from, in ascending order, or nil when there are none. It
// answers "which source paragraphs changed since the translation's pinned
// revision".
func ChangedIndexes(from, to []string) []int {
	var idx []int
	for _, c := range diffParagraphs(from, to, false) {
		if c.Kind == ParaAdded || c.Kind == ParaChanged {
			idx = append(idx, c.ToIndex)
		}
	}
	return idx
}

func diffParagraphs(from, to []string, withWords bool) []ParagraphChange {
	bg := &budget{left: diffBudget}
	in := make(interner, len(from)+len(to))
	ia, ib := in.ids(from), in.ids(to)

	var edits []edit
	if len(from) > maxParagraphs || len(to) > maxParagraphs {
		// Trim the common ends, then check whether the middle is small enough.
		p, s := commonEnds(ia, ib)
		if len(ia)-p-s > maxParagraphs || len(ib)-p-s > maxParagraphs {
			edits = diffIDs(ia, ib, &budget{left: -1})
		}
	}
	if edits == nil {
		edits = diffIDs(ia, ib, bg)
	}

	out := make([]ParagraphChange, 0, max(len(from), len(to)))
	i, j := 0, 0
	for k := 0; k < len(edits); {
		e := edits[k]
		if e.kind == Equal {
			for n := 0; n < e.n; n++ {
				out = append(out, ParagraphChange{
					Kind: ParaEqual, FromIndex: i, ToIndex: j, From: from[i], To: to[j],
				})
				i++
				j++
			}
			k++
			continue
		}
		// A block of removals and additions between two equal paragraphs.
		ri, aj := i, j
		for ; k < len(edits) && edits[k].kind != Equal; k++ {
			if edits[k].kind == Delete {
				i += edits[k].n
			} else {
				j += edits[k].n
			}
		}
		out = appendBlock(out, from, to, ri, i, aj, j, withWords, bg)
	}
	return out
}

// commonEnds returns the lengths of the common prefix and suffix of a and b.
func commonEnds(a, b []int32) (prefix, suffix int) {
	for prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	for suffix < len(a)-prefix && suffix < len(b)-prefix &&
		a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}
	return prefix, suffix
}

// appendBlock reports the removed paragraphs from[r0:r1] and the added
// paragraphs to[a0:a1], pairing similar ones (in order) as changed.
func appendBlock(out []ParagraphChange, from, to []string, r0, r1, a0, a1 int, withWords bool, bg *budget) []ParagraphChange {
	pairs := pairSimilar(from[r0:r1], to[a0:a1])
	r, a := r0, a0
	emitUntil := func(rEnd, aEnd int) {
		for ; r < rEnd; r++ {
			out = append(out, ParagraphChange{Kind: ParaRemoved, FromIndex: r, ToIndex: -1, From: from[r]})
		}
		for ; a < aEnd; a++ {
			out = append(out, ParagraphChange{Kind: ParaAdded, FromIndex: -1, ToIndex: a, To: to[a]})
		}
	}
	for _, p := range pairs {
		fi, ti := r0+p[0], a0+p[1]
		emitUntil(fi, ti)
		c := ParagraphChange{Kind: ParaChanged, FromIndex: fi, ToIndex: ti, From: from[fi], To: to[ti]}
		if withWords {
			c.Words = words(from[fi], to[ti], bg)
		}
		out = append(out, c)
		r, a = fi+1, ti+1
	}
	emitUntil(r1, a1)
	return out
}

// pairSimilar matches removed paragraphs with added ones that are similar
// enough to be edits of each other. The matching keeps order (no crossing
// pairs) and maximises the total similarity. It returns index pairs into
// removed and added, in ascending order.
func pairSimilar(removed, added []string) [][2]int {
	nr, na := len(removed), len(added)
	if nr == 0 || na == 0 || nr*na > maxPairs {
		return nil
	}
	bagsR := make([]map[string]int, nr)
	lensR := make([]int, nr)
	for i, p := range removed {
		bagsR[i], lensR[i] = wordBag(p)
	}
	bagsA := make([]map[string]int, na)
	lensA := make([]int, na)
	for j, p := range added {
		bagsA[j], lensA[j] = wordBag(p)
	}

	// score[i][j]: best total similarity pairing removed[:i] with added[:j].
	w := na + 1
	score := make([]float64, (nr+1)*w)
	took := make([]bool, (nr+1)*w)
	for i := 1; i <= nr; i++ {
		for j := 1; j <= na; j++ {
			best := max(score[(i-1)*w+j], score[i*w+j-1])
			if s := dice(bagsR[i-1], lensR[i-1], bagsA[j-1], lensA[j-1]); s >= similarEnough {
				if v := score[(i-1)*w+j-1] + s; v > best {
					best = v
					took[i*w+j] = true
				}
			}
			score[i*w+j] = best
		}
	}
	var pairs [][2]int
	for i, j := nr, na; i > 0 && j > 0; {
		switch {
		case took[i*w+j]:
			pairs = append(pairs, [2]int{i - 1, j - 1})
			i--
			j--
		case score[(i-1)*w+j] >= score[i*w+j-1]:
			i--
		default:
			j--
		}
	}
	for l, r := 0, len(pairs)-1; l < r; l, r = l+1, r-1 {
		pairs[l], pairs[r] = pairs[r], pairs[l]
	}
	return pairs
}

// wordBag counts the lower-cased words of s.
func wordBag(s string) (map[string]int, int) {
	bag := make(map[string]int)
	n := 0
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		bag[strings.ToLower(w)]++
		n++
	}
	return bag, n
}

// dice returns the Dice coefficient of two word bags: twice the shared words
// over the total words, from 0 (nothing shared) to 1 (same words).
func dice(a map[string]int, na int, b map[string]int, nb int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	shared := 0
	for w, ca := range a {
		shared += min(ca, b[w])
	}
	return 2 * float64(shared) / float64(na+nb)
}
