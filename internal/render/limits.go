package render

import (
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Limits on what a body may hold. Within them, rendering takes time and
// memory linear in the body's size, and the rendered HTML is at most
// MaxExpansion times the body's size plus ExpansionSlack bytes. Check refuses
// a body over any limit; Markdown still renders one (stored before the limits
// existed) within the same bound, see Markdown.
const (
	// MaxTableColumns is the most columns a table may have. Every row of a
	// table is padded to the header's width, so wide tables of short rows
	// amplify: 1,200 empty columns by 1,200 rows of "|" is 7 KB of Markdown
	// and was 14 MB of HTML.
	MaxTableColumns = 64
	// MaxTableCells is the most cells, short rows counted as full, that the
	// tables of one body may have together. It bounds the parser's memory.
	MaxTableCells = 10_000
	// MaxDelimiters is the most emphasis and strikethrough markers (runs of
	// *, _ or ~) one paragraph, heading or table cell may hold; beyond it
	// they are plain text. goldmark matches them in time quadratic in their
	// number per paragraph: "*a_" × 60,000 took minutes.
	MaxDelimiters = 400
	// MaxBrackets is the most links and images ('[' or "![" openers) one
	// paragraph, heading or table cell may hold; beyond it they are plain
	// text. goldmark's link parsing costs up to the paragraph's size per
	// opener: 30,000 reference links on 30,000 lines took seconds.
	MaxBrackets = 128
	// MaxNesting is how deep lists and quotes may be nested in each other.
	MaxNesting = 16
	// MaxExpansion and ExpansionSlack bound the rendered HTML: at most
	// MaxExpansion × len(body) + ExpansionSlack bytes. Prose renders to about
	// 1.1 × its size; the densest markup within the other limits (empty
	// aligned table cells, quotes nested in quotes) to about 24 ×, which
	// only tiny bodies reach.
	MaxExpansion   = 16
	ExpansionSlack = 4096
)

// maxHTML returns the most bytes of HTML a body of n bytes may render to.
func maxHTML(n int) int { return MaxExpansion*n + ExpansionSlack }

// limitsKey holds a parse's *limits in its parser.Context.
var limitsKey = parser.NewContextKey()

// limits counts, during one parse, what the limits bound, and keeps the first
// limit broken.
type limits struct {
	block    ast.Node // the block whose delimiters and brackets are counted
	delims   int      // delimiters in block
	brackets int      // link and image openers in block
	cells    int      // table cells so far
	err      error    // the first limit broken, nil if none
}

// limitsOf returns the counts of the parse pc belongs to.
func limitsOf(pc parser.Context) *limits {
	return pc.ComputeIfAbsent(limitsKey, func() any { return &limits{} }).(*limits)
}

// fail records the error made by newErr unless a limit was already broken.
func (l *limits) fail(newErr func() error) {
	if l.err == nil {
		l.err = newErr()
	}
}

// in starts counting for block when it is not the block counted so far.
func (l *limits) in(block ast.Node) {
	if l.block != block {
		l.block, l.delims, l.brackets = block, 0, 0
	}
}

// Errors naming each limit, as shown to the writer of a body (coded, and
// worded in the writer's language at the edge).
func errTableColumns(n int) error {
	return newsroom.E(newsroom.EInvalid, "ErrTableColumns", "Max", MaxTableColumns, "Columns", n)
}

func errTableCells() error {
	return newsroom.E(newsroom.EInvalid, "ErrTableCells", "Max", MaxTableCells)
}

func errDelimiters() error {
	return newsroom.E(newsroom.EInvalid, "ErrDelimiters", "Max", MaxDelimiters)
}

func errBrackets() error {
	return newsroom.E(newsroom.EInvalid, "ErrBrackets", "Max", MaxBrackets)
}

func errNesting() error {
	return newsroom.E(newsroom.EInvalid, "ErrNesting", "Max", MaxNesting)
}

func errExpansion() error {
	return newsroom.E(newsroom.EInvalid, "ErrExpansion", "Max", MaxExpansion)
}

// boundedDelimiters wraps the emphasis or strikethrough parser: past
// MaxDelimiters markers in one block, further markers are plain text.
type boundedDelimiters struct {
	parser.InlineParser
}

// Parse implements parser.InlineParser.
func (b boundedDelimiters) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	l := limitsOf(pc)
	l.in(parent)
	if l.delims >= MaxDelimiters {
		l.fail(errDelimiters)
		return nil
	}
	n := b.InlineParser.Parse(parent, block, pc)
	if n != nil {
		l.delims++
	}
	return n
}

// boundedLinks wraps goldmark's link parser: past MaxBrackets link or image
// openers ('[' or "![") in one block, further ones are plain text.
type boundedLinks struct {
	parser.InlineParser
}

// Parse implements parser.InlineParser.
func (b boundedLinks) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	opener := len(line) > 0 && (line[0] == '[' || (line[0] == '!' && len(line) > 1 && line[1] == '['))
	if !opener { // ']' closes what was opened; a lone '!' is text
		return b.InlineParser.Parse(parent, block, pc)
	}
	l := limitsOf(pc)
	l.in(parent)
	if l.brackets >= MaxBrackets {
		l.fail(errBrackets)
		return nil
	}
	n := b.InlineParser.Parse(parent, block, pc)
	if n != nil {
		l.brackets++
	}
	return n
}

