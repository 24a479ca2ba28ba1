package render

import (
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// FuzzRender checks the bounds of rendering on any input: the HTML is at most
// maxHTML of the input's size, Check answers nil or an invalid error, and
// rendering takes at most a second plus 20 µs a byte — generous, so that only
// a super-linear blow-up fails it.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"", "# Title\n\nSome *emphasis* and a [link](https://un.org).", "- a\n  - b\n    - c",
		"| a | b |\n|:--|--:|\n| 1 | 2 |", "> > > quote", "[r]: https://un.org\n\n[a][r] [b][r]",
		"```\ncode\n```", "*a_*a_*a_", "~~a~~ ~b~", "<script>alert(1)</script>", "www.un.org",
		strings.Repeat("|", 70) + "\n" + strings.Repeat("|-", 69) + "|\n|\n",
		strings.Repeat("> ", 20) + "a", strings.Repeat("*a_", 500), strings.Repeat("[a](", 200),
	} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		out := r.Markdown(src)
		r.PlainText(src, 100)
		err := r.Check(src)
		d := time.Since(start)
		if len(out) > maxHTML(len(src)) {
			t.Errorf("%d bytes of Markdown rendered to %d bytes, over %d", len(src), len(out), maxHTML(len(src)))
		}
		if err != nil && newsroom.ErrorCode(err) != newsroom.EInvalid {
			t.Errorf("Check = %v, want nil or an invalid error", err)
		}
		if !raceEnabled && d > time.Second+time.Duration(len(src))*20*time.Microsecond {
			t.Errorf("%d bytes took %v", len(src), d)
		}
	})
}
