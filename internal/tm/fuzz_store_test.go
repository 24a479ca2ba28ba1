package tm

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzMemoryGivesBackWhatItKeeps replaces and removes entries under a few
// keys, as the lines of the input say ("k source|target", k a digit: 0–7
// replace, 8–9 remove key k-8), with a text store of 16-byte chunks
// written to its file from the first bytes on; then every entry kept comes
// back as it went in, in order, and its exact lookup finds it. The cost is
// linear in the input.
func FuzzMemoryGivesBackWhatItKeeps(f *testing.F) {
	f.Add("0 The office opened.|Кеңсе ачылды.\n1 The office  opened.|Офис ачылды.\n0 Paragraph one.|Абзац бир.\n8\n")
	f.Add("3 ң ө ү ҥ ѳ|ö ü\n4 |\n5  spaces   inside  |  \n9\n2 " + strings.Repeat("long words ", 30) + "|т")
	f.Fuzz(func(t *testing.T, input string) {
		type kept struct {
			key      string
			src, tgt string
		}
		var model []kept
		m := New(Options{})
		m.textFlushAt, m.textBits = 16, 4
		for line := range strings.SplitSeq(input, "\n") {
			if line == "" || line[0] < '0' || line[0] > '9' {
				continue
			}
			k := int(line[0] - '0')
			if k >= 8 {
				key := "k" + strconv.Itoa(k-8)
				m.Remove(key)
				model = dropKey(model, key, func(e kept) string { return e.key })
				continue
			}
			key := "k" + strconv.Itoa(k%4)
			src, tgt, _ := strings.Cut(line[1:], "|")
			m.Replace(key, []Entry{{SourceLang: "en", TargetLang: "ky", Source: src, Target: tgt, Kind: KindParagraph}})
			model = append(dropKey(model, key, func(e kept) string { return e.key }), kept{key, src, tgt})
		}
		got := m.Entries("en", "ky")
		if len(got) != len(model) {
			t.Fatalf("%d entries, want %d", len(got), len(model))
		}
		for i, e := range got {
			if w := model[i]; e.Source != w.src || e.Target != w.tgt || e.Key != w.key {
				t.Fatalf("entry %d = %q → %q (%s), want %q → %q (%s)", i, e.Source, e.Target, e.Key, w.src, w.tgt, w.key)
			}
			if strings.TrimSpace(e.Source) == "" {
				continue
			}
			ms := m.Lookup("en", "ky", e.Source)
			if len(ms) == 0 || ms[0].Score != 100 {
				t.Fatalf("no exact match for %q: %+v", e.Source, ms)
			}
			for _, mt := range ms {
				if mt.Score == 100 && norm(mt.Entry.Source) != norm(e.Source) {
					t.Fatalf("exact match %q for %q", mt.Entry.Source, e.Source)
				}
			}
		}
	})
}

func dropKey[T any](xs []T, key string, keyOf func(T) string) []T {
	out := xs[:0]
	for _, x := range xs {
		if keyOf(x) != key {
			out = append(out, x)
		}
	}
	return out
}
