package c2pa_test

import (
	"bytes"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/c2pa/c2patest"
)

// A file that carried a manifest store and lost part of it (cut inside the
// store, base64 that no longer decodes) is invalid, as the SDK finds it,
// never "none": a reader must not learn that it never had credentials.
func TestDamagedStoreIsInvalidNotNone(t *testing.T) {
	s := newSigner(t)
	store := testStore(t)
	cutInStore := func(data, st []byte) []byte {
		t.Helper()
		i := bytes.Index(data, st[:32])
		if i < 0 {
			t.Fatal("store not found in the file")
		}
		return data[:i+len(st)/2]
	}
	tests := map[string][]byte{}
	for _, format := range []string{"jpeg", "png", "webp"} {
		fx, err := s.Make(c2patest.Options{Format: format})
		if err != nil {
			t.Fatal(err)
		}
		tests[format+"/cut"] = cutInStore(fx.Data, fx.Store)
	}
	tests["tiff/cut"] = cutInStore(tiffWith(store), store)
	svg := svgWith(store)
	i := bytes.Index(svg, []byte("<c2pa:manifest>")) + len("<c2pa:manifest>") + 40
	tests["svg/base64"] = slices.Concat(svg[:i], []byte("!"), svg[i:])
	tests["svg/unterminated"] = svg[:i]

	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }, NoSidecar: true}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			r := c2pa.Check(t.Context(), "", data, opts).Result
			if r.State != c2pa.StateInvalid || !slices.Contains(r.Codes.FailureCodes(), c2pa.GeneralError) {
				t.Errorf("state %s, failures %v (err %v); want invalid with %s", r.State, r.Codes.FailureCodes(), r.Err, c2pa.GeneralError)
			}
		})
	}
}

// The SDK finds an SVG's manifest by the literal element name: XML the Go
// decoder refuses (bytes that are not UTF-8) or a namespace URI changed
// after signing must still lead to the store, whose data hash then fails.
func TestSVGManifestFoundInDamagedXML(t *testing.T) {
	store := testStore(t)
	svg := svgWith(store)
	tests := map[string][]byte{
		"intact":        svg,
		"namespace URI": bytes.Replace(svg, []byte(`"http://c2pa.org/manifest"`), []byte(`"http://c2pa.osg/manifest"`), 1),
		"not UTF-8":     bytes.Replace(svg, []byte(`<?xml version="1.0"?>`), []byte("<?xml version=\"1.0\"?><!-- \xff -->"), 1),
		"start tag with attributes": bytes.Replace(svg, []byte(`<c2pa:manifest>`),
			[]byte(`<c2pa:manifest xmlns:c2pa="http://c2pa.org/manifest">`), 1),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			ck := c2pa.Check(t.Context(), "", data, c2pa.Options{NoSidecar: true})
			if ck.Store == nil || ck.Result.State == c2pa.StateNone {
				t.Fatalf("store not found: state %s, err %v", ck.Result.State, ck.Result.Err)
			}
			if ck.Location == nil || !bytes.Equal(ck.Location.Store, store) {
				t.Errorf("found a store that differs from the embedded one")
			}
		})
	}
}

// Box labels and the manifest label are not covered by the claim
// signature: the SDK still refuses a manifest whose superbox labels are
// not the specification's (claim.multiple, its code) or whose v2 label is
// not a C2PA URN (claim.malformed). Each change here once passed as valid.
func TestManifestLabelsChecked(t *testing.T) {
	s := newSigner(t)
	fx, err := s.Make(c2patest.Options{Format: "jpeg"})
	if err != nil {
		t.Fatal(err)
	}
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }, NoSidecar: true}
	tests := []struct {
		name, old, new, code string
	}{
		{"intact", "", "", ""},
		{"signature box label", "c2pa.signature", "c2pa.signaturf", c2pa.ClaimMultiple},
		{"assertion store label", "c2pa.assertions", "c2pa.assertionz", c2pa.ClaimMultiple},
		{"manifest label namespace", "urn:c2pa:", "urn:c2pb:", c2pa.ClaimMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := fx.Data
			if tt.old != "" {
				// The label in the box's description (jumd: type UUID,
				// toggles, label), not the same text in the signed claim.
				i := -1
				switch tt.old {
				case "c2pa.signature":
					i = bytes.Index(data, []byte("jumdc2cs")) + 21
				case "c2pa.assertions":
					i = bytes.Index(data, []byte("jumdc2as")) + 21
				default:
					i = bytes.Index(data, []byte("jumdc2ma")) + 21
				}
				if !bytes.HasPrefix(data[i:], []byte(tt.old)) {
					i = -1
				}
				if i < 0 {
					t.Fatalf("%q not in the fixture", tt.old)
				}
				data = slices.Concat(data[:i], []byte(tt.new), data[i+len(tt.old):])
			}
			r := c2pa.Check(t.Context(), "", data, opts).Result
			failures := r.Codes.FailureCodes()
			if tt.code == "" {
				if r.State != c2pa.StateValid {
					t.Errorf("intact fixture: state %s, failures %v", r.State, failures)
				}
				return
			}
			if r.State != c2pa.StateInvalid || !slices.Contains(failures, tt.code) {
				t.Errorf("state %s, failures %v; want invalid with %s", r.State, failures, tt.code)
			}
		})
	}
}

