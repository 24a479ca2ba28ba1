package xliff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Write writes d in its format.
func Write(w io.Writer, d *Document) error {
	bw := bufio.NewWriter(w)
	var err error
	switch d.Format {
	case V12:
		err = write12(bw, d)
	default:
		err = write2(bw, d)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// piece is a segment, or the white space between two segments.
type piece struct {
	nodes     []Node
	ignorable bool
}

// segment splits a source paragraph into sentences (Unicode UAX #29) where
// a sentence boundary falls in top-level text, so that no paired code is cut;
// the white space between sentences becomes its own ignorable piece.
func segment(md string, nodes []Node) []piece {
	var cuts [][2]int // [end of sentence text, start of next sentence]
	pos, state := 0, -1
	rest := md
	for len(rest) > 0 {
		var sentence string
		sentence, rest, state = uniseg.FirstSentenceInString(rest, state)
		pos += len(sentence)
		if rest == "" {
			break
		}
		trimmed := strings.TrimRight(sentence, " \t\n\u00a0")
		cuts = append(cuts, [2]int{pos - (len(sentence) - len(trimmed)), pos})
	}
	if len(cuts) == 0 {
		return []piece{{nodes: nodes}}
	}
	var out []piece
	var cur []Node
	off, c := 0, 0
	for _, n := range nodes {
		end := off + nodeLen(n)
		if n.Kind != Text {
			cur = append(cur, n)
			off = end
			continue
		}
		text, base := n.Text, off
		for c < len(cuts) && cuts[c][0] < base {
			c++
		}
		for c < len(cuts) && cuts[c][1] <= end && cuts[c][0] >= base {
			a, b := cuts[c][0]-base, cuts[c][1]-base
			if a > 0 || len(cur) > 0 {
				if a > 0 {
					cur = append(cur, Node{Kind: Text, Text: text[:a]})
				}
				out = append(out, piece{nodes: cur})
				cur = nil
				if b > a {
					out = append(out, piece{nodes: []Node{{Kind: Text, Text: text[a:b]}}, ignorable: true})
				}
				text, base = text[b:], base+b
			}
			c++
		}
		if text != "" {
			cur = append(cur, Node{Kind: Text, Text: text})
		}
		off = end
	}
	if len(cur) > 0 {
		out = append(out, piece{nodes: cur})
	} else if len(out) > 0 && out[len(out)-1].ignorable {
		// White space at the very end belongs to the last sentence.
		last := out[len(out)-1]
		out = out[:len(out)-1]
		out[len(out)-1].nodes = append(out[len(out)-1].nodes, last.nodes...)
	}
	return out
}

func nodeLen(n Node) int {
	if n.Kind == Pc {
		l := len(n.Start) + len(n.End)
		for _, c := range n.Children {
			l += nodeLen(c)
		}
		return l
	}
	return len(n.Text)
}

// codes numbers the inline codes of one unit: the source's codes get IDs
// 1, 2, …; a target code reuses the ID of an unused source code with the
// same markup, so that CAT tools see them as the same code, or gets a new one.
type codes struct {
	next   int
	source map[string][]int // markup key -> unused source code IDs
	data   map[string]string
	order  []string // data values in order of first use
}

func newCodes() *codes {
	return &codes{source: map[string][]int{}, data: map[string]string{}}
}

func codeKey(n Node) string { return n.Start + "\x00" + n.Text + "\x00" + n.End }

// sourceID numbers a source code.
func (c *codes) sourceID(n Node) int {
	c.next++
	k := codeKey(n)
	c.source[k] = append(c.source[k], c.next)
	return c.next
}

// targetID finds or makes the ID of a target code.
func (c *codes) targetID(n Node) int {
	k := codeKey(n)
	if ids := c.source[k]; len(ids) > 0 {
		c.source[k] = ids[1:]
		return ids[0]
	}
	c.next++
	return c.next
}

// dataID returns the ID of the original data holding markup.
func (c *codes) dataID(markup string) string {
	if id, ok := c.data[markup]; ok {
		return id
	}
	id := fmt.Sprintf("d%d", len(c.order)+1)
	c.data[markup] = id
	c.order = append(c.order, markup)
	return id
}

// xmlChar reports whether r may appear literally in XML 1.0 text. CR is
// excluded too: parsers turn it into LF.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000
}

// escape writes s as XML text. Characters XML cannot carry are written with
// cp when it is given (XLIFF 2) and refused otherwise (XLIFF 1.2).
func escape(b *bufio.Writer, s string, cp bool) error {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return newsroom.Errorf(newsroom.EInvalid, "The text is not valid UTF-8.")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case !xmlChar(r):
			if !cp {
				return newsroom.Errorf(newsroom.EInvalid, "The text holds the control character U+%04X, which XLIFF 1.2 cannot carry; export as XLIFF 2.1.", r)
			}
			fmt.Fprintf(b, `<cp hex="%04X"/>`, r)
		default:
			b.WriteRune(r)
		}
	}
	return nil
}

// noteText makes s safe for a note, which cannot hold code points:
// characters XML cannot carry become U+FFFD. A note is for people, so this
// loses nothing that is imported.
func noteText(s string) string {
	return strings.Map(func(r rune) rune {
		if !xmlChar(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// attr writes ` name="value"`.
func attr(b *bufio.Writer, name, value string) {
	b.WriteString(" " + name + `="`)
	_ = escape(b, value, false)
	b.WriteString(`"`)
}
