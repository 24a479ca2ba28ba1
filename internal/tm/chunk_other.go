//go:build !unix

package tm

// newChunk returns an empty chunk with room for n elements, in the Go heap.
func newChunk[T any](n int) *chunk[T] {
	return &chunk[T]{data: make([]T, 0, n)}
}
