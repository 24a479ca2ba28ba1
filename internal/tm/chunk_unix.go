//go:build unix

package tm

import (
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// newChunk returns a chunk with room for n elements of a pointer-free type,
// all of them zero and in use, in anonymous memory mapped outside the Go
// heap and unmapped by free or once the chunk is unreachable; in the Go heap
// when the mapping fails. Pages never written cost no resident memory.
func newChunk[T any](n int) *chunk[T] {
	var zero T
	mem, err := syscall.Mmap(-1, 0, n*int(unsafe.Sizeof(zero)), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil || len(mem) == 0 {
		return &chunk[T]{data: make([]T, n)}
	}
	c := &chunk[T]{data: unsafe.Slice((*T)(unsafe.Pointer(&mem[0])), n), mem: mem}
	c.cleanup = runtime.AddCleanup(c, func(m []byte) { _ = syscall.Munmap(m) }, mem)
	return c
}

// free releases the chunk's memory now; the chunk must not be used again.
func (c *chunk[T]) free() {
	if c.mem != nil {
		c.cleanup.Stop()
		_ = syscall.Munmap(c.mem)
		c.mem = nil
	}
	c.data = nil
}

// openScratch returns a new temporary file (in TMPDIR) that no name leads
// to: it is unlinked at once, so the system deletes it when it is closed or
// the process ends, however it ends.
func openScratch() (*os.File, error) {
	f, err := os.CreateTemp("", "kotormo-tm-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
