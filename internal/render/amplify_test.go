package render

import (
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/locales"
)

// amplifier is a Markdown body that made the renderer's output or time grow
// much faster than its size (issue 8, failure 1).
type amplifier struct {
	name  string
	src   string
	limit string // words of the error naming the limit it breaks
}

// emptyTable returns a table of cols empty columns and rows rows written as
// "|": goldmark pads every short row to the header's width. Each column's
// delimiter is delim ("-", or ":-" to add an align attribute to each cell).
func emptyTable(cols, rows int, delim string) string {
	return strings.Repeat("|", cols+1) + "\n" + strings.Repeat("|"+delim, cols) + "|\n" + strings.Repeat("|\n", rows)
}

// amplifiers lists the inputs of the report.
func amplifiers() []amplifier {
	return []amplifier{
		{"a 7 KB table of 1,200 empty aligned columns by 1,200 rows", emptyTable(1200, 1200, ":-"), "at most 64 columns"},
		{"a 12 KB table of 2,000 empty aligned columns by 2,000 rows", emptyTable(2000, 2000, ":-"), "at most 64 columns"},
		{"a 6 KB table of 400 empty columns by 2,400 rows", emptyTable(400, 2400, "-"), "at most 64 columns"},
		{"60,000 emphasis markers \"*a_\"", strings.Repeat("*a_", 60_000), "at most 400 emphasis"},
		{"a 200 KB table of 64 columns and short rows", emptyTable(64, 99_000, "-"), "at most 10000 cells"},
		{"10,000 nested quotes", strings.Repeat("> ", 10_000) + "a", "nested at most 16"},
		{"10,000 nested lists", strings.Repeat("- ", 10_000) + "a", "nested at most 16"},
		{"a long reference link used in 30,000 paragraphs",
			"[r]: https://un.org/" + strings.Repeat("a", 2000) + "\n\n" + strings.Repeat("[a][r]\n\n", 30_000),
			"more than 16 times its size"},
		{"30,000 reference links in one paragraph", "[r]: https://un.org\n\n" + strings.Repeat("[a][r]\n", 30_000),
			"at most 128 links"},
	}
}

func TestAmplifyingBodiesAreRefusedByCheckNamingTheLimit(t *testing.T) {
	if raceEnabled {
		t.Skip("large inputs are slow under the race detector")
	}
	for _, a := range amplifiers() {
		t.Run(a.name, func(t *testing.T) {
			err := Check(a.src)
			if newsroom.ErrorCode(err) != newsroom.EInvalid {
				t.Fatalf("Check = %v, want an invalid error", err)
			}
			if msg := english(t, err); !strings.Contains(msg, a.limit) {
				t.Errorf("Check says %q, want it to name %q", msg, a.limit)
			}
		})
	}
}

func TestAmplifyingBodiesRenderWithinTheBound(t *testing.T) {
	if raceEnabled {
		t.Skip("large inputs are slow under the race detector")
	}
	r := New()
	for _, a := range amplifiers() {
		t.Run(a.name, func(t *testing.T) {
			out := len(r.Markdown(a.src))
			if out > 1<<20 && out > maxHTML(len(a.src)) {
				t.Errorf("%d bytes of Markdown rendered to %d bytes of HTML", len(a.src), out)
			}
			if out > maxHTML(len(a.src)) {
				t.Errorf("%d bytes of Markdown rendered to %d bytes, over %d", len(a.src), out, maxHTML(len(a.src)))
			}
		})
	}
}

