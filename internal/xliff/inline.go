package xliff

import (
	"sort"
	"strings"
)

// Kind says what an inline Node is.
type Kind uint8

// The inline node kinds.
const (
	// Text is translatable text.
	Text Kind = iota
	// Ph is a standalone code: markup a translator keeps but does not
	// translate (inline code, a raw HTML tag, an autolink, a list marker).
	Ph
	// Pc is a paired code around translatable text: emphasis or a link.
	// Its Start and End hold the markup; a link's target is in End, so it
	// is never offered for translation.
	Pc
)

// Code types, used for the XLIFF type/ctype attributes.
const (
	TypeStrong = "strong"
	TypeEm     = "em"
	TypeLink   = "link"
	TypeImage  = "image"
	TypeCode   = "code"
	TypeBlock  = "block"
	TypeHTML   = "html"
)

// Node is one piece of a paragraph's inline content. Concatenating the text,
// the standalone codes' markup and the paired codes' Start, children and End
// in order gives back the paragraph's Markdown byte for byte.
type Node struct {
	Kind     Kind
	Text     string // Text: the text; Ph: the markup
	Start    string // Pc: the opening markup ("**", "[")
	End      string // Pc: the closing markup ("**", "](https://…)")
	Type     string // a Type… constant for codes
	Children []Node // Pc: the content
}

// maxInlineDepth bounds the nesting of paired codes; deeper markup stays text.
const maxInlineDepth = 8

// Markdown returns the Markdown that nodes stand for.
func Markdown(nodes []Node) string {
	var b strings.Builder
	writeMarkdown(&b, nodes)
	return b.String()
}

func writeMarkdown(b *strings.Builder, nodes []Node) {
	for _, n := range nodes {
		switch n.Kind {
		case Text, Ph:
			b.WriteString(n.Text)
		case Pc:
			b.WriteString(n.Start)
			writeMarkdown(b, n.Children)
			b.WriteString(n.End)
		}
	}
}

// ParseInline splits one paragraph of Markdown into text and inline codes.
// It recognises emphasis (* _ ** __), links and images ([…](…), […][…]),
// code spans, raw HTML tags and autolinks, backslash escapes, block
// markers at line starts (# headings, list items, quotes) and fenced code
// blocks. It is not a full CommonMark parser: whatever it does not
// recognise stays text, and Markdown(ParseInline(s)) == s always holds. Its
// cost is linear in len(s) times maxInlineDepth, times log len(s).
func ParseInline(s string) []Node {
	if isFence(s) {
		return []Node{{Kind: Ph, Text: s, Type: TypeCode}}
	}
	return parseInline(s, 0)
}

func isFence(s string) bool {
	t := strings.TrimLeft(s, " ")
	return len(s)-len(t) <= 3 && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"))
}

type inlineParser struct {
	s      string
	depth  int
	out    []Node
	text   int // start of the pending text
	closer map[string][]int
	match  []int         // match[i] is the index of the bracket or parenthesis closing s[i], or -1
	ticks  map[int][]int // backtick runs by length: their starts, in order
}

func parseInline(s string, depth int) []Node {
	if s == "" {
		return nil
	}
	if depth >= maxInlineDepth {
		return []Node{{Kind: Text, Text: s}}
	}
	p := &inlineParser{s: s, depth: depth}
	p.prepare()
	p.run()
	return p.out
}

// prepare finds every possible emphasis closer and matches brackets and
// parentheses, so that run never scans ahead more than once.
func (p *inlineParser) prepare() {
	s := p.s
	p.closer = map[string][]int{}
	p.match = make([]int, len(s))
	p.ticks = map[int][]int{}
	var brackets, parens []int
	for i := 0; i < len(s); i++ {
		p.match[i] = -1
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				p.match[i+1] = -1
				i++
			}
		case '`':
			n := runLen(s, i, '`')
			p.ticks[n] = append(p.ticks[n], i)
			for k := i; k < i+n; k++ {
				p.match[k] = -1
			}
			i += n - 1
		case '[':
			brackets = append(brackets, i)
		case ']':
			if n := len(brackets); n > 0 {
				p.match[brackets[n-1]] = i
				brackets = brackets[:n-1]
			}
		case '(':
			parens = append(parens, i)
		case ')':
			if n := len(parens); n > 0 {
				p.match[parens[n-1]] = i
				parens = parens[:n-1]
			}
		case '*', '_':
			if i == 0 || isSpace(s[i-1]) {
				continue
			}
			for _, d := range []string{string(c), string([]byte{c, c})} {
				if !strings.HasPrefix(s[i:], d) {
					continue
				}
				if c == '_' && i+len(d) < len(s) && isWordByte(s[i+len(d)]) {
					continue
				}
				p.closer[d] = append(p.closer[d], i)
			}
		}
	}
}

func (p *inlineParser) flush(upTo int) {
	if upTo > p.text {
		p.out = append(p.out, Node{Kind: Text, Text: p.s[p.text:upTo]})
	}
}

