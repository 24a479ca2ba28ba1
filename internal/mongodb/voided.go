package mongodb

import (
	"sort"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// withoutVoidedSaves drops the audit entries of saves and restores that
// never happened: their claim was voided because the revision could not be
// written (a full disk; see voidClaim and rollForward). The entry of such
// a save names a revision that the version never reached: either the next
// save or restore of that language names the same revision, or there is
// none and the version's current revision (heads) is below it.
func withoutVoidedSaves(entries []newsroom.AuditEntry, heads map[string]int) []newsroom.AuditEntry {
	isWrite := func(e newsroom.AuditEntry) bool {
		return e.Action == string(newsroom.ActionSave) || e.Action == string(newsroom.ActionRestore)
	}
	byLang := map[string][]int{}
	for i, e := range entries {
		if e.Lang != "" && isWrite(e) {
			byLang[e.Lang] = append(byLang[e.Lang], i)
		}
	}
	void := map[int]bool{}
	for lang, idx := range byLang {
		sort.Slice(idx, func(a, b int) bool { return entries[idx[a]].Seq < entries[idx[b]].Seq })
		for k, i := range idx {
			if k+1 < len(idx) {
				void[i] = entries[idx[k+1]].Rev == entries[i].Rev
			} else {
				void[i] = entries[i].Rev > heads[lang]
			}
		}
	}
	if len(void) == 0 {
		return entries
	}
	out := entries[:0:0]
	for i, e := range entries {
		if !void[i] {
			out = append(out, e)
		}
	}
	return out
}
