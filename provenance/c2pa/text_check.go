package c2pa

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/text/unicode/norm"
)

// CheckText finds a C2PA text manifest wrapper in text (a decoded text
// file, UTF-8) and validates it. The text is NFC-normalised first, as the
// hard binding is defined over the normalised form; variation selectors
// and U+FEFF are not changed by normalisation, so the wrapper survives it
// and its offsets are taken in the normalised text.
//
// Text without a wrapper yields State none. A wrapper whose header or
// manifest does not decode yields State invalid with
// manifest.text.corruptedWrapper, more than one wrapper State invalid with
// manifest.text.multipleWrappers (the specification allows one, and which
// one a signer meant cannot be told).
func CheckText(ctx context.Context, text string, opts Options) *Checked {
	lim := opts.Limits.withDefaults()
	data := []byte(text)
	if !norm.NFC.IsNormalString(text) {
		data = norm.NFC.Bytes(data)
	}
	ws := FindTextWrappers(string(data), lim)
	out := &Checked{}
	switch len(ws) {
	case 0:
		out.Result = &Result{State: StateNone}
		return out
	case 1:
	default:
		loc := &Location{Format: "text"}
		for _, w := range ws {
			loc.Parts = append(loc.Parts, Range{int64(w.Offset), int64(w.Length)})
		}
		out.Location = loc
		err := fmt.Errorf("c2pa: %d text manifest wrappers: %w", len(ws), ErrMalformed)
		out.Result = &Result{State: StateInvalid, Source: SourceEmbedded, Err: err}
		out.Result.Codes.add(ManifestTextMultipleWrappers, "",
			fmt.Sprintf("the text carries %d manifest wrappers (at byte offsets %s); the specification allows one", len(ws), offsets(ws)))
		return out
	}
	w := ws[0]
	loc := &Location{Format: "text", Store: w.Store, Parts: []Range{{int64(w.Offset), int64(w.Length)}}}
	out.Location = loc
	if w.Err != nil {
		out.Result = &Result{State: StateInvalid, Source: SourceEmbedded, Err: w.Err}
		code := ManifestTextCorruptedWrapper
		out.Result.Codes.add(code, "", w.Err.Error())
		return out
	}
	ck := CheckStore(ctx, w.Store, data, loc, SourceEmbedded, opts)
	if ck.Result.Err != nil && ck.Store == nil && !errors.Is(ck.Result.Err, ErrLimit) {
		// The bytes had the wrapper's header but no readable store: the
		// wrapper is corrupted, which is the code a reviewer can act on.
		ck.Result.Codes.add(ManifestTextCorruptedWrapper, "", ck.Result.Err.Error())
	}
	return ck
}

func offsets(ws []TextWrapper) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += ", "
		}
		if i == 8 {
			return s + "…"
		}
		s += fmt.Sprint(w.Offset)
	}
	return s
}
