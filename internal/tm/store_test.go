package tm

import (
	"fmt"
	"testing"
)

func TestReplacingMostOfTheMemoryCompactsItAndKeepsWhatIsLive(t *testing.T) {
	m := New(Options{})
	add := func(round int) {
		for i := range 3000 {
			m.Replace(fmt.Sprintf("r%d/ky", i), []Entry{
				{SourceLang: "en", TargetLang: "ky", Source: fmt.Sprintf("Paragraph %d of the archive.", i), Target: fmt.Sprintf("Абзац %d, котормо %d.", i, round), Kind: KindParagraph, Rev: round},
				{SourceLang: "en", TargetLang: "ky", Source: "The same closing paragraph.", Target: fmt.Sprintf("Жабуучу %d.", round), Kind: KindParagraph, Rev: round},
			})
		}
	}
	m.Stage("import/x/0", []Entry{{SourceLang: "en", TargetLang: "ky", Source: "Staged only.", Target: "Даярдалган."}})
	for round := range 3 {
		add(round)
	}
	if n := m.Len("en", "ky"); n != 6000 {
		t.Fatalf("Len = %d, want 6000", n)
	}
	ix := m.pairs[pairKey("en", "ky")]
	if ix.segs.len() > 2*6000+4096+2 {
		t.Errorf("%d segment slots kept for 6,001 live ones: removed ones were not reclaimed", ix.segs.len())
	}
	ms := m.Lookup("en", "ky", "Paragraph 2999 of the archive.")
	if len(ms) == 0 || ms[0].Score != 100 || ms[0].Entry.Target != "Абзац 2999, котормо 2." || ms[0].Entry.Rev != 2 || ms[0].Entry.Key != "r2999/ky" {
		t.Errorf("exact = %+v", ms)
	}
	if ms := m.Lookup("en", "ky", "The same closing paragraph."); len(ms) == 0 || ms[0].Entry.Target != "Жабуучу 2." {
		t.Errorf("shared paragraph = %+v", ms)
	}
	if ms := m.Lookup("en", "ky", "Paragraph 17 of this archive."); len(ms) == 0 || ms[0].Score >= 100 || ms[0].Entry.Target != "Абзац 17, котормо 2." {
		t.Errorf("fuzzy = %+v", ms)
	}
	if ms := m.Lookup("en", "ky", "Staged only."); len(ms) != 0 {
		t.Errorf("a staged entry was offered after compaction: %+v", ms)
	}
	m.Reveal("import/x/0")
	if ms := m.Lookup("en", "ky", "Staged only."); len(ms) != 1 {
		t.Errorf("the staged entry was lost in compaction: %+v", ms)
	}
	es := m.Entries("en", "ky")
	if len(es) != 6001 || es[0].Source != "Staged only." || es[1].Source != "Paragraph 0 of the archive." {
		t.Errorf("entries: %d, first %+v", len(es), es[:2])
	}
}
