package qa

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// markup counts the Markdown constructs of one paragraph.
type markup struct {
	bold, italic, links, heading, items int
}

// countMarkup counts bold and italic markers, links, the heading level and
// list items of a paragraph. Inline code is ignored.
func countMarkup(p string) markup {
	var m markup
	p = stripCode(p)
	for line := range strings.SplitSeq(p, "\n") {
		t := strings.TrimLeft(line, " ")
		if h := len(t) - len(strings.TrimLeft(t, "#")); h > 0 && h <= 6 && strings.HasPrefix(t[h:], " ") {
			m.heading = h
		}
		if isListItem(t) {
			m.items++
			t = t[strings.Index(t, " ")+1:]
		}
		m.bold += strings.Count(t, "**") + strings.Count(t, "__")
		rest := strings.ReplaceAll(strings.ReplaceAll(t, "**", ""), "__", "")
		m.italic += italicMarks(rest)
	}
	m.links = strings.Count(p, "](")
	return m
}

// isListItem reports whether a line starts a Markdown list item.
func isListItem(t string) bool {
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ") {
		return true
	}
	d := digitsEnd(t, 0)
	return d > 0 && d < 10 && strings.HasPrefix(t[d:], ". ")
}

// italicMarks counts single * and the _ that stand at a word's edge (not
// inside snake_case).
func italicMarks(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*':
			n++
		case '_':
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if !(isWordRune(prev) && isWordRune(next)) {
				n++
			}
		}
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// markdown compares a body paragraph's markup with its source's.
func (c *checker) markdown(i int, s, t string) {
	if !strings.ContainsAny(s+t, "*_[#-+0123456789") {
		return
	}
	sm, tm := countMarkup(s), countMarkup(t)
	if tm.bold%2 == 1 || tm.italic%2 == 1 {
		c.add(CheckMarkdown, Warning, FieldBody, i, "QAMarkupUnbalanced")
	}
	for _, k := range []struct {
		id   string
		s, t int
	}{
		{"QAMarkupBold", sm.bold / 2, tm.bold / 2},
		{"QAMarkupItalic", sm.italic / 2, tm.italic / 2},
		{"QAMarkupLinks", sm.links, tm.links},
		{"QAMarkupHeading", sm.heading, tm.heading},
		{"QAMarkupListItems", sm.items, tm.items},
	} {
		if k.s != k.t {
			c.add(CheckMarkdown, Warning, FieldBody, i, k.id, "Source", k.s, "Target", k.t)
		}
	}
}
