//go:build unix

package engine

import (
	"os"
	"syscall"
)

// openNoBlock opens path read-only without waiting: O_NONBLOCK makes the
// open of a FIFO with no writer (or a device that would wait for a
// carrier) return at once, so the mode check that follows can refuse it.
// On a regular file O_NONBLOCK changes nothing.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// reserve returns a buffer of n bytes that costs memory only as it is
// written: an anonymous private mapping, reserved up front, so a stream
// of unknown length is read into one buffer that never moves or doubles.
// release returns it to the system. ok is false when the mapping could
// not be made; the caller then grows an ordinary slice.
func reserve(n int) (buf []byte, release func(), ok bool) {
	if n <= 0 {
		return nil, func() {}, false
	}
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE)
	if err != nil {
		return nil, func() {}, false
	}
	return b, func() { _ = syscall.Munmap(b) }, true
}
