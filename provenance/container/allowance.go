package container

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
)

// ErrAllowance says a file's decompression allowance is spent: the sum of
// everything inflated from it (every chunk, stream and entry) reached
// Limits.MaxInflateFile.
var ErrAllowance = errors.New("the file's decompression allowance is spent")

// Allowance is one file's budget of decompressed bytes, shared by every
// stage that inflates (the container walk, the C2PA store, detectors), so
// that a file of many small compressed blocks, each under the per-block
// cap, cannot add up to gigabytes. Bytes are charged as they are produced,
// not after a block is whole. It is safe for concurrent use; a nil
// *Allowance allows everything (the per-block cap still holds).
type Allowance struct {
	max  int64
	used atomic.Int64
}

// NewAllowance returns an allowance of max bytes.
func NewAllowance(max int64) *Allowance { return &Allowance{max: max} }

// Max is the allowance's size.
func (a *Allowance) Max() int64 {
	if a == nil {
		return 0
	}
	return a.max
}

// Used is what was charged so far.
func (a *Allowance) Used() int64 {
	if a == nil {
		return 0
	}
	return a.used.Load()
}

// charge takes n bytes, reporting whether they fitted.
func (a *Allowance) charge(n int) bool {
	if a == nil || n == 0 {
		return true
	}
	return a.used.Add(int64(n)) <= a.max
}

type allowanceKey struct{}

// WithAllowance returns ctx carrying a: the engine makes one per file, and
// every stage below draws on it.
func WithAllowance(ctx context.Context, a *Allowance) context.Context {
	return context.WithValue(ctx, allowanceKey{}, a)
}

// AllowanceFrom returns the file's allowance, or nil when ctx carries none.
func AllowanceFrom(ctx context.Context) *Allowance {
	a, _ := ctx.Value(allowanceKey{}).(*Allowance)
	return a
}

// inflateStep is how much is decompressed between checks of the time
// limit and the allowance.
const inflateStep = 64 << 10

// Inflate reads a decompressing reader into memory, at most perBlock
// bytes (truncated says there was more), charging the file's allowance in
// ctx as bytes come and checking ctx between steps. When the allowance
// runs out, or ctx ends, it returns what was read with an error wrapping
// ErrAllowance or the context's; a decoding error also comes with the
// readable prefix.
func Inflate(ctx context.Context, r io.Reader, perBlock int64) (out []byte, truncated bool, err error) {
	a := AllowanceFrom(ctx)
	if a != nil && a.used.Load() >= a.max {
		return nil, false, fmt.Errorf("%w (%d bytes)", ErrAllowance, a.Max())
	}
	out = make([]byte, 0, min(perBlock+1, 256<<10))
	for {
		if err := ctx.Err(); err != nil {
			return out, false, err
		}
		if len(out) == cap(out) {
			// Grow by doubling, but never past the per-block cap.
			next := make([]byte, len(out), min(perBlock+1, int64(2*cap(out))))
			copy(next, out)
			out = next
		}
		end := min(cap(out), len(out)+inflateStep)
		n, rerr := r.Read(out[len(out):end])
		out = out[:len(out)+n]
		if int64(len(out)) > perBlock {
			a.charge(n - 1)
			return out[:perBlock], true, nil
		}
		if !a.charge(n) {
			return out, false, fmt.Errorf("%w (%d bytes)", ErrAllowance, a.Max())
		}
		if rerr == io.EOF {
			return out, false, nil
		}
		if rerr != nil {
			return out, false, rerr
		}
	}
}

// inflateZlib decompresses a zlib stream through Inflate.
func inflateZlib(ctx context.Context, src []byte, max int64) (out []byte, truncated bool, err error) {
	zr, err := zlib.NewReader(bytes.NewReader(src))
	if err != nil {
		return nil, false, err
	}
	defer zr.Close()
	return Inflate(ctx, zr, max)
}
