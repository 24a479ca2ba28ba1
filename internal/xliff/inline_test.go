package xliff

import (
	"strings"
	"testing"
)

func TestInlineMarkupBecomesCodesAndComesBackByteForByte(t *testing.T) {
	cases := []struct {
		name, md string
		want     string // the nodes as a compact string: text, {ph}, [pc: start|…|end]
	}{
		{"plain text", "Just words.", "Just words."},
		{"bold", "a **b** c", "a [strong:**|b|**] c"},
		{"bold with underscores", "a __b__ c", "a [strong:__|b|__] c"},
		{"italic", "*a* and _b_", "[em:*|a|*] and [em:_|b|_]"},
		{"intraword underscores stay text", "snake_case_name", "snake_case_name"},
		{"link target is markup", `see [the site](https://example.org/a_b "T") now`, `see [link:[|the site|](https://example.org/a_b "T")] now`},
		{"reference link", "see [the site][1]", "see [link:[|the site|][1]]"},
		{"image", "![a map](map.png)", "[image:![|a map|](map.png)]"},
		{"bold link", "**[x](u)**", "[strong:**|[link:[|x|](u)]|**]"},
		{"inline code", "run `go *test*` now", "run {`go *test*`} now"},
		{"html tag", "a <b>c</b>", "a {<b>}c{</b>}"},
		{"autolink", "mail <https://x.org>", "mail {<https://x.org>}"},
		{"escaped star", `5 \* 3 *is* 15`, `5 \* 3 [em:*|is|*] 15`},
		{"unclosed emphasis", "a ** b", "a ** b"},
		{"quote with guillemets", "«**Таза** суу», — деди ал.", "«[strong:**|Таза|**] суу», — деди ал."},
		{"heading", "## About", "{## }About"},
		{"list", "- one\n- two", "{- }one\n{- }two"},
		{"numbered list", "1. one\n2) two", "{1. }one\n{2) }two"},
		{"quote block", "> said", "{> }said"},
		{"year is not a list", "1995 was a year", "1995 was a year"},
		{"fenced code", "```\ncode *x*\n```", "{```\ncode *x*\n```}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			nodes := ParseInline(tc.md)
			if got := Markdown(nodes); got != tc.md {
				t.Fatalf("Markdown(ParseInline(%q)) = %q", tc.md, got)
			}
			if got := show(nodes); got != tc.want {
				t.Errorf("ParseInline(%q) = %s, want %s", tc.md, got, tc.want)
			}
		})
	}
}

func TestDeepOrPathologicalMarkupStaysBounded(t *testing.T) {
	for _, md := range []string{
		strings.Repeat("*a ", 50_000),
		strings.Repeat("**", 50_000),
		strings.Repeat("[", 50_000) + strings.Repeat("](x)", 50_000),
		strings.Repeat("`", 20_000) + "x" + strings.Repeat("` ``", 10_000),
		strings.Repeat("<a", 50_000),
		strings.Repeat("*_", 40) + "x" + strings.Repeat("_*", 40),
	} {
		if got := Markdown(ParseInline(md)); got != md {
			t.Fatalf("round trip lost bytes of a %d-byte paragraph", len(md))
		}
	}
}

func show(nodes []Node) string {
	var b strings.Builder
	for _, n := range nodes {
		switch n.Kind {
		case Text:
			b.WriteString(n.Text)
		case Ph:
			b.WriteString("{" + n.Text + "}")
		case Pc:
			b.WriteString("[" + n.Type + ":" + n.Start + "|" + show(n.Children) + "|" + n.End + "]")
		}
	}
	return b.String()
}

func FuzzInlineRoundTrip(f *testing.F) {
	for _, s := range []string{"a **b** [c](d) `e` <f>", sampleSource.Body, sampleKy.Body, "***x***", "- *a\n> b_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		if got := Markdown(ParseInline(md)); got != md {
			t.Fatalf("Markdown(ParseInline(%q)) = %q", md, got)
		}
	})
}
