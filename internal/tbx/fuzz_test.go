package tbx

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// FuzzRead feeds Read arbitrary documents: it never panics, keeps its
// bounds, and whatever it accepts writes out and reads back the same.
func FuzzRead(f *testing.F) {
	var b bytes.Buffer
	_ = Write(&b, "en", "ky", glossary)
	f.Add(b.String())
	f.Add(foreign)
	f.Add(entry(`<conceptEntry><note>kotormo:wordForms=true</note><note>kotormo:caseSensitive=x</note>` + enTerm + kyTerm + `</conceptEntry>`))
	f.Add(`<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>a</term></tig></langSet></termEntry></body></text></martif>`)
	f.Fuzz(func(t *testing.T, doc string) {
		for _, pair := range [][2]string{{"en", "ky"}, {"en", "ru"}} {
			res, err := Read(strings.NewReader(doc), pair[0], pair[1])
			if err != nil {
				continue
			}
			if res.Count > MaxEntries || len(res.Rejected) > MaxRejected || len(res.Entries)+res.RejectedCount != res.Count {
				t.Fatalf("bounds: %+v", res)
			}
			for _, e := range res.Entries {
				if e.Source == "" || len(e.Translations) == 0 || len(e.Source) > MaxText || len(e.Note) > MaxText*MaxTerms {
					t.Fatalf("entry %+v", e)
				}
			}
			var out bytes.Buffer
			if err := Write(&out, pair[0], pair[1], res.Entries); err != nil {
				t.Fatal(err)
			}
			again, err := Read(&out, pair[0], pair[1])
			if err != nil {
				t.Fatalf("re-reading the export: %v\n%s", err, out.String())
			}
			if !reflect.DeepEqual(terms(again.Entries), terms(res.Entries)) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", terms(again.Entries), terms(res.Entries))
			}
		}
	})
}
