package render

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestMarkdown(t *testing.T) {
	r := New()
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"an empty body renders nothing", "", ""},
		{"a paragraph is wrapped in p", "Bishkek, 14 October 2016.", "<p>Bishkek, 14 October 2016.</p>\n"},
		{"blank lines separate paragraphs", "One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>\n"},
		{"headings keep their level", "# Title\n\n### Section", "<h1>Title</h1>\n<h3>Section</h3>\n"},
		{"emphasis and strong emphasis render", "*one* **two** ~~three~~",
			"<p><em>one</em> <strong>two</strong> <del>three</del></p>\n"},
		{"a bullet list renders as ul", "- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"},
		{"a numbered list renders as ol", "1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"},
		{"a quote renders as blockquote", "> “We are proud,” she said.",
			"<blockquote>\n<p>“We are proud,” she said.</p>\n</blockquote>\n"},
		{"a link gets nofollow and noopener", "[UN](https://un.org/ru)",
			`<p><a href="https://un.org/ru" rel="nofollow noopener">UN</a></p>` + "\n"},
		{"a mailto link is kept", "[write](mailto:press@un.org)",
			`<p><a href="mailto:press@un.org" rel="nofollow noopener">write</a></p>` + "\n"},
		{"a relative link is kept", "[other](/ru/releases/x)",
			`<p><a href="/ru/releases/x" rel="nofollow noopener">other</a></p>` + "\n"},
		{"a bare URL becomes a link", "See www.un.org today",
			`<p>See <a href="http://www.un.org" rel="nofollow noopener">www.un.org</a> today</p>` + "\n"},
		{"an autolink gets nofollow and noopener", "<https://un.org>",
			`<p><a href="https://un.org" rel="nofollow noopener">https://un.org</a></p>` + "\n"},
		{"a link with a refused scheme becomes its text", "[read *this*](javascript:alert(1)) now",
			"<p>read <em>this</em> now</p>\n"},
		{"an autolink with a refused scheme becomes its text", "<ftp://files.example/x>",
			"<p>ftp://files.example/x</p>\n"},
		{"an http image is kept", "![map](https://un.org/map.png)", `<p><img src="https://un.org/map.png" alt="map"></p>` + "\n"},
		{"a table renders with alignment", "| a | b |\n|:--|--:|\n| 1 | 2 |",
			"<table>\n<thead>\n<tr>\n<th align=\"left\">a</th>\n<th align=\"right\">b</th>\n</tr>\n</thead>\n" +
				"<tbody>\n<tr>\n<td align=\"left\">1</td>\n<td align=\"right\">2</td>\n</tr>\n</tbody>\n</table>\n"},
		{"code is escaped", "`<b>` and\n\n```\nif a < b {}\n```",
			"<p><code>&lt;b&gt;</code> and</p>\n<pre><code>if a &lt; b {}\n</code></pre>\n"},
		{"cyrillic text passes through", "Кыргызстан жана БУУ", "<p>Кыргызстан жана БУУ</p>\n"},
		{"ampersands are escaped", "UN & partners", "<p>UN &amp; partners</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(r.Markdown(tt.src)); got != tt.want {
				t.Errorf("Markdown(%q) =\n%q\nwant\n%q", tt.src, got, tt.want)
			}
		})
	}
}

