package c2pa

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/provcheck/provcheck/provenance/container"
)

// hardBinding checks there is exactly one hard binding and, for the active
// manifest, recomputes it over the asset.
func (v *validator) hardBinding(m *Manifest, r *ManifestResult, active bool) {
	c := &r.Codes
	var bindings []*Assertion
	for _, a := range m.Assertions {
		if isHardBinding(a.BaseLabel()) && v.referenced(m, a) {
			bindings = append(bindings, a)
		}
	}
	if m.Kind == KindUpdate {
		// An update manifest carries no hard binding of its own: the
		// asset is bound by its nearest parent's, checked as the SDK does,
		// with the data hash's store exclusion widened to the store that
		// has grown since (a change to the content must still show).
		if active {
			v.updateBinding(m, c)
		}
		return
	}
	switch {
	case len(bindings) == 0:
		c.add(ClaimHardBindingsMissing, "self#jumbf=/c2pa/"+m.Label, "the manifest has no hard binding")
		return
	case len(bindings) > 1:
		c.add(AssertionMultipleHardBindings, "self#jumbf=/c2pa/"+m.Label, "the manifest has more than one hard binding")
	}
	if active {
		v.checkBinding(m, bindings[0], c)
	}
}

// extraExclusions describes excluded bytes that are not the embedded
// store: the data hash does not protect them. The specification wants the
// exclusions to be exactly the store; the reference validator (c2pa-rs 0.90)
// accepts more and notes it with this success code, and provcheck does the
// same so a reviewer sees which bytes are unprotected.
func (v *validator) extraExclusions(ex []Exclusion) string {
	loc := v.asset.Location
	if loc == nil || v.asset.Source != SourceEmbedded {
		return ""
	}
	var out []string
	for _, e := range ex {
		pos, end := e.Start, e.Start+e.Length
		for _, p := range loc.Parts {
			if p.Offset >= end || p.End() <= pos {
				continue
			}
			if p.Offset > pos {
				out = append(out, fmt.Sprintf("%d..%d", pos, p.Offset))
			}
			pos = max(pos, p.End())
		}
		if pos < end {
			out = append(out, fmt.Sprintf("%d..%d", pos, end))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "bytes " + strings.Join(out, ", ") + " are excluded from the data hash but are not the manifest store; they are not protected by the signature"
}

// referenced reports whether the claim lists the assertion (by label).
func (v *validator) referenced(m *Manifest, a *Assertion) bool {
	for _, ref := range m.Claim.AllAssertions() {
		if uriLabel(ref.URL) == a.Label {
			return true
		}
	}
	return false
}

func (v *validator) checkBinding(m *Manifest, a *Assertion, c *Codes) {
	uri := "self#jumbf=/c2pa/" + m.Label + "/c2pa.assertions/" + a.Label
	data := v.asset.Data
	switch base := a.BaseLabel(); base {
	case LabelDataHash:
		dh, alg, ok := v.dataHashOf(m, a, uri, c)
		if !ok {
			return
		}
		if v.compareDataHash(alg, dh.Exclusions, dh.Hash, uri, "the file's bytes do not match the data hash", "data hash valid", c) {
			if extra := v.extraExclusions(dh.Exclusions); extra != "" {
				c.add(AssertionDataHashAdditionalExclusions, uri, extra)
			}
		}
	case LabelBoxHash:
		var bh BoxHash
		if err := decodeAssertion(a, &bh, v.opts.Limits); err != nil {
			c.add(AssertionBoxesHashMalformed, uri, err.Error())
			return
		}
		var layout []Unit
		if v.asset.Location != nil {
			layout = v.asset.Location.Layout
		} else if inv, _ := container.Walk(context.Background(), data, container.Limits{}); inv.Carrier != nil {
			layout = locationOf(inv.Carrier).Layout
		}
		code, expl := checkBoxHash(&bh, m.Claim.Alg, data, layout)
		if code == AssertionBoxesHashMatch {
			expl = "box hash valid"
		}
		c.add(code, uri, expl)
	case LabelBMFFHash, LabelBMFFHashV2, LabelBMFFHashV3:
		var bh BMFFHash
		if err := decodeAssertion(a, &bh, v.opts.Limits); err != nil {
			c.add(AssertionBMFFHashMalformed, uri, err.Error())
			return
		}
		bh.Alg = firstNonEmpty(bh.Alg, m.Claim.Alg)
		if bh.Hash == nil {
			// Fragmented files hash per fragment with Merkle trees, which
			// provcheck does not check yet.
			c.add(AssertionBMFFHashMalformed, uri, "BMFF hash without a whole-file hash (Merkle trees are not checked)")
			return
		}
		got, err := hashBMFF(&bh, base != LabelBMFFHash, data, v.opts.Limits)
		switch {
		case errors.Is(err, errAlgUnsupported):
			c.add(AlgorithmUnsupported, uri, err.Error())
		case err != nil:
			c.add(AssertionBMFFHashMismatch, uri, err.Error())
		case !bytes.Equal(got, bh.Hash):
			c.add(AssertionBMFFHashMismatch, uri, "the file's boxes do not match the BMFF hash")
		default:
			c.add(AssertionBMFFHashMatch, uri, "BMFF hash valid")
		}
	default:
		c.add(AssertionCollectionHashMalf, uri, "collection hashes are not supported")
	}
}

// updateBinding checks an active update manifest's asset against the hard
// binding of the manifest it updates (through parentOf ingredients, over
// any further update manifests). A data hash's exclusion that starts where
// the store starts is replaced by the store as it is now, and exclusions
// after it move by the store's growth.
func (v *validator) updateBinding(m *Manifest, c *Codes) {
	bm, seen := m, map[string]bool{}
	for bm != nil && bm.Kind == KindUpdate && !seen[bm.Label] {
		seen[bm.Label] = true
		bm = v.parentManifest(bm)
	}
	if bm == nil || bm.Kind == KindUpdate || bm.Claim == nil {
		return
	}
	var binding *Assertion
	for _, a := range bm.Assertions {
		if isHardBinding(a.BaseLabel()) && v.referenced(bm, a) {
			binding = a
			break
		}
	}
	if binding == nil {
		return
	}
	if binding.BaseLabel() != LabelDataHash {
		v.checkBinding(bm, binding, c)
		return
	}
	uri := "self#jumbf=/c2pa/" + bm.Label + "/c2pa.assertions/" + binding.Label
	dh, alg, ok := v.dataHashOf(bm, binding, uri, c)
	if !ok {
		return
	}
	ex := slices.Clone(dh.Exclusions)
	if loc := v.asset.Location; loc != nil && v.asset.Source == SourceEmbedded && len(loc.Parts) > 0 {
		start, end := loc.Parts[0].Offset, loc.Parts[len(loc.Parts)-1].End()
		if i := slices.IndexFunc(ex, func(e Exclusion) bool { return e.Start == start }); i >= 0 {
			grow := max(0, end-start-ex[i].Length)
			ex[i].Length = end - start
			for j := range ex {
				if ex[j].Start > start {
					ex[j].Start += grow
				}
			}
		}
	}
	v.compareDataHash(alg, ex, dh.Hash, uri, "the file's bytes do not match the data hash of the manifest this update manifest updates", "data hash of the updated manifest valid", c)
}

// dataHashOf decodes m's data-hash assertion a and the algorithm it is
// computed with (its own, else the claim's), recording why it cannot be
// used when it cannot.
func (v *validator) dataHashOf(m *Manifest, a *Assertion, uri string, c *Codes) (DataHash, string, bool) {
	var dh DataHash
	if err := decodeAssertion(a, &dh, v.opts.Limits); err != nil {
		c.add(AssertionDataHashMalformed, uri, err.Error())
		return dh, "", false
	}
	alg := firstNonEmpty(dh.Alg, m.Claim.Alg)
	if alg == "" {
		c.add(AlgorithmUnsupported, uri, "no hash algorithm given for the data hash")
		return dh, "", false
	}
	return dh, alg, true
}

// compareDataHash hashes the asset without the exclusions, records the
// outcome against want (mismatch and match explain it), and reports
// whether it matched.
func (v *validator) compareDataHash(alg string, ex []Exclusion, want []byte, uri, mismatch, match string, c *Codes) bool {
	got, err := hashWithExclusions(alg, v.asset.Data, ex)
	switch {
	case errors.Is(err, errAlgUnsupported):
		c.add(AlgorithmUnsupported, uri, err.Error())
	case err != nil:
		c.add(AssertionDataHashMismatch, uri, err.Error())
	case !bytes.Equal(got, want):
		c.add(AssertionDataHashMismatch, uri, mismatch)
	default:
		c.add(AssertionDataHashMatch, uri, match)
		return true
	}
	return false
}

// parentManifest returns the manifest of m's first parentOf ingredient.
func (v *validator) parentManifest(m *Manifest) *Manifest {
	for _, a := range m.Assertions {
		if !isIngredient(a.BaseLabel()) {
			continue
		}
		in, err := DecodeIngredient(a, v.opts.Limits)
		if err != nil || in.Relationship != "parentOf" {
			continue
		}
		if ref := in.ManifestRef(); ref != nil {
			return v.store.Manifest(uriManifest(ref.URL))
		}
	}
	return nil
}
