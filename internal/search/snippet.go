package search

import (
	"strings"
	"unicode/utf8"
)

// Snippet returns a short plain-text excerpt of text around the first word
// that matches query (as Search matches: folded, the last term of three or more
// letters also by prefix), at most limit characters (runes) long including the
// "…" that marks a cut at either end. White space is collapsed. When nothing
// matches, the excerpt is the start of text. limit <= 0 returns the whole text
// with its white space collapsed. The result is plain text: escape it for
// HTML.
func Snippet(text, query string, limit int) string {
	return snippet(text, limit, analyzer{}.matcher(query))
}

// Snippet is the package's Snippet, matching word forms as ix does: the
// excerpt of a Russian text for «беженцы» is around «беженцах». Its cost is
// linear in the size of text; give it a bounded text (see the reader's
// precomputed excerpts).
func (ix *Index) Snippet(text, query string, limit int) string {
	return snippet(text, limit, ix.an.matcher(query))
}

func snippet(text string, limit int, match func(term string) bool) string {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return ""
	}
	if limit <= 0 {
		return strings.Join(fields, " ")
	}
	k := firstMatch(fields, match)

	// prefix[i] is the rune length of fields[:i]; cost is the length of the
	// excerpt fields[s:e] with its separators and ellipses.
	prefix := make([]int, len(fields)+1)
	for i, f := range fields {
		prefix[i+1] = prefix[i] + utf8.RuneCountInString(f)
	}
	cost := func(s, e int) int {
		c := prefix[e] - prefix[s] + (e - s - 1)
		if s > 0 {
			c++
		}
		if e < len(fields) {
			c++
		}
		return c
	}

	if cost(k, k+1) > limit {
		// The matching word alone does not fit: cut it.
		return cutWord(fields[k], k > 0, limit)
	}
	// Up to a third of the room goes to context before the match, or all
	// that precedes it when that is under half the room.
	s, e := k, k+1
	if prefix[k]+k <= limit/2 && cost(0, e) <= limit {
		s = 0
	}
	for s > 0 && prefix[k]-prefix[s-1]+(k-s+1) <= limit/3 && cost(s-1, e) <= limit {
		s--
	}
	for e < len(fields) && cost(s, e+1) <= limit {
		e++
	}
	for s > 0 && cost(s-1, e) <= limit {
		s-- // the text ended early: use the room for more context before
	}

	var b strings.Builder
	if s > 0 {
		b.WriteString("…")
	}
	b.WriteString(strings.Join(fields[s:e], " "))
	if e < len(fields) {
		b.WriteString("…")
	}
	return b.String()
}

// firstMatch returns the index of the first field containing a term that
// match accepts, or 0 when none does.
func firstMatch(fields []string, match func(term string) bool) int {
	f := newFolder()
	for i, field := range fields {
		found := false
		f.scan(field, func(term []byte) {
			if !found && match(string(term)) {
				found = true
			}
		})
		if found {
			return i
		}
	}
	return 0
}

// cutWord shortens a single word to fit limit runes with ellipses: one before
// when the word is not at the start of the text, and one after.
func cutWord(w string, lead bool, limit int) string {
	room := limit - 1
	if lead {
		room--
	}
	if room <= 0 {
		return "…"
	}
	n := 0
	for i := range w {
		if n == room {
			w = w[:i]
			break
		}
		n++
	}
	if lead {
		return "…" + w + "…"
	}
	return w + "…"
}
