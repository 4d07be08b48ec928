package c2pa

import "errors"

// ErrLimit marks input that exceeds one of the Limits.
var ErrLimit = errors.New("exceeds limit")

// Limits bound every allocation and recursion driven by the input.
type Limits struct {
	MaxStoreSize       int   // bytes of one manifest store
	MaxJUMBFDepth      int   // superbox nesting
	MaxJUMBFBoxes      int   // boxes in one store
	MaxCBORDepth       int   // CBOR nesting (DecOptions.MaxNestedLevels)
	MaxCBORElements    int   // CBOR array elements and map pairs
	MaxIngredientDepth int   // ingredient recursion
	MaxBrotli          int64 // decompressed size of one brob box
	MaxSegments        int   // BMFF boxes the BMFF hash reads (the layout is bounded by the container's MaxBlocks)
	MaxManifests       int   // manifests read from one store
}

// DefaultLimits are safe for hostile input on a laptop.
var DefaultLimits = Limits{
	MaxStoreSize:       64 << 20,
	MaxJUMBFDepth:      16,
	MaxJUMBFBoxes:      100_000,
	MaxCBORDepth:       32,
	MaxCBORElements:    65_536,
	MaxIngredientDepth: 16,
	MaxBrotli:          64 << 20,
	MaxSegments:        100_000,
	MaxManifests:       1_000,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxStoreSize <= 0 {
		l.MaxStoreSize = d.MaxStoreSize
	}
	if l.MaxJUMBFDepth <= 0 {
		l.MaxJUMBFDepth = d.MaxJUMBFDepth
	}
	if l.MaxJUMBFBoxes <= 0 {
		l.MaxJUMBFBoxes = d.MaxJUMBFBoxes
	}
	if l.MaxCBORDepth <= 0 {
		l.MaxCBORDepth = d.MaxCBORDepth
	}
	if l.MaxCBORElements <= 0 {
		l.MaxCBORElements = d.MaxCBORElements
	}
	if l.MaxIngredientDepth <= 0 {
		l.MaxIngredientDepth = d.MaxIngredientDepth
	}
	if l.MaxBrotli <= 0 {
		l.MaxBrotli = d.MaxBrotli
	}
	if l.MaxSegments <= 0 {
		l.MaxSegments = d.MaxSegments
	}
	if l.MaxManifests <= 0 {
		l.MaxManifests = d.MaxManifests
	}
	return l
}
