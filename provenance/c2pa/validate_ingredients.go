package c2pa

import "bytes"

// ingredients reads every ingredient assertion and validates the
// manifests they point at.
func (v *validator) ingredients(m *Manifest, r *ManifestResult, depth int) {
	for _, a := range m.Assertions {
		if !isIngredient(a.BaseLabel()) {
			continue
		}
		uri := "self#jumbf=/c2pa/" + m.Label + "/c2pa.assertions/" + a.Label
		in, err := DecodeIngredient(a, v.opts.Limits)
		if err != nil {
			r.Codes.add(AssertionIngredientMalformed, uri, err.Error())
			continue
		}
		ir := &IngredientResult{Assertion: a.Label, Title: in.Title, Relationship: in.Relationship, Format: in.Format,
			DigitalSourceType: in.DigitalSourceType}
		r.Ingredients = append(r.Ingredients, ir)
		ref := in.ManifestRef()
		if ref == nil {
			continue
		}
		label := uriManifest(ref.URL)
		ir.ManifestLabel = label
		im := v.store.Manifest(label)
		if im == nil {
			r.Codes.add(IngredientManifestMissing, uri, "the ingredient's manifest is not in the store")
			continue
		}
		if v.ingredientHashOK(m, im, ref) {
			r.Codes.add(IngredientManifestValidated, uri, "ingredient manifest hash matches")
		} else {
			r.Codes.add(IngredientManifestMismatch, uri, "the ingredient's manifest does not match its hash")
		}
		if in.ClaimSignature != nil {
			sb, _ := v.store.resolveURI(im, in.ClaimSignature.URL)
			alg := firstNonEmpty(in.ClaimSignature.Alg, m.Claim.Alg, "sha256")
			if sb != nil && v.hashMatchesAny(alg, in.ClaimSignature.Hash, sb.Payload, v.store.fullBox(sb)) {
				r.Codes.add(IngredientClaimSigValidated, uri, "ingredient claim signature hash matches")
			} else {
				r.Codes.add(IngredientClaimSigMismatch, uri, "the ingredient's claim signature does not match its hash")
			}
		}
		if err := v.ctx.Err(); err != nil {
			return
		}
		ir.Manifest = v.manifest(im, depth+1, false)
		if f := newFailures(ir.Manifest.Codes.Failure, in.RecordedFailures(v.opts.Limits)); len(f) > 0 {
			v.deltas = append(v.deltas, IngredientDelta{Assertion: uri, Manifest: label, Failure: f})
		}
	}
}

// ingredientHashOK checks an ingredient's manifest hash. Early signers
// hashed the whole manifest box including its header; both forms are
// accepted.
func (v *validator) ingredientHashOK(parent, im *Manifest, ref *HashedURI) bool {
	alg := firstNonEmpty(ref.Alg, parent.Claim.Alg, "sha256")
	// The v3 activeManifest hash covers the manifest box; 1.x signers
	// hashed the ingredient's claim, and some hashed the box with its
	// header. Any of these proves the bytes are the ones signed.
	cands := [][]byte{im.Box.Payload, v.store.fullBox(im.Box), im.ClaimCBOR}
	if tb, _ := v.store.resolveURI(im, ref.URL); tb != nil && tb != im.Box {
		cands = append(cands, tb.Payload, v.store.fullBox(tb))
	}
	return v.hashMatchesAny(alg, ref.Hash, cands...)
}

// hashMatchesAny reports whether one of the candidates hashes to want.
func (v *validator) hashMatchesAny(alg string, want []byte, cands ...[]byte) bool {
	for _, c := range cands {
		if c == nil {
			continue
		}
		if got, err := v.digest(alg, c); err == nil && bytes.Equal(got, want) {
			return true
		}
	}
	return false
}

// fullBox returns a box's bytes with its header, when the box lies in the
// store's raw bytes.
func (s *Store) fullBox(b *Box) []byte {
	hdr := 8
	end := b.Offset + hdr + len(b.Payload)
	if b.Offset < 0 || end > len(s.Raw) {
		return nil
	}
	if len(b.Payload) > 0 && &s.Raw[b.Offset+hdr] != &b.Payload[0] {
		hdr = 16
		end = b.Offset + hdr + len(b.Payload)
		if end > len(s.Raw) {
			return nil
		}
	}
	return s.Raw[b.Offset:end]
}

// newFailures returns the failures not already recorded in the ingredient
// assertion: the validation deltas.
func newFailures(found, recorded []Status) []Status {
	var out []Status
	for _, f := range found {
		known := false
		for _, r := range recorded {
			if r.Code == f.Code && (r.URL == "" || f.URL == "" || sameURI(r.URL, f.URL)) {
				known = true
				break
			}
		}
		if !known {
			out = append(out, f)
		}
	}
	return out
}

// sameURI compares JUMBF URIs by their path below the store, so that an
// absolute and a relative form of one URI match.
func sameURI(a, b string) bool {
	return uriLast(a) == uriLast(b)
}
