package xliff

import (
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestAFileWithAByteOrderMarkIsRead(t *testing.T) {
	// CAT tools on Windows often start UTF-8 files with a byte-order mark.
	for _, f := range formats {
		file := "\uFEFF" + string(export(t, sampleInput(f)))
		d, err := Read(strings.NewReader(file))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(d.Units) != 9 {
			t.Fatalf("%s: %d units", f, len(d.Units))
		}
	}
}

func TestCRLFLineEndingsFromACATToolChangeNothing(t *testing.T) {
	file := strings.ReplaceAll(string(export(t, sampleInput(V12))), "\n", "\r\n")
	if res := Apply(read(t, []byte(file)), sampleKy, 7); len(res.Changed) != 0 {
		t.Fatalf("changed %v", res.Changed)
	}
}

func TestASourceCopiedIntoAnUntranslatedTargetIsNotATranslation(t *testing.T) {
	in := sampleInput(V21)
	in.Target = newsroom.Content{Title: sampleKy.Title}
	cases := map[Format]func(string) string{
		V21: func(f string) string {
			// The tool copies the last paragraph, state left initial.
			return strings.Replace(f, "<source>The UN country office in Bishkek supports the Government and people of Kyrgyzstan.</source>",
				"<source>The UN country office in Bishkek supports the Government and people of Kyrgyzstan.</source><target>The UN country office in Bishkek supports the Government and people of Kyrgyzstan.</target>", 1)
		},
		V12: func(f string) string {
			return strings.Replace(f, "<source>The UN country office in Bishkek supports the Government and people of Kyrgyzstan.</source>",
				`<source>The UN country office in Bishkek supports the Government and people of Kyrgyzstan.</source><target state="new">The UN country office in Bishkek supports the Government and people of Kyrgyzstan.</target>`, 1)
		},
	}
	for f, edit := range cases {
		in.Format = f
		file := edit(string(export(t, in)))
		if res := Apply(read(t, []byte(file)), in.Target, 7); len(res.Changed) != 0 {
			t.Errorf("%s: a copied source was imported as %v", f, res.Changed)
		}
		// Marked translated, the same text is a translation (a figure, a name).
		file = strings.Replace(strings.Replace(file, `state="new"`, `state="translated"`, 1), "<segment id=\"s1\"><source>The UN", "<segment id=\"s1\" state=\"translated\"><source>The UN", 1)
		if res := Apply(read(t, []byte(file)), in.Target, 7); len(res.Changed) != 1 {
			t.Errorf("%s: a translated copy was not imported: %v", f, res.Changed)
		}
	}
}
