package textdiff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits that keep a diff's cost bounded whatever the input.
const (
	// maxTokens is the largest number of tokens per side (about 20,000 words
	// plus the spaces between them) that gets a fine word diff; beyond it the
	// differing middle is reported as one deletion and one insertion.
	maxTokens = 40_000
	// wordBudget bounds the steps one Words call may spend (tens of
	// milliseconds at most).
	wordBudget = 4_000_000
)

type tokenClass uint8

const (
	classWord tokenClass = iota + 1
	classSpace
	classOther
)

func classOf(r rune) tokenClass {
	switch {
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return classWord
	case unicode.IsSpace(r):
		return classSpace
	default:
		return classOther
	}
}

// tokenize splits s into words (runs of letters, digits and combining marks),
// runs of white space, and single other characters (punctuation, symbols,
// invalid bytes). Concatenating the tokens gives s back exactly.
func tokenize(s string) []string {
	var out []string
	start := 0
	var prev tokenClass
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c := classOther
		if r != utf8.RuneError || size > 1 {
			c = classOf(r)
		}
		if i > start && (c != prev || c == classOther) {
			out = append(out, s[start:i])
			start = i
		}
		prev = c
		i += size
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// Words returns a word-level diff from a to b. Joining the Text of the Equal
// and Delete ops reproduces a exactly; Equal and Insert ops reproduce b. Within
// a run of changes deletions come before insertions, and small unchanged bits
// between two changes (a space, a short word) are folded into the change so
// that the result reads as phrases rather than confetti. Inputs too large for
// a fine diff get a coarse one: the common start and end, and the differing
// middle as one deletion and one insertion.
func Words(a, b string) []Op {
	bg := &budget{left: wordBudget}
	return words(a, b, bg)
}

func words(a, b string, bg *budget) []Op {
	if a == b {
		if a == "" {
			return nil
		}
		return []Op{{Kind: Equal, Text: a}}
	}
	ta, tb := tokenize(a), tokenize(b)
	bg.spend(len(ta) + len(tb))
	in := make(interner, 64)
	ia, ib := in.ids(ta), in.ids(tb)

	var edits []edit
	if len(ta) > maxTokens || len(tb) > maxTokens {
		// Keep the common ends exact but do not search the middle.
		coarse := &budget{left: -1}
		edits = diffIDs(ia, ib, coarse)
	} else {
		edits = diffIDs(ia, ib, bg)
	}
	return cleanup(opsFromEdits(edits, ta, tb))
}

// opsFromEdits turns token edits into text ops, with every run of changes
// normalised to one Delete followed by one Insert.
func opsFromEdits(edits []edit, ta, tb []string) []Op {
	var ops []Op
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			ops = append(ops, Op{Kind: Delete, Text: del.String()})
			del.Reset()
		}
		if ins.Len() > 0 {
			ops = append(ops, Op{Kind: Insert, Text: ins.String()})
			ins.Reset()
		}
	}
	i, j := 0, 0
	for _, e := range edits {
		switch e.kind {
		case Equal:
			flush()
			ops = append(ops, Op{Kind: Equal, Text: strings.Join(ta[i:i+e.n], "")})
			i += e.n
			j += e.n
		case Delete:
			for _, t := range ta[i : i+e.n] {
				del.WriteString(t)
			}
			i += e.n
		case Insert:
			for _, t := range tb[j : j+e.n] {
				ins.WriteString(t)
			}
			j += e.n
		}
	}
	flush()
	return ops
}

// change is a run of changes between two equalities, while cleaning up.
type change struct {
	del, ins string
}

// cleanup folds an equality made only of spaces and punctuation into the
// changes on both sides of it, when it is no longer than the larger side of
// each of those changes. This merges the single spaces left between edited
// words, so "the quick fox" → "a slow fox" reads as one replacement of "the
// quick", while an unchanged word always stays visible as unchanged. It runs
// in linear time.
func cleanup(ops []Op) []Op {
	// Split into: optional leading equality, then (change, equality)* pairs.
	type segment struct {
		ch change
		eq string // the equality after the change, "" at the end
	}
	var lead string
	var segs []segment
	for _, op := range ops {
		switch op.Kind {
		case Equal:
			if len(segs) == 0 {
				lead += op.Text
			} else {
				segs[len(segs)-1].eq += op.Text
			}
		case Delete:
			if len(segs) == 0 || segs[len(segs)-1].eq != "" {
				segs = append(segs, segment{})
			}
			segs[len(segs)-1].ch.del += op.Text
		case Insert:
			if len(segs) == 0 || segs[len(segs)-1].eq != "" {
				segs = append(segs, segment{})
			}
			segs[len(segs)-1].ch.ins += op.Text
		}
	}
	if len(segs) < 2 {
		return ops
	}

	// Merge forward: the pending change grows while equalities are absorbed.
	var del, ins strings.Builder
	out := make([]Op, 0, len(ops))
	if lead != "" {
		out = append(out, Op{Kind: Equal, Text: lead})
	}
	emit := func(eq string) {
		if del.Len() > 0 {
			out = append(out, Op{Kind: Delete, Text: del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, Op{Kind: Insert, Text: ins.String()})
		}
		del.Reset()
		ins.Reset()
		if eq != "" {
			out = append(out, Op{Kind: Equal, Text: eq})
		}
	}
	del.WriteString(segs[0].ch.del)
	ins.WriteString(segs[0].ch.ins)
	for k := 0; k < len(segs); k++ {
		eq := segs[k].eq
		if k+1 == len(segs) {
			emit(eq)
			break
		}
		cur, next := segs[k].ch, segs[k+1].ch
		n := utf8.RuneCountInString(eq)
		if !hasWordChar(eq) && n <= changeLen(cur) && n <= changeLen(next) {
			del.WriteString(eq)
			ins.WriteString(eq)
		} else {
			emit(eq)
		}
		del.WriteString(next.del)
		ins.WriteString(next.ins)
	}
	return out
}

// changeLen is the length in characters of the larger side of a change.
func changeLen(c change) int {
	return max(utf8.RuneCountInString(c.del), utf8.RuneCountInString(c.ins))
}

// hasWordChar reports whether s contains a letter or a digit.
func hasWordChar(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
