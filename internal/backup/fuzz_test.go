package backup

import (
	"bytes"
	"testing"
)

// FuzzVerify feeds arbitrary bytes to the archive reader: it must refuse
// them cleanly, within its bounds, and never panic.
func FuzzVerify(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = verify(bytes.NewReader(b))
	})
}
