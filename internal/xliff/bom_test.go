package xliff

import (
	"strings"
	"testing"
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
