package mongodb

import (
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestVoidedSavesLeaveTheAuditLog(t *testing.T) {
	e := func(lang string, seq int, action newsroom.Action, rev int) newsroom.AuditEntry {
		return newsroom.AuditEntry{Lang: lang, Seq: seq, Action: string(action), Rev: rev}
	}
	for _, tc := range []struct {
		name  string
		in    []newsroom.AuditEntry
		heads map[string]int
		want  []int // seqs kept
	}{
		{"saves that all happened stay", []newsroom.AuditEntry{e("en", 1, newsroom.ActionSave, 1), e("en", 2, newsroom.ActionSubmit, 1), e("en", 3, newsroom.ActionSave, 2)}, map[string]int{"en": 2}, []int{1, 2, 3}},
		{"a voided save followed by the real one goes", []newsroom.AuditEntry{e("en", 1, newsroom.ActionSave, 1), e("en", 2, newsroom.ActionSave, 2), e("en", 3, newsroom.ActionSave, 2)}, map[string]int{"en": 2}, []int{1, 3}},
		{"a last voided save goes", []newsroom.AuditEntry{e("en", 1, newsroom.ActionSave, 1), e("en", 2, newsroom.ActionSave, 2)}, map[string]int{"en": 1}, []int{1}},
		{"a voided restore goes", []newsroom.AuditEntry{e("ky", 1, newsroom.ActionSave, 1), e("ky", 2, newsroom.ActionRestore, 2)}, map[string]int{"ky": 1}, []int{1}},
		{"release-level entries stay", []newsroom.AuditEntry{e("", 1, "create", 0)}, map[string]int{}, []int{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := withoutVoidedSaves(tc.in, tc.heads)
			if len(got) != len(tc.want) {
				t.Fatalf("kept %+v, want seqs %v", got, tc.want)
			}
			for i, s := range tc.want {
				if got[i].Seq != s {
					t.Fatalf("kept %+v, want seqs %v", got, tc.want)
				}
			}
		})
	}
}
