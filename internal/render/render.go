// Package render turns release bodies written in Markdown into sanitized HTML
// for the reader site and into plain text for descriptions, feeds and search
// snippets.
package render

import (
	"bytes"
	"html"
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkRel is the rel attribute every rendered link carries: release bodies are
// edited content, so links pass no ranking and no window.opener.
const linkRel = "nofollow noopener"

// Renderer converts Markdown. Build it once with New and share it: it is safe
// for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy // what may appear in rendered bodies
	strip  *bluemonday.Policy // removes every tag, for plain text
}

// New returns a Renderer for CommonMark with GitHub tables, strikethrough and
// bare-URL links. Raw HTML in the source is dropped, and the output is
// sanitized with a user-generated-content policy: no scripts, event handlers,
// styles or embedded frames; only http, https, mailto and relative URLs; every
// link gets rel="nofollow noopener".
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.Linkify,
		),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
		),
	)

	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	// The rel values are set by linkTransformer; let exactly those through.
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")

	return &Renderer{md: md, policy: p, strip: bluemonday.StrictPolicy()}
}

// linkTransformer sets rel on every link of the document and turns links
// whose URL the policy would refuse (javascript:, data:, …) into plain text,
// so that readers see the words rather than a dead anchor.
type linkTransformer struct{}

// Transform implements parser.ASTTransformer.
func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var unsafe []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !allowedURL(n.Destination) {
				unsafe = append(unsafe, n)
				return ast.WalkContinue, nil
			}
			n.SetAttributeString("rel", []byte(linkRel))
		case *ast.AutoLink:
			if !allowedURL(n.URL(source)) {
				unsafe = append(unsafe, n)
				return ast.WalkSkipChildren, nil
			}
			n.SetAttributeString("rel", []byte(linkRel))
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unsafe {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(a.Label(source)))
			continue
		}
		for c := n.FirstChild(); c != nil; c = n.FirstChild() {
			parent.InsertBefore(parent, n, c)
		}
		parent.RemoveChild(parent, n)
	}
}

// allowedURL reports whether a link destination, as the HTML renderer will
// write it, is relative or uses the http, https or mailto scheme.
func allowedURL(dest []byte) bool {
	u, err := url.Parse(string(util.URLEscape(dest, true)))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

// html renders src to unsanitized HTML (raw HTML already dropped).
func (r *Renderer) html(src string) []byte {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(defuse(src)), &buf); err != nil {
		// Writing to a bytes.Buffer cannot fail; render nothing rather than
		// something half-processed if goldmark ever reports an error.
		return nil
	}
	return buf.Bytes()
}

// maxBracketsPerLine is the number of '[' on one line beyond which they are
// taken literally. goldmark's link parsing is quadratic on a long line of
// unclosed links ("[a](" repeated: 40 KB takes a second, 200 KB twenty);
// no real text has that many brackets on a line.
const maxBracketsPerLine = 128

// defuse escapes the '[' of any line (outside fenced code) holding more than
// maxBracketsPerLine of them, so that rendering time stays linear.
func defuse(src string) string {
	if strings.Count(src, "[") <= maxBracketsPerLine {
		return src
	}
	lines := strings.SplitAfter(src, "\n")
	fence := ""
	for i, line := range lines {
		if m := fenceMarker(line); m != "" {
			switch {
			case fence == "":
				fence = m
				continue
			case m[0] == fence[0] && len(m) >= len(fence):
				fence = ""
				continue
			}
		}
		if fence == "" && strings.Count(line, "[") > maxBracketsPerLine {
			lines[i] = strings.ReplaceAll(line, "[", `\[`)
		}
	}
	return strings.Join(lines, "")
}

// fenceMarker returns the run of backticks or tildes that opens line when
// line is a code fence, and "" otherwise.
func fenceMarker(line string) string {
	trimmed := strings.TrimLeft(line, " ")
	if len(line)-len(trimmed) > 3 || len(trimmed) < 3 || (trimmed[0] != '`' && trimmed[0] != '~') {
		return ""
	}
	n := 0
	for n < len(trimmed) && trimmed[n] == trimmed[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return trimmed[:n]
}

// Markdown renders a Markdown body to sanitized HTML, ready to be placed in a
// template without further escaping.
func (r *Renderer) Markdown(src string) template.HTML {
	return template.HTML(r.policy.SanitizeBytes(r.html(src))) //nolint:gosec // sanitized just now
}

// PlainText returns the text of a Markdown body without markup, with all white
// space collapsed to single spaces, for descriptions, feed summaries and
// search snippets. When limit > 0 and the text is longer than limit characters
// (runes), it is cut at a word boundary and ends with "…", the whole staying
// within limit characters. The result is plain text: escape it for HTML.
func (r *Renderer) PlainText(src string, limit int) string {
	// goldmark ends every block with a newline, so block boundaries survive
	// stripping as white space while inline tags join their text directly.
	stripped := r.strip.SanitizeBytes(r.html(src))
	return Truncate(strings.Join(strings.Fields(html.UnescapeString(string(stripped))), " "), limit)
}

// Truncate shortens s to at most limit characters (runes), cutting at the last
// word boundary that fits and appending "…". Strings that already fit, and
// any string when limit <= 0, are returned unchanged. A first word longer than
// limit is cut inside the word.
func Truncate(s string, limit int) string {
	if limit <= 0 || utf8.RuneCountInString(s) <= limit {
		return s
	}
	if limit == 1 {
		return "…"
	}
	// Byte offset just past the first limit-1 runes, keeping room for "…".
	end, n := 0, 0
	for i := range s {
		if n == limit-1 {
			end = i
			break
		}
		n++
	}
	cut := s[:end]
	// Prefer a word boundary: the next character (s[end]) is inside a word
	// unless it is a space, in which case cut is already a whole word list.
	next, _ := utf8.DecodeRuneInString(s[end:])
	if !unicode.IsSpace(next) {
		if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
			cut = cut[:i]
		}
	}
	cut = strings.TrimRightFunc(cut, func(r rune) bool {
		return unicode.IsSpace(r) || (unicode.IsPunct(r) && r != ')' && r != '»' && r != '”' && r != '"')
	})
	return cut + "…"
}
