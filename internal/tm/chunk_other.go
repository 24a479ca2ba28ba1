//go:build !unix

package tm

import (
	"errors"
	"os"
)

// newChunk returns a chunk of n zero elements, in the Go heap.
func newChunk[T any](n int) *chunk[T] {
	return &chunk[T]{data: make([]T, n)}
}

// free drops the chunk's memory (the collector reclaims it).
func (c *chunk[T]) free() { c.data = nil }

// openScratch fails: where an open file cannot be unlinked, the texts of a
// memory stay in its own memory rather than in a file that could outlive it.
func openScratch() (*os.File, error) { return nil, errors.New("tm: no scratch file on this system") }
