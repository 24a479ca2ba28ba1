package xliff

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// largest is a translation at the size limits: a body of about
// newsroom.MaxBody characters in Kyrgyz, in paragraphs with markup.
func largest(f Format) Input {
	para := "«Таза суу — **ден соолуктун** башаты», — деди [мэр](https://example.org/mayor). Программа 3,2 миллион долларды түздү. "
	src := "\"Clean water is where **health** begins,\" said the [mayor](https://example.org/mayor). The programme cost $3.2 million. "
	var t, s strings.Builder
	for t.Len() < 2*newsroom.MaxBody {
		t.WriteString(strings.Repeat(para, 3) + "\n\n")
		s.WriteString(strings.Repeat(src, 3) + "\n\n")
	}
	tb := []rune(t.String())[:newsroom.MaxBody-10]
	tgt := newsroom.Content{Title: "Т", Body: string(tb)}.Normalize()
	return Input{Format: f, ReleaseID: "r", SourceLang: "en", TargetLang: "ky", Source: newsroom.Content{Title: "T", Body: s.String()}.Normalize(), Target: tgt, TargetState: newsroom.StateDraft}
}

// BenchmarkExportLargest writes the largest translation.
func BenchmarkExportLargest(b *testing.B) {
	for _, f := range formats {
		b.Run(string(f), func(b *testing.B) {
			in := largest(f)
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := Write(&buf, Build(in)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "file-bytes")
		})
	}
}

// BenchmarkImportLargest reads the largest translation back and applies it.
func BenchmarkImportLargest(b *testing.B) {
	for _, f := range formats {
		b.Run(string(f), func(b *testing.B) {
			in := largest(f)
			var buf bytes.Buffer
			if err := Write(&buf, Build(in)); err != nil {
				b.Fatal(err)
			}
			n := len(textdiff.Paragraphs(in.Source.Body))
			for b.Loop() {
				d, err := Read(bytes.NewReader(buf.Bytes()))
				if err != nil {
					b.Fatal(err)
				}
				if res := Apply(d, in.Target, n); len(res.Changed) != 0 {
					b.Fatal(res.Changed)
				}
			}
		})
	}
}