// JUMBF headers outside the claim signature are read as the SDK reads
// them: a zeroed box length, a toggles byte that no longer says
// "requestable and labelled" or announces a missing private box, a label
// that is not UTF-8 make the store unreadable (invalid); an overstated
// length on the last superbox changes nothing read and stays valid.
func TestJUMBFHeadersReadAsSDK(t *testing.T) {
	s := newSigner(t)
	fx, err := s.Make(c2patest.Options{Format: "jpeg"})
	if err != nil {
		t.Fatal(err)
	}
	at := func(marker string, delta int) int {
		i := bytes.Index(fx.Data, []byte(marker))
		if i < 0 {
			t.Fatalf("%q not in the fixture", marker)
		}
		return i + delta
	}
	put := func(off int, b ...byte) []byte {
		d := slices.Clone(fx.Data)
		copy(d[off:], b)
		return d
	}
	manifestLen := at("jumdc2ma", -12)
	n := int(fx.Data[manifestLen])<<24 | int(fx.Data[manifestLen+1])<<16 | int(fx.Data[manifestLen+2])<<8 | int(fx.Data[manifestLen+3])
	n += 8
	tests := []struct {
		name  string
		data  []byte
		state string
	}{
		{"intact", fx.Data, c2pa.StateValid},
		{"signature box length 0", put(at("jumdc2cs", -12), 0, 0, 0, 0), c2pa.StateInvalid},
		{"toggles announce a private box", put(at("jumdc2as", 20), 0x13), c2pa.StateInvalid},
		{"toggles not labelled", put(at("jumdc2as", 20), 0x01), c2pa.StateInvalid},
		{"label not UTF-8", put(at("c2pa.assertions\x00", 0), 0xF5), c2pa.StateInvalid},
		{"last superbox length overstated", put(manifestLen, byte(n>>24), byte(n>>16), byte(n>>8), byte(n)), c2pa.StateValid},
		{"assertion store length runs into the claim", put(at("jumdc2as", -12), 0, 1, 0, 0), c2pa.StateInvalid},
		{"store description box type damaged", put(at("jumdc2pa", 0), 'h'), c2pa.StateInvalid},
	}
	opts := c2pa.Options{Now: func() time.Time { return fixtureTime }, NoSidecar: true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c2pa.Check(t.Context(), "", tt.data, opts).Result
			if r.State != tt.state {
				t.Errorf("state %s, want %s; failures %v, err %v", r.State, tt.state, r.Codes.FailureCodes(), r.Err)
			}
		})
	}
}

// An update manifest has no hard binding: the asset is bound by the data
// hash of the manifest it updates, read with the store's exclusion grown to
// the store as it is now (the SDK's rule). A changed pixel byte must make
// such a file invalid; it once passed as valid.
func TestUpdateManifestBindsThroughParent(t *testing.T) {
	data, err := os.ReadFile(corpus.Path(t, "c2pa", "rs_update_manifest.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	opts := c2pa.Options{NoSidecar: true}
	ck := c2pa.Check(t.Context(), "", data, opts)
	if ck.Result.State == c2pa.StateInvalid || !ck.Result.Codes.Has(c2pa.AssertionDataHashMatch) {
		t.Fatalf("intact: state %s, failures %v; want valid with %s", ck.Result.State, ck.Result.Codes.FailureCodes(), c2pa.AssertionDataHashMatch)
	}
	last := ck.Location.Parts[len(ck.Location.Parts)-1]
	changed := slices.Clone(data)
	changed[int(last.End())+(len(data)-int(last.End()))/2] ^= 0xFF // in the scan data, after the store
	r := c2pa.Check(t.Context(), "", changed, opts).Result
	if r.State != c2pa.StateInvalid || !slices.Contains(r.Codes.FailureCodes(), c2pa.AssertionDataHashMismatch) {
		t.Errorf("changed: state %s, failures %v; want invalid with %s", r.State, r.Codes.FailureCodes(), c2pa.AssertionDataHashMismatch)
	}
}