func (p *inlineParser) code(start, end int, typ string) {
	p.flush(start)
	p.out = append(p.out, Node{Kind: Ph, Text: p.s[start:end], Type: typ})
	p.text = end
}

func (p *inlineParser) pair(start, innerStart, innerEnd, end int, typ string) {
	p.flush(start)
	p.out = append(p.out, Node{Kind: Pc, Type: typ, Start: p.s[start:innerStart], End: p.s[innerEnd:end],
		Children: parseInline(p.s[innerStart:innerEnd], p.depth+1)})
	p.text = end
}

func (p *inlineParser) run() {
	s := p.s
	i := 0
	for i < len(s) {
		if i == 0 || s[i-1] == '\n' {
			if n := blockMarker(s[i:]); n > 0 {
				p.code(i, i+n, TypeBlock)
				i += n
				continue
			}
		}
		switch c := s[i]; c {
		case '\\':
			i += 2
			continue
		case '`':
			n := runLen(s, i, '`')
			if end := p.closingTicks(i+n, n); end > 0 {
				p.code(i, end, TypeCode)
				i = end
				continue
			}
			i += n
			continue
		case '<':
			if n := angleCode(s[i:]); n > 0 {
				p.code(i, i+n, TypeHTML)
				i += n
				continue
			}
		case '!', '[':
			open := i
			if c == '!' {
				if i+1 >= len(s) || s[i+1] != '[' {
					break
				}
				open = i + 1
			}
			if end := p.linkEnd(open); end > 0 {
				typ := TypeLink
				if c == '!' {
					typ = TypeImage
				}
				p.pair(i, open+1, p.match[open], end, typ)
				i = end
				continue
			}
		case '*', '_':
			d := 1
			if i+1 < len(s) && s[i+1] == c {
				d = 2
			}
			delim := s[i : i+d]
			canOpen := i+d < len(s) && !isSpace(s[i+d]) && (c == '*' || i == 0 || !isWordByte(s[i-1]))
			if canOpen {
				if j := p.nextCloser(delim, i+d+1); j > 0 {
					typ := TypeEm
					if d == 2 {
						typ = TypeStrong
					}
					p.pair(i, i+d, j, j+d, typ)
					i = j + d
					continue
				}
			}
			i += d
			continue
		}
		i++
	}
	p.flush(len(s))
}

// linkEnd returns the end of a link whose text opens with the bracket at
// open ("[text](dest)" or "[text][ref]"), or 0.
func (p *inlineParser) linkEnd(open int) int {
	closeAt := p.match[open]
	if closeAt < 0 || closeAt+1 >= len(p.s) {
		return 0
	}
	next := closeAt + 1
	switch p.s[next] {
	case '(', '[':
		if m := p.match[next]; m > 0 {
			return m + 1
		}
	}
	return 0
}

// nextCloser returns the first position at or after from where delim may
// close emphasis, or 0.
func (p *inlineParser) nextCloser(delim string, from int) int {
	list := p.closer[delim]
	k := sort.SearchInts(list, from)
	if k < len(list) {
		return list[k]
	}
	return 0
}

// blockMarker returns the length of the block markers opening a line:
// up to three spaces, then heading hashes, list bullets or numbers and quote
// signs, with the spaces after them.
func blockMarker(s string) int {
	i := 0
	for i < len(s) && i < 3 && s[i] == ' ' {
		i++
	}
	found := false
	for range 8 {
		j := i
		switch {
		case j < len(s) && s[j] == '#':
			for j < len(s) && j-i < 6 && s[j] == '#' {
				j++
			}
		case j < len(s) && (s[j] == '-' || s[j] == '*' || s[j] == '+' || s[j] == '>'):
			j++
		case j < len(s) && s[j] >= '0' && s[j] <= '9':
			for j < len(s) && j-i < 9 && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j >= len(s) || (s[j] != '.' && s[j] != ')') {
				return boolLen(found, i)
			}
			j++
		default:
			return boolLen(found, i)
		}
		if j < len(s) && s[j] != ' ' && s[j] != '\t' && s[i] != '>' {
			return boolLen(found, i)
		}
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		i, found = j, true
	}
	return boolLen(found, i)
}

func boolLen(ok bool, n int) int {
	if ok {
		return n
	}
	return 0
}

// angleCode returns the length of an autolink or a raw HTML tag at the start of s, or 0.
func angleCode(s string) int {
	if len(s) < 3 {
		return 0
	}
	c := s[1]
	if !(c == '/' || c == '!' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z')) {
		return 0
	}
	for i := 1; i < len(s) && i < 256; i++ {
		switch s[i] {
		case '>':
			return i + 1
		case '<', '\n':
			return 0
		}
	}
	return 0
}

// closingTicks returns the end of the first run of exactly n backticks at or after from, or 0.
func (p *inlineParser) closingTicks(from, n int) int {
	list := p.ticks[n]
	if k := sort.SearchInts(list, from); k < len(list) {
		return list[k] + n
	}
	return 0
}

func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

func isWordByte(c byte) bool {
	return c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z') || (c >= '0' && c <= '9')
}
