//go:build unix

package tm

import (
	"runtime"
	"syscall"
	"unsafe"
)

// newChunk returns an empty chunk with room for n elements of a pointer-free
// type, in anonymous memory mapped outside the Go heap and unmapped once
// the chunk is unreachable; in the Go heap when the mapping fails.
func newChunk[T any](n int) *chunk[T] {
	var zero T
	mem, err := syscall.Mmap(-1, 0, n*int(unsafe.Sizeof(zero)), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil || len(mem) == 0 {
		return &chunk[T]{data: make([]T, 0, n)}
	}
	c := &chunk[T]{data: unsafe.Slice((*T)(unsafe.Pointer(&mem[0])), n)[:0]}
	runtime.AddCleanup(c, func(m []byte) { _ = syscall.Munmap(m) }, mem)
	return c
}
