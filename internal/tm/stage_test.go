package tm

import "testing"

func TestStagedEntriesStayHiddenUntilRevealedAndRemovingLeavesNothing(t *testing.T) {
	fuzzy := "UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1996."
	t.Run("staged entries are neither offered, counted nor exported", func(t *testing.T) {
		m := New(Options{})
		m.Stage("import/a/0", approved("r1", closingEN, closingKY))
		if ms := m.Lookup("en", "ky", closingEN); len(ms) != 0 {
			t.Errorf("exact lookup offered %+v", ms)
		}
		if ms := m.Lookup("en", "ky", fuzzy); len(ms) != 0 {
			t.Errorf("fuzzy lookup offered %+v", ms)
		}
		if n, es := m.Len("en", "ky"), m.Entries("en", "ky"); n != 0 || len(es) != 0 {
			t.Errorf("Len = %d, Entries = %d", n, len(es))
		}
	})
	t.Run("revealed entries are offered and counted", func(t *testing.T) {
		m := New(Options{})
		m.Stage("import/a/0", approved("r1", closingEN, closingKY))
		m.Reveal("import/a/0")
		if ms := m.Lookup("en", "ky", closingEN); len(ms) != 1 || ms[0].Entry.Target != closingKY {
			t.Errorf("lookup = %+v", ms)
		}
		if ms := m.Lookup("en", "ky", fuzzy); len(ms) == 0 {
			t.Error("no fuzzy match")
		}
		if n := m.Len("en", "ky"); n != 4 {
			t.Errorf("Len = %d, want 4", n)
		}
	})
	t.Run("removing staged entries leaves the count as it was", func(t *testing.T) {
		m := New(Options{})
		m.Replace("r2/ky", approved("r2", "Another paragraph here.", "Башка абзац."))
		before := m.Len("en", "ky")
		m.Stage("import/b/0", approved("r1", closingEN, closingKY))
		m.Remove("import/b/0")
		m.Reveal("import/b/0")
		if n := m.Len("en", "ky"); n != before {
			t.Errorf("Len = %d, want %d", n, before)
		}
		if ms := m.Lookup("en", "ky", closingEN); len(ms) != 0 {
			t.Errorf("lookup = %+v", ms)
		}
	})
}
