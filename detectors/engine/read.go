package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/provcheck/provcheck/reports"
)

var (
	errTooLarge   = errors.New("file too large")
	errNotRegular = errors.New("not a regular file")
)

// Error codes of read failures, as they appear in a report entry.
const (
	CodeRead       = "read"
	CodeTooLarge   = "too-large"
	CodeNotRegular = "not-regular"
	CodePermission = "permission"
	CodeNotFound   = "not-found"
	CodeTimeout    = "timeout"
)

func classifyReadErr(err error) reports.FileError {
	code := CodeRead
	switch {
	case errors.Is(err, errTooLarge):
		code = CodeTooLarge
	case errors.Is(err, errNotRegular):
		code = CodeNotRegular
	case errors.Is(err, os.ErrPermission):
		code = CodePermission
	case errors.Is(err, os.ErrNotExist):
		code = CodeNotFound
	}
	return reports.FileError{Code: code, Message: err.Error(), Fatal: true}
}

// modeName says in words what kind of non-regular file a mode is.
func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a regular file (" + m.Type().String() + ")"
}

func notRegular(m fs.FileMode) error {
	return fmt.Errorf("%w: it is %s; only regular files are read", errNotRegular, modeName(m))
}

// readCapped reads the regular file at path into buf, read-only. The path
// is stat'ed before it is opened, and opened without blocking, so a FIFO,
// socket or device named on the command line is refused at once instead
// of hanging the scan; a file over max is refused before a byte is read.
func readCapped(path string, max int64, buf *fileBuffer) ([]byte, int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		return nil, 0, notRegular(st.Mode())
	}
	if st.Size() > max {
		return nil, st.Size(), fmt.Errorf("%w: %d bytes, limit %d", errTooLarge, st.Size(), max)
	}
	f, err := openNoBlock(path) // O_RDONLY: inputs are never modified
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	return readOpenFile(f, max, buf)
}

// readOpenFile reads an open file that must be regular (checked again on
// the open descriptor: the path may have been replaced since the stat).
func readOpenFile(f *os.File, max int64, buf *fileBuffer) ([]byte, int64, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		return nil, 0, notRegular(st.Mode())
	}
	size := st.Size()
	if size > max {
		return nil, size, fmt.Errorf("%w: %d bytes, limit %d", errTooLarge, size, max)
	}
	// Read one byte past the size seen, to notice a file that grew while
	// we read it.
	data := buf.sized(int(size) + 1)
	n, err := io.ReadFull(f, data)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return data[:n], int64(n), nil // the usual end: the size seen, or less
	case err != nil:
		return nil, size, err
	}
	// The file grew. Read on only up to the cap, in small pieces, so a
	// file growing without end costs at most the cap.
	var extra [64 << 10]byte
	for int64(len(data)) <= max {
		m, err := f.Read(extra[:min(int64(len(extra)), max+1-int64(len(data)))])
		data = append(data, extra[:m]...)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, int64(len(data)), err
		}
	}
	buf.b = data
	if int64(len(data)) > max {
		return nil, int64(len(data)), fmt.Errorf("%w: grew past the limit %d while reading", errTooLarge, max)
	}
	return data, int64(len(data)), nil
}

// readStream reads a stream of unknown length (standard input, a pipe)
// into one buffer reserved at the cap and filled as bytes come, refusing
// the stream as soon as it passes max: memory grows with what was read,
// never to twice it, and a refused stream costs at most the cap.
// release frees the buffer; the data must not be used after it.
func readStream(r io.Reader, max int64) (data []byte, release func(), err error) {
	buf, release, ok := reserve(int(max) + 1)
	if !ok {
		return readStreamGrow(r, max)
	}
	n, err := io.ReadFull(r, buf)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return buf[:n:n], release, nil
	case err != nil:
		release()
		return nil, func() {}, err
	}
	release()
	return nil, func() {}, fmt.Errorf("%w: more than the %d-byte limit", errTooLarge, max)
}

// readStreamGrow is readStream where no mapping can be reserved: a slice
// grown by half each time, never past the cap.
func readStreamGrow(r io.Reader, max int64) ([]byte, func(), error) {
	buf := make([]byte, 0, min(max+1, 1<<20))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > max {
				return nil, func() {}, fmt.Errorf("%w: more than the %d-byte limit", errTooLarge, max)
			}
			next := make([]byte, len(buf), min(max+1, int64(cap(buf))+int64(cap(buf))/2+1))
			copy(next, buf)
			buf = next
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			if int64(len(buf)) > max {
				return nil, func() {}, fmt.Errorf("%w: more than the %d-byte limit", errTooLarge, max)
			}
			return buf, func() {}, nil
		}
		if err != nil {
			return nil, func() {}, err
		}
	}
}

// ScanFile reads the file at path (read-only) and scans it. displayPath is
// what the report calls it.
func (e *Engine) ScanFile(ctx context.Context, path, displayPath string) reports.FileResult {
	buf := getBuffer()
	data, size, err := readCapped(path, e.cfg.MaxFileSize, buf)
	if err != nil {
		putBuffer(buf)
		return e.readError(displayPath, size, err)
	}
	// The result must not alias the buffer, which the next file reuses:
	// finish copies any byte slices out of the evidence, and every other
	// field is a string or a number.
	return e.scanBuffer(ctx, path, displayPath, data, func() { putBuffer(buf) })
}

// scanBuffer scans data and then calls release to give its buffer back,
// unless the work was abandoned: the abandoned goroutine still reads the
// buffer, which is then left to the collector (or, for a mapping, to the
// process's end) instead.
func (e *Engine) scanBuffer(ctx context.Context, path, displayPath string, data []byte, release func()) reports.FileResult {
	fr, abandoned := e.scanGuarded(ctx, path, displayPath, data, nil)
	if !abandoned {
		release()
	}
	return fr
}

// ScanReader reads r up to the size cap and scans it (standard input). A
// reader that is a regular file (input redirected from a file) is read
// like a named file, at its known size.
func (e *Engine) ScanReader(ctx context.Context, r io.Reader, displayPath string) reports.FileResult {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			buf := getBuffer()
			data, size, err := readOpenFile(f, e.cfg.MaxFileSize, buf)
			if err != nil {
				putBuffer(buf)
				return e.readError(displayPath, size, err)
			}
			return e.scanBuffer(ctx, "", displayPath, data, func() { putBuffer(buf) })
		}
	}
	data, release, err := readStream(r, e.cfg.MaxFileSize)
	if err != nil {
		release()
		size := int64(0)
		if errors.Is(err, errTooLarge) {
			size = e.cfg.MaxFileSize + 1
		}
		return e.readError(displayPath, size, err)
	}
	return e.scanBuffer(ctx, "", displayPath, data, release)
}

func (e *Engine) readError(displayPath string, size int64, err error) reports.FileResult {
	fr := reports.FileResult{Path: displayPath, Size: size}
	fr.Errors = append(fr.Errors, classifyReadErr(err))
	e.finish(&fr)
	return fr
}