func TestCheckAcceptsBodiesAtEachLimit(t *testing.T) {
	table := func(cols, rows int) string {
		return strings.Repeat("| a ", cols) + "|\n" + strings.Repeat("| - ", cols) + "|\n" +
			strings.Repeat(strings.Repeat("| 1 ", cols)+"|\n", rows)
	}
	tests := []struct {
		name  string
		src   string
		limit string // "" when the body is within the limits
	}{
		{"ordinary prose passes", "# Title\n\nSome *emphasis*, a [link](https://un.org) and\n\n- a list\n- of items", ""},
		{"a table of 64 columns passes", table(64, 3), ""},
		{"a table of 65 columns is refused", table(65, 3), "at most 64 columns"},
		{"tables of 10,000 cells in all pass", table(50, 99) + "\n\n" + table(50, 99), ""},
		{"tables of 10,050 cells in all are refused", table(50, 99) + "\n\n" + table(50, 100), "at most 10000 cells"},
		{"a short row counts as a full one", table(50, 99) + "\n\n" + table(50, 98) + "|\n", ""},
		{"a paragraph of 400 emphasis markers passes", strings.Repeat("*a* ", 200), ""},
		{"a paragraph of 401 emphasis markers is refused", strings.Repeat("*a* ", 200) + "*", "at most 400 emphasis"},
		{"400 markers in each of two paragraphs pass", strings.Repeat("*a* ", 200) + "\n\n" + strings.Repeat("~~a~~ ", 200), ""},
		{"401 strikethrough markers are refused", strings.Repeat("~~a~~ ", 200) + "~", "at most 400 emphasis"},
		{"16 nested quotes pass", strings.Repeat("> ", 16) + "a", ""},
		{"17 nested quotes are refused", strings.Repeat("> ", 17) + "a", "nested at most 16"},
		{"17 nested lists are refused", strings.Repeat("1. ", 17) + "a", "nested at most 16"},
		{"lists nested 17 deep by indentation are refused", nestedByIndent(17), "nested at most 16"},
		{"lists nested 16 deep by indentation pass", nestedByIndent(16), ""},
		{"a thematic break of many dashes passes", strings.Repeat("- ", 40), ""},
		{"quotes inside a code fence are not nesting", "```\n" + strings.Repeat("> ", 40) + "\n```", ""},
		{"a paragraph of 128 links passes", strings.Repeat("[a](https://un.org) ", 128), ""},
		{"a paragraph of 129 links and images is refused", strings.Repeat("[a](https://un.org) ", 128) + "![b](x.png)", "at most 128 links"},
		{"128 links in each of many list items pass", strings.Repeat("- "+strings.Repeat("[a](/b) ", 128)+"\n", 20), ""},
		{"a reference link used often with a short address passes",
			"[r]: https://un.org\n\n" + strings.Repeat("[a][r] ", 100), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.src)
			if tt.limit == "" {
				if err != nil {
					t.Errorf("Check = %v, want nil", err)
				}
				return
			}
			if newsroom.ErrorCode(err) != newsroom.EInvalid || !strings.Contains(english(t, err), tt.limit) {
				t.Errorf("Check = %v, want an invalid error naming %q", err, tt.limit)
			}
		})
	}
}

// nestedByIndent returns lists nested depth deep, one level per line.
func nestedByIndent(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return b.String()
}

func TestBodiesOverTheLimitsStillRender(t *testing.T) {
	r := New()
	t.Run("a table too wide stays as its text", func(t *testing.T) {
		got := string(r.Markdown(strings.Repeat("|a", 65) + "|\n" + strings.Repeat("|-", 65) + "|"))
		if strings.Contains(got, "<table") || !strings.Contains(got, "|a|a") {
			t.Errorf("got %.120q", got)
		}
	})
	t.Run("emphasis markers past the limit stay as written", func(t *testing.T) {
		got := string(r.Markdown(strings.Repeat("*a* ", 200) + "*b*"))
		if strings.Count(got, "<em>") != 200 || !strings.HasSuffix(got, "*b*</p>\n") {
			t.Errorf("got …%q", got[len(got)-40:])
		}
	})
	t.Run("markers past the nesting limit stay as written", func(t *testing.T) {
		got := string(r.Markdown(strings.Repeat("> ", 17) + "a"))
		if strings.Count(got, "<blockquote>") != 16 || !strings.Contains(got, "&gt; a") {
			t.Errorf("got %q", got)
		}
	})
	t.Run("a body rendering too large is shown as escaped text", func(t *testing.T) {
		src := "[r]: https://un.org/" + strings.Repeat("a", 200) + "\n\n" + strings.Repeat("[a][r]\n\n", 100) + "<b>"
		got := string(r.Markdown(src))
		if strings.Contains(got, "<a ") || !strings.Contains(got, "<p>&lt;b&gt;</p>") {
			t.Errorf("got %.200q", got)
		}
	})
}

// BenchmarkAmplifiers prints, for each amplifying input, its size, the size
// of its rendered HTML (out-bytes) and the time to render it.
func BenchmarkAmplifiers(b *testing.B) {
	r := New()
	for _, a := range append(amplifiers(), pathological()...) {
		b.Run(a.name, func(b *testing.B) {
			var out int
			for b.Loop() {
				out = len(r.Markdown(a.src))
			}
			b.ReportMetric(float64(len(a.src)), "in-bytes")
			b.ReportMetric(float64(out), "out-bytes")
		})
	}
}

// BenchmarkCheck prints the time Check takes on each amplifying input.
func BenchmarkCheck(b *testing.B) {
	for _, a := range append(amplifiers(), pathological()...) {
		b.Run(a.name, func(b *testing.B) {
			for b.Loop() {
				_ = Check(a.src)
			}
		})
	}
}

// english is err's message as an English-speaking writer reads it.
func english(t *testing.T, err error) string {
	t.Helper()
	c, cerr := i18n.New(locales.FS, []string{"en"})
	if cerr != nil {
		t.Fatal(cerr)
	}
	return c.Localizer("en").Error(err)
}