func TestMarkdownXSS(t *testing.T) {
	r := New()
	// forbidden lists the elements that must not appear in the output,
	// compared case-insensitively; badAttr matches dangerous attributes.
	forbidden := []string{"<script", "<iframe", "<object", "<embed", "<style", "<svg", "<form", "<input",
		"<meta", "<link", "<base"}
	badAttr := regexp.MustCompile(`(?i)(\s(on\w+|style|srcdoc|formaction)\s*=)|` +
		`((href|src|cite|action|data)\s*=\s*["']?\s*(javascript|vbscript|data|file):)`)
	tests := []struct {
		name string
		src  string
		keep string // text that should still be there, if any
	}{
		{"a script tag is dropped", "Hello <script>alert(1)</script> world", "Hello"},
		{"a script block is dropped", "<script>\nalert(1)\n</script>\n\nAfter.", "After."},
		{"a javascript link loses its URL", "[x](javascript:alert(1))", "x"},
		{"a mixed-case javascript link loses its URL", "[x](JaVaScRiPt:alert(1))", "x"},
		{"an entity-encoded javascript link loses its URL", "[x](&#106;avascript:alert(1))", "x"},
		{"a javascript autolink is shown as text only", "<javascript:alert(1)>", "javascript:alert(1)"},
		{"a reference-style javascript link loses its URL", "[x][1]\n\n[1]: javascript:alert(1)", "x"},
		{"an image with an error handler is dropped", `<img src=x onerror=alert(1)>`, ""},
		{"a raw anchor with a javascript URL is dropped", `<a href="JaVaScRiPt:alert(1)">click</a>`, "click"},
		{"an anchor with an event handler is dropped", `<a href="https://un.org" onclick="alert(1)">x</a>`, "x"},
		{"a data URL link loses its URL", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "x"},
		{"a data URL image is dropped", "![x](data:image/png;base64,iVBORw0KGgo=)", ""},
		{"an svg data URL image is dropped", "![x](data:image/svg+xml;base64,PHN2Zz4=)", ""},
		{"an iframe is dropped", `<iframe src="https://evil.example"></iframe>`, ""},
		{"a style attribute is dropped", `<p style="color:red">red</p>`, ""},
		{"a style element is dropped", "<style>body{display:none}</style>", ""},
		{"an svg with a script is dropped", `<svg onload=alert(1)><script>alert(1)</script></svg>`, ""},
		{"an inline event handler in raw HTML is dropped", `Text <b onmouseover="alert(1)">bold</b>`, "Text"},
		{"a vbscript link loses its URL", "[x](vbscript:msgbox)", "x"},
		{"a link title cannot break out of its attribute", `[x](https://un.org "a\" onmouseover=\"alert(1)")`, "x"},
		{"a meta refresh is dropped", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, ""},
		{"a form is dropped", `<form action="https://evil.example"><input name=x></form>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(r.Markdown(tt.src))
			lower := strings.ToLower(got)
			for _, f := range forbidden {
				if strings.Contains(lower, f) {
					t.Errorf("Markdown(%q) = %q contains %q", tt.src, got, f)
				}
			}
			if m := badAttr.FindString(got); m != "" {
				t.Errorf("Markdown(%q) = %q contains %q", tt.src, got, m)
			}
			if strings.Count(lower, "<a ") != strings.Count(lower, "<a href=\"http") {
				t.Errorf("Markdown(%q) = %q has a link that is not http(s)", tt.src, got)
			}
			if tt.keep != "" && !strings.Contains(got, tt.keep) {
				t.Errorf("Markdown(%q) = %q lost %q", tt.src, got, tt.keep)
			}
		})
	}
}

func TestMarkdownIsSafeForConcurrentUse(t *testing.T) {
	r := New()
	src := "# T\n\nSee [UN](https://un.org) and www.un.org.\n\n- a\n- b\n\n<script>x</script>"
	want := r.Markdown(src)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := r.Markdown(src); got != want {
					t.Errorf("concurrent Markdown = %q, want %q", got, want)
					return
				}
				r.PlainText(src, 20)
			}
		})
	}
	wg.Wait()
}

func TestPlainText(t *testing.T) {
	r := New()
	tests := []struct {
		name  string
		src   string
		limit int
		want  string
	}{
		{"an empty body is empty", "", 0, ""},
		{"markup is removed", "# Title\n\nSome *emphasis* and **bold**.", 0, "Title Some emphasis and bold."},
		{"links keep their text", "See [the report](https://un.org) now.", 0, "See the report now."},
		{"inline markup does not split words", "**Bish**kek", 0, "Bishkek"},
		{"list items are separated", "- one\n- two", 0, "one two"},
		{"entities are decoded", "UN &amp; partners &lt;3 &#1046;", 0, "UN & partners <3 Ж"},
		{"escaped punctuation is unescaped", `\*not emphasis\*`, 0, "*not emphasis*"},
		{"raw HTML tags are dropped but inline text stays", "Hi <b>bold</b> <script>alert(1)</script>", 0, "Hi bold alert(1)"},
		{"a raw HTML block is dropped whole", "Hi\n\n<div>\nhidden\n</div>\n\nthere", 0, "Hi there"},
		{"line breaks collapse to spaces", "one\ntwo  \nthree", 0, "one two three"},
		{"a short text is not cut", "Short text.", 20, "Short text."},
		{"a long text is cut at a word boundary", "The office has worked in Kyrgyzstan since 1995.", 20, "The office has…"},
		{"trailing punctuation is dropped before the ellipsis", "One, two, three, four.", 10, "One, two…"},
		{"cyrillic text is cut by characters not bytes", "Кыргызстан жана БУУ өнөктөштүк", 16, "Кыргызстан жана…"},
		{"a single long word is cut inside", "Өнөктөштүктөрүбүздүн", 6, "Өнөкт…"},
		{"a cut landing on a space keeps the whole word", "abc def ghi", 5, "abc…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.PlainText(tt.src, tt.limit)
			if got != tt.want {
				t.Errorf("PlainText(%q, %d) = %q, want %q", tt.src, tt.limit, got, tt.want)
			}
			if tt.limit > 0 && utf8.RuneCountInString(got) > tt.limit {
				t.Errorf("PlainText(%q, %d) = %q is longer than the limit", tt.src, tt.limit, got)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name  string
		s     string
		limit int
		want  string
	}{
		{"no limit keeps the text", "abc def", 0, "abc def"},
		{"a negative limit keeps the text", "abc def", -1, "abc def"},
		{"a text at the limit is kept", "abc def", 7, "abc def"},
		{"a limit of one is just the ellipsis", "abc def", 1, "…"},
		{"a cut before a space keeps the word", "abc def", 4, "abc…"},
		{"a cut inside a word drops the word", "abc def", 6, "abc…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Truncate(tt.s, tt.limit); got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.s, tt.limit, got, tt.want)
			}
		})
	}
}

// pathological lists inputs that once took goldmark seconds to parse; their
// times are printed by BenchmarkAmplifiers.
func pathological() []amplifier {
	return []amplifier{
		{"a long line of unclosed links", strings.Repeat("[a](", 50_000), ""},
		{"a long line of unclosed images", strings.Repeat("![a](", 40_000), ""},
		{"many lines of unclosed links", strings.Repeat(strings.Repeat("[a](", 120)+strings.Repeat("x", 4000)+"\n", 200), ""},
		{"deeply nested quotes", strings.Repeat("> ", 10_000) + "a", ""},
		{"a megabyte of emphasis markers", strings.Repeat("*a ", 300_000), ""},
	}
}

func TestMarkdownOnPathologicalInput(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("large inputs are slow under the race detector and in short mode")
	}
	r := New()
	for _, tt := range pathological() {
		t.Run(tt.name+" renders within the bound", func(t *testing.T) {
			if out := len(r.Markdown(tt.src)); out > maxHTML(len(tt.src)) {
				t.Errorf("%d bytes rendered to %d", len(tt.src), out)
			}
			r.PlainText(tt.src, 100)
		})
	}
	t.Run("brackets in a fenced code block are kept literally", func(t *testing.T) {
		src := "```\n" + strings.Repeat("[", 300) + "\n```"
		if got := string(r.Markdown(src)); strings.Contains(got, `\[`) {
			t.Errorf("code block was escaped: %.80q", got)
		}
	})
	t.Run("a line with many brackets still renders its text", func(t *testing.T) {
		src := strings.Repeat("[a](", 300)
		if got := r.PlainText(src, 0); got != src {
			t.Errorf("PlainText = %.80q…", got)
		}
	})
}

func BenchmarkMarkdown(b *testing.B) {
	r := New()
	var sb strings.Builder
	for i := range 8 {
		fmt.Fprintf(&sb, "Paragraph %d with a [link](https://un.org/%d), *emphasis* and figures: over $62 million.\n\n", i, i)
	}
	src := sb.String()
	b.ReportAllocs()
	for b.Loop() {
		r.Markdown(src)
	}
}
