package embeddb

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

// countingHandler counts the WithAttrs calls that reach it.
type countingHandler struct {
	slog.Handler
	withAttrs *int
}

func (h countingHandler) WithAttrs(a []slog.Attr) slog.Handler {
	*h.withAttrs++
	return countingHandler{h.Handler.WithAttrs(a), h.withAttrs}
}

func (h countingHandler) WithGroup(n string) slog.Handler {
	return countingHandler{h.Handler.WithGroup(n), h.withAttrs}
}

// TestTheQuietLoggerFormatsNothingItDoesNotLog: FerretDB derives a logger
// with attributes for every statement; the text handler formatted them at
// once, which cost about 30 % of the CPU of bulk inserts, though only errors
// are written. Derivations now reach the handler only with a record.
func TestTheQuietLoggerFormatsNothingItDoesNotLog(t *testing.T) {
	var buf bytes.Buffer
	n := 0
	l := quiet(slog.New(countingHandler{slog.NewTextHandler(&buf, nil), &n}))
	for i := range 100 {
		l.With("statement", i).WithGroup("sql").With("args", "x").Warn("not written")
	}
	if n != 0 || buf.Len() != 0 {
		t.Fatalf("%d WithAttrs calls reached the handler; wrote %q", n, buf.String())
	}
	l.With("conn", 7).WithGroup("sql").With("stmt", "SELECT").Error("failed", "err", "boom")
	if n != 2 {
		t.Errorf("%d WithAttrs calls for the one error, want 2", n)
	}
	got := buf.String()
	for _, want := range []string{"conn=7", "sql.stmt=SELECT", "sql.err=boom", "msg=failed"} {
		if !strings.Contains(got, want) {
			t.Errorf("the error lacks %q: %s", want, got)
		}
	}
	if !l.Handler().Enabled(context.Background(), slog.LevelError) || l.Handler().Enabled(context.Background(), slog.LevelWarn) {
		t.Error("only errors are enabled")
	}
}
