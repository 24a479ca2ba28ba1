package xliff

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// FuzzRoundTrip checks that any translation written out and read back, in
// either version, leaves the translation exactly as it was.
func FuzzRoundTrip(f *testing.F) {
	f.Add(sampleSource.Body, sampleKy.Body, sampleKy.Title)
	f.Add("a *b* [c](d)", "x **y** `z`", "T")
	f.Add("One. Two.\n\nThree", "", "Т")
	f.Fuzz(func(t *testing.T, src, tgt, title string) {
		for _, s := range []string{src, tgt, title} {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r") {
				return
			}
		}
		target := newsroom.Content{Title: title, Body: tgt}.Normalize()
		source := newsroom.Content{Title: "Source", Body: src}.Normalize()
		for _, format := range formats {
			in := Input{Format: format, ReleaseID: "r", SourceLang: "en", TargetLang: "ky", Source: source, Target: target, TargetState: newsroom.StateDraft}
			var b bytes.Buffer
			if err := Write(&b, Build(in)); err != nil {
				if format == V12 && newsroom.ErrorCode(err) == newsroom.EInvalid {
					continue // a control character XLIFF 1.2 cannot carry
				}
				t.Fatal(err)
			}
			d, err := Read(&b)
			if err != nil {
				if b.Len() > MaxFileBytes || strings.Contains(err.Error(), "units") {
					continue
				}
				t.Fatalf("%s: %v\n%s", format, err, b.String())
			}
			res := Apply(d, target, len(textdiff.Paragraphs(source.Body)))
			if len(res.Changed) != 0 || res.Content != target {
				t.Fatalf("%s: changed %v: %q → %q", format, res.Changed, target, res.Content)
			}
		}
	})
}
