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
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
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
	// goldmark's defaults, with the table, strikethrough, emphasis and link
	// parsers bounded (see limits.go).
	var inline []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		switch v.Value {
		case parser.NewEmphasisParser():
			v.Value = boundedDelimiters{parser.NewEmphasisParser()}
		case parser.NewLinkParser():
			v.Value = boundedLinks{parser.NewLinkParser()}
		}
		inline = append(inline, v)
	}
	inline = append(inline, util.Prioritized(boundedDelimiters{extension.NewStrikethroughParser()}, 500))
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(append(parser.DefaultParagraphTransformers(),
			util.Prioritized(boundedTables{extension.NewTableParagraphTransformer()}, 200))...),
		parser.WithASTTransformers(
			util.Prioritized(extension.NewTableASTTransformer(), 0),
			util.Prioritized(linkTransformer{}, 100),
		),
	)
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(extension.Linkify),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(extension.NewTableHTMLRenderer(
				extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)), 500),
			util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
		)),
	)

	policy := bluemonday.UGCPolicy()
	policy.AllowURLSchemes("http", "https", "mailto")
	policy.RequireParseableURLs(true)
	policy.RequireNoFollowOnLinks(true)
	// The rel values are set by linkTransformer; let exactly those through.
	policy.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")

	return &Renderer{md: md, policy: policy, strip: bluemonday.StrictPolicy()}
}

// linkTransformer sets rel on every link of the document and turns links
// whose URL the policy would refuse (javascript:, data:, …) into plain text,
// so that readers see the words rather than a dead anchor.
type linkTransformer struct{}

// Transform implements parser.ASTTransformer.
func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var unsafe []ast.Node
	// Reference links repeat one destination; judge each once.
	judged := map[string]bool{}
	allowed := func(dest []byte) bool {
		ok, seen := judged[string(dest)]
		if !seen {
			ok = allowedURL(dest)
			judged[string(dest)] = ok
		}
		return ok
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !allowed(n.Destination) {
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

// html renders src to unsanitized HTML (raw HTML already dropped), within
// the bound of maxHTML, and returns the first limit src breaks, if any. A body
// nested too deep (past what defuse cuts) or over the size bound is rendered
// as escaped text paragraphs (plainHTML); over the other limits, the markers,
// tables and nesting beyond them stay as written.
func (r *Renderer) html(src string) ([]byte, error) {
	defused, err := defuse(src)
	source := []byte(defused)
	pc := parser.NewContext()
	doc := r.md.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	if err == nil {
		err = limitsOf(pc).err
	}
	if treeErr := checkTree(doc, len(src)); treeErr != nil {
		return plainHTML(src), treeErr
	}
	out := &cappedBuffer{max: maxHTML(len(src))}
	if rerr := r.md.Renderer().Render(out, source, doc); rerr != nil || out.over {
		return plainHTML(src), errExpansion()
	}
	return out.buf, err
}

// plainHTML renders src as escaped text, one paragraph per blank-line
// separated block: at most 13 bytes per 3 of src plus 13, within maxHTML.
func plainHTML(src string) []byte {
	var b bytes.Buffer
	for _, p := range strings.Split(src, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>")
			b.WriteString(html.EscapeString(p))
			b.WriteString("</p>\n")
		}
	}
	return b.Bytes()
}

// Markdown renders a Markdown body to sanitized HTML, ready to be placed in a
// template without further escaping. The HTML is at most MaxExpansion ×
// len(src) + ExpansionSlack bytes. A body over the limits that Check refuses
// still renders: tables and emphasis markers beyond their limits stay as
// written, and a body nested too deep or rendering too large is shown as
// escaped text.
func (r *Renderer) Markdown(src string) template.HTML {
	h, _ := r.html(src)
	out := r.policy.SanitizeBytes(h)
	if len(out) > maxHTML(len(src)) { // sanitizing does not grow HTML; stay sure
		out = r.policy.SanitizeBytes(plainHTML(src))
	}
	return template.HTML(out) //nolint:gosec // sanitized just now
}

// Check returns nil when src is within the limits on tables, emphasis
// markers, nesting and rendered size (see MaxTableColumns and the others),
// and otherwise an EInvalid error naming the first limit it breaks. The
// store checks every body it saves with it and the editor's preview too, so
// that preview, save and publish answer alike.
func (r *Renderer) Check(src string) error {
	_, err := r.html(src)
	return err
}

// checker is the Renderer of the package-level Check.
var checker = sync.OnceValue(New)

// Check checks src with a Renderer built once; see Renderer.Check.
func Check(src string) error { return checker().Check(src) }

// PlainText returns the text of a Markdown body without markup, with all white
// space collapsed to single spaces, for descriptions, feed summaries and
// search snippets. When limit > 0 and the text is longer than limit characters
// (runes), it is cut at a word boundary and ends with "…", the whole staying
// within limit characters. The result is plain text: escape it for HTML.
func (r *Renderer) PlainText(src string, limit int) string {
	// goldmark ends every block with a newline, so block boundaries survive
	// stripping as white space while inline tags join their text directly.
	h, _ := r.html(src)
	stripped := r.strip.SanitizeBytes(h)
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
