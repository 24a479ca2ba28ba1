package newsroom_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestErrorCodeAndMessage(t *testing.T) {
	conflict := &newsroom.Error{Code: newsroom.EConflict, Message: "Stale.", CurrentRev: 7, CurrentState: newsroom.StateDraft}
	tests := []struct {
		name     string
		err      error
		wantCode string
		wantMsg  string
	}{
		{"no error has no code and no message", nil, "", ""},
		{"a domain error keeps its code and message", newsroom.Errorf(newsroom.EForbidden, "Only %s may publish.", "editors"), newsroom.EForbidden, "Only editors may publish."},
		{"a wrapped domain error keeps its code and message", fmt.Errorf("saving r1/ky: %w", conflict), newsroom.EConflict, "Stale."},
		{"a twice-wrapped domain error keeps its code", fmt.Errorf("api: %w", fmt.Errorf("store: %w", newsroom.Errorf(newsroom.ENotFound, "No such release."))), newsroom.ENotFound, "No such release."},
		{"a domain error joined with another keeps its code", errors.Join(errors.New("close failed"), newsroom.Errorf(newsroom.EInvalid, "Bad.")), newsroom.EInvalid, "Bad."},
		{"a plain error is internal with a generic message", errors.New("dial tcp 10.0.0.5:27017: connection refused"), newsroom.EInternal, "Internal error."},
		{"a wrapped plain error is internal with a generic message", fmt.Errorf("loading: %w", context.DeadlineExceeded), newsroom.EInternal, "Internal error."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newsroom.ErrorCode(tt.err); got != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q", got, tt.wantCode)
			}
			if got := newsroom.ErrorMessage(tt.err); got != tt.wantMsg {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.wantMsg)
			}
		})
	}

	t.Run("AsError finds the wrapped error with its conflict details", func(t *testing.T) {
		e, ok := newsroom.AsError(fmt.Errorf("x: %w", conflict))
		if !ok || e.CurrentRev != 7 || e.CurrentState != newsroom.StateDraft {
			t.Errorf("AsError = %+v, %v", e, ok)
		}
		if _, ok := newsroom.AsError(errors.New("plain")); ok {
			t.Error("AsError found a domain error in a plain error")
		}
	})
	t.Run("Error prints the code and the message", func(t *testing.T) {
		if got := conflict.Error(); got != "conflict: Stale." {
			t.Errorf("Error() = %q", got)
		}
	})
}
