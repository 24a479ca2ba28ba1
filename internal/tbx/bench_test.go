package tbx

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/kotormo/kotormo/internal/qa"
)

// BenchmarkReadAFullGlossary reads a glossary of MaxEntries entries (three
// translations, a forbidden variant, a note and a flag each), as an import
// of the largest glossary does.
//
//	go test ./internal/tbx/ -run '^$' -bench ReadAFullGlossary -benchtime 10x
func BenchmarkReadAFullGlossary(b *testing.B) {
	es := make([]Entry, MaxEntries)
	for i := range es {
		es[i] = Entry{ID: fmt.Sprintf("t-%d", i), Term: qa.Term{Source: fmt.Sprintf("refugee status %d", i),
			Translations: []string{"качкын статусу", "качкындык макам", "качкын"}, Forbidden: []string{"эмигрант"},
			Note: "Use the full form in titles.", WordForms: true}}
	}
	var doc bytes.Buffer
	if err := Write(&doc, "en", "ky", es); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(doc.Len()))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Read(bytes.NewReader(doc.Bytes()), "en", "ky")
		if err != nil || len(res.Entries) != MaxEntries {
			b.Fatalf("%v, %d entries", err, len(res.Entries))
		}
	}
}
