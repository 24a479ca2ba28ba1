package newsroom_test

import (
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestApprovalWithOpenQualityErrorsNeedsAnOverrideReason(t *testing.T) {
	r := &newsroom.Release{ID: "r1", SourceLang: sourceLang}
	src := newsroom.Version{ReleaseID: "r1", Lang: sourceLang, State: newsroom.StateDraft, Rev: 1, SubstantiveRev: 1}
	v := newsroom.Version{ReleaseID: "r1", Lang: thisLang, State: newsroom.StateInReview, Rev: 2, SourceRev: 1, LastSaver: "translator"}
	reviewer := user("reviewer", []newsroom.Role{newsroom.RoleReviewer}, thisLang)
	tests := []struct {
		name        string
		action      newsroom.Action
		errors      int
		override    string
		comment     string
		wantErr     bool
		wantInAudit string
	}{
		{"a text without errors is approved without a reason", newsroom.ActionApprove, 0, "", "", false, ""},
		{"a text with errors and no reason is refused", newsroom.ActionApprove, 2, "", "", true, ""},
		{"a blank reason counts as none", newsroom.ActionApprove, 1, "   ", "", true, ""},
		{"a text with errors and a reason is approved and the reason audited", newsroom.ActionApprove, 2, "The figure is corrected in the source", "",
			false, "Quality-check override (2 errors): The figure is corrected in the source"},
		{"the reviewer's comment is kept beside the override", newsroom.ActionApprove, 1, "name spelled as the family asked", "Looks good",
			false, "Looks good\nQuality-check override (1 errors): name spelled as the family asked"},
		{"an overlong reason is refused", newsroom.ActionApprove, 1, strings.Repeat("x", newsroom.MaxNote+1), "", true, ""},
		{"requesting changes ignores quality errors", newsroom.ActionRequestChanges, 3, "", "Fix the figure", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, entry, err := newsroom.Apply(reviewer, r, v, &src, newsroom.Change{
				Action: tt.action, QAErrors: tt.errors, Override: tt.override, Comment: tt.comment, Now: testNow,
			})
			if tt.wantErr {
				if newsroom.ErrorCode(err) != newsroom.EInvalid {
					t.Fatalf("err = %v, want an invalid-input error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantInAudit != "" && entry.Comment != tt.wantInAudit {
				t.Errorf("audit comment = %q, want %q", entry.Comment, tt.wantInAudit)
			}
			if tt.wantInAudit == "" && strings.Contains(entry.Comment, "override") {
				t.Errorf("audit comment %q mentions an override", entry.Comment)
			}
		})
	}
}