// CloseBlock implements parser.CloseBlocker: the link parser forgets the
// openers left unclosed at the end of each block.
func (b boundedLinks) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := b.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// boundedTables wraps goldmark's table paragraph transformer: a table over
// MaxTableColumns, or one that would take the body over MaxTableCells, stays
// a paragraph, and is never built.
type boundedTables struct {
	parser.ParagraphTransformer
}

// Transform implements parser.ParagraphTransformer.
func (b boundedTables) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	source := reader.Source()
	// Find the table goldmark would make: the first delimiter row, under a
	// header with at most as many cells.
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		cols := delimiterColumns(seg.Value(source))
		if cols == 0 {
			continue
		}
		if headerCells(lines.At(i-1), source) > cols {
			return // not a table for goldmark either; it pads shorter headers
		}
		l := limitsOf(pc)
		if cols > MaxTableColumns {
			l.fail(func() error { return errTableColumns(cols) })
			return
		}
		if cells := cols * (lines.Len() - i); l.cells+cells > MaxTableCells {
			l.fail(errTableCells)
			return
		}
		break
	}
	parent, prev, next := node.Parent(), node.PreviousSibling(), node.NextSibling()
	b.ParagraphTransformer.Transform(node, reader, pc)
	// Count what was built: the table follows the paragraph, which may be gone.
	first := parent.FirstChild()
	if prev != nil {
		first = prev.NextSibling()
	}
	for n := first; n != nil && n != next; n = n.NextSibling() {
		if t, ok := n.(*extast.Table); ok {
			for row := t.FirstChild(); row != nil; row = row.NextSibling() {
				limitsOf(pc).cells += row.ChildCount()
			}
		}
	}
}

// delimiterColumns returns the number of columns of line when it is a table's
// delimiter row as goldmark reads one ("| :-- | --: |"), and 0 otherwise.
func delimiterColumns(line []byte) int {
	if w, _ := util.IndentWidth(line, 0); w > 3 {
		return 0
	}
	allDashes := true
	for _, c := range line {
		if c != '-' {
			allDashes = false
		}
		if !util.IsSpace(c) && c != '-' && c != '|' && c != ':' {
			return 0
		}
	}
	if allDashes {
		return 0
	}
	var cols [][]byte
	start := 0
	for i, c := range line {
		if c == '|' {
			cols = append(cols, line[start:i])
			start = i + 1
		}
	}
	cols = append(cols, line[start:])
	if util.IsBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && util.IsBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	for _, c := range cols {
		if !delimiterCell(c) {
			return 0
		}
	}
	return len(cols)
}

// delimiterCell reports whether c matches `^\s*:?-+:?\s*$`.
func delimiterCell(c []byte) bool {
	c = util.TrimRightSpace(util.TrimLeftSpace(c))
	if len(c) > 0 && c[0] == ':' {
		c = c[1:]
	}
	if len(c) > 0 && c[len(c)-1] == ':' {
		c = c[:len(c)-1]
	}
	if len(c) == 0 {
		return false
	}
	for _, b := range c {
		if b != '-' {
			return false
		}
	}
	return true
}

// headerCells returns the number of cells goldmark reads in a table's header
// row before padding it: cells are separated by '|' not preceded by '\', and a leading and a
// trailing '|' open and close the row.
func headerCells(seg text.Segment, source []byte) int {
	seg = seg.TrimLeftSpace(source)
	seg = seg.TrimRightSpace(source)
	line := seg.Value(source)
	pos, limit := 0, len(line)
	if limit > 0 && line[0] == '|' {
		pos++
	}
	if limit > 0 && line[limit-1] == '|' {
		limit--
	}
	n := 0
	for pos < limit {
		closure := pos
		for closure < limit && (line[closure] != '|' || (closure > 0 && line[closure-1] == '\\')) {
			closure++
		}
		n++
		pos = closure + 1
	}
	return n
}

// checkTree returns the error of the first limit the parsed document doc of
// a body of srcLen bytes breaks that the parser itself does not count: nesting depth, and link
// destinations and titles repeated by reference links beyond what the
// output bound allows.
func checkTree(doc ast.Node, srcLen int) error {
	var err error
	depth, linkBytes := 0, 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.List, *ast.Blockquote:
			if entering {
				depth++
				if depth > MaxNesting {
					err = errNesting()
					return ast.WalkStop, nil
				}
			} else {
				depth--
			}
		case *ast.Link:
			if entering {
				linkBytes += len(n.Destination) + len(n.Title)
			}
		case *ast.Image:
			if entering {
				linkBytes += len(n.Destination) + len(n.Title)
			}
		}
		if linkBytes > maxHTML(srcLen) {
			err = errExpansion()
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return err
}

// cappedBuffer keeps at most max bytes and fails every write past them.
type cappedBuffer struct {
	buf  []byte
	max  int
	over bool
}

// Write implements io.Writer.
func (w *cappedBuffer) Write(p []byte) (int, error) {
	if w.over || len(w.buf)+len(p) > w.max {
		w.over = true
		return 0, errOverflow
	}
	w.buf = append(w.buf, p...)
	return len(p), nil
}

// errOverflow is what a full cappedBuffer answers.
var errOverflow = newsroom.Errorf(newsroom.EInvalid, "output over its limit")
