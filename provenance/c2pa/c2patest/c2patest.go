// Package c2patest builds C2PA test fixtures: manifest stores signed at
// test time with a throw-away ECDSA certificate chain, embedded in minimal
// JPEG, PNG, WebP and BMFF files, with tampered variants. It is for tests
// only; nothing in provcheck's binary uses it.
package c2patest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/big"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"

	"github.com/provcheck/provcheck/provenance/c2pa"
)

// Signer is a test certificate authority and a claim-signing leaf.
type Signer struct {
	Key   *ecdsa.PrivateKey
	Leaf  *x509.Certificate
	CA    *x509.Certificate
	CAPEM []byte

	tsa    *x509.Certificate // time-stamping authority issued by CA
	tsaKey *ecdsa.PrivateKey
	caKey  *ecdsa.PrivateKey
}

var oidDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

// NewSigner makes a CA and a leaf valid from notBefore for one year, with
// the C2PA end-entity profile (digitalSignature, documentSigning EKU).
func NewSigner(notBefore time.Time) (*Signer, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "provcheck test CA", Organization: []string{"provcheck TEST"}},
		NotBefore: notBefore.Add(-time.Hour), NotAfter: notBefore.AddDate(5, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "provcheck test signer", Organization: []string{"provcheck TEST"}},
		NotBefore: notBefore.Add(-time.Hour), NotAfter: notBefore.AddDate(1, 0, 0),
		KeyUsage:           x509.KeyUsageDigitalSignature,
		ExtKeyUsage:        []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		UnknownExtKeyUsage: []asn1.ObjectIdentifier{oidDocumentSigning},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	leaf, _ := x509.ParseCertificate(leafDER)
	tsaKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tsaTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "provcheck test TSA", Organization: []string{"provcheck TEST"}},
		NotBefore: notBefore.Add(-time.Hour), NotAfter: notBefore.AddDate(5, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
	}
	tsaDER, err := x509.CreateCertificate(rand.Reader, tsaTmpl, ca, &tsaKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	tsa, _ := x509.ParseCertificate(tsaDER)
	return &Signer{Key: key, Leaf: leaf, CA: ca, CAPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		tsa: tsa, tsaKey: tsaKey, caKey: caKey}, nil
}

// ReissueLeaf replaces the claim-signing leaf by one the CA issues from
// the current leaf's fields after edit changed them (a subject without an
// organisation, another validity), with the same key.
func (s *Signer) ReissueLeaf(edit func(tmpl *x509.Certificate)) error {
	tmpl := &x509.Certificate{
		SerialNumber: new(big.Int).Add(s.Leaf.SerialNumber, big.NewInt(100)), Subject: s.Leaf.Subject,
		NotBefore: s.Leaf.NotBefore, NotAfter: s.Leaf.NotAfter,
		KeyUsage: s.Leaf.KeyUsage, ExtKeyUsage: s.Leaf.ExtKeyUsage, UnknownExtKeyUsage: s.Leaf.UnknownExtKeyUsage,
	}
	edit(tmpl)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.CA, &s.Key.PublicKey, s.caKey)
	if err != nil {
		return fmt.Errorf("reissue leaf: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return fmt.Errorf("reissue leaf: %w", err)
	}
	s.Leaf = leaf
	return nil
}

// Tampering variants.
const (
	TamperNone      = ""
	TamperPixel     = "pixel"     // a byte of image data flipped after signing
	TamperAssertion = "assertion" // the actions assertion changed after signing
	TamperSignature = "signature" // a byte of the COSE signature flipped
)

// Options describe one fixture.
type Options struct {
	Format string // "jpeg", "png", "webp", "bmff", "text"
	// Text is the visible text of a "text" fixture (NFC); the manifest is
	// appended to it in a C2PA text manifest wrapper.
	Text              string
	DigitalSourceType string // full IPTC URI or short term; default digitalCapture
	SoftwareAgent     string
	// Description is the action's description; with NoSourceType it makes
	// a declaration like Bing Image Creator's (text only, no source type).
	Description  string
	NoSourceType bool
	// BoxHash binds a JPEG or PNG with c2pa.hash.boxes instead of a data
	// hash.
	BoxHash bool
	// Thumbnail adds a claim thumbnail of that many bytes (an embedded
	// file assertion); above 64,000 it spreads a JPEG store over several
	// APP11 segments.
	Thumbnail int
	// Parent makes the fixture an edit of another fixture: the parent's
	// manifests are carried in the store and referenced by a parentOf
	// ingredient (v3) and a c2pa.opened action.
	Parent *Fixture
	// TimeStamp, when set, adds an RFC 3161 sigTst2 time-stamp at that
	// time from the test TSA.
	TimeStamp time.Time
	Tamper    string
	// Identity adds a CAWG identity assertion vouching for the hard
	// binding.
	Identity *Identity
	// OCSP staples an OCSP response about the signing certificate in the
	// signature's unprotected header (rVals/ocspVals).
	OCSP *OCSP
	// X5ChainUnprotected also puts the certificate chain in the
	// unprotected header under "x5chain" (it is always in the protected
	// one): two chains, which the specification forbids.
	X5ChainUnprotected bool
	// OCSPInAssertion carries the OCSP response in a
	// c2pa.certificate-status assertion (C2PA 2.x) instead of the
	// signature's rVals.
	OCSPInAssertion bool

	ocspDER []byte // the response, made once so the store's size settles
}

// Fixture is a signed file.
type Fixture struct {
	Data  []byte
	Store []byte
	Label string
}

const iptc = "http://cv.iptc.org/newscodes/digitalsourcetype/"

// Make builds a signed file.
func (s *Signer) Make(o Options) (*Fixture, error) {
	base, err := baseFile(o.Format)
	if o.Format == "text" {
		base, err = []byte(o.Text), nil
	}
	if err != nil {
		return nil, err
	}
	if o.OCSP != nil {
		if o.ocspDER, err = s.ocspResponse(o.OCSP); err != nil {
			return nil, err
		}
	}
	dst := o.DigitalSourceType
	if dst == "" {
		dst = "digitalCapture"
	}
	if !bytes.Contains([]byte(dst), []byte("://")) {
		dst = iptc + dst
	}
	label := "urn:c2pa:8f1c1e0a-6a34-4c1e-9d2e-3f0b6c7a9e11"
	if o.Parent != nil {
		label = "urn:c2pa:3d5e7f90-1b2c-4d6e-8f00-a1b2c3d4e5f6"
	}
	// The store's size depends only on the sizes of its parts, so a first
	// build with a zero hash fixes where it goes and what to exclude; the
	// second build carries the real hash.
	var (
		file  []byte
		store []byte
		excl  [2]int64
	)
	for range 3 {
		st, err := s.store(label, o, dst, excl, nil, base)
		if err != nil {
			return nil, err
		}
		f, ex, err := embed(o.Format, base, st)
		if err != nil {
			return nil, err
		}
		if ex == excl {
			file, store = f, st
			break
		}
		excl = ex
	}
	if file == nil {
		return nil, errors.New("c2patest: store size did not settle")
	}
	var h []byte
	if o.BoxHash {
		h, err = boxHashes(file)
	} else {
		h, err = bindingHash(o.Format, file, excl)
	}
	if err != nil {
		return nil, err
	}
	store, err = s.store(label, o, dst, excl, h, base)
	if err != nil {
		return nil, err
	}
	file, _, err = embed(o.Format, base, store)
	if err != nil {
		return nil, err
	}
	if o.Tamper == TamperPixel {
		file[pixelOffset(o.Format, len(file))] ^= 0x01
	}
	return &Fixture{Data: file, Store: store, Label: label}, nil
}

// pixelOffset returns the offset of a byte of image data outside the store.
func pixelOffset(format string, n int) int {
	switch format {
	case "jpeg":
		return n - 3 // entropy-coded data just before EOI
	case "png":
		return n - 13 - 12 // inside the last IDAT, before its CRC and IEND
	case "webp":
		return 12 + 8 + 10 // inside VP8L; the C2PA chunk is appended last
	case "text":
		return 0 // the first character of the text
	}
	return n - 1 // BMFF: the mdat box comes last
}

// store builds the manifest store. hash is nil for the sizing pass.
func (s *Signer) store(label string, o Options, dst string, excl [2]int64, hash []byte, base []byte) ([]byte, error) {
	var (
		parents [][]byte
		ingBox  []byte
	)
	action := map[string]any{"action": "c2pa.created", "digitalSourceType": dst}
	if o.Parent != nil {
		parents = children(o.Parent.Store)
		if len(parents) == 0 {
			return nil, errors.New("c2patest: parent store has no manifest")
		}
		ing, err := ingredient(o.Parent.Label, parents[len(parents)-1])
		if err != nil {
			return nil, err
		}
		ingBox = superbox(c2paUUID("cbor"), "c2pa.ingredient.v3", box("cbor", ing))
		h := sha256.Sum256(payloadOf(ingBox))
		action = map[string]any{"action": "c2pa.opened", "digitalSourceType": dst,
			"parameters": map[string]any{"ingredients": []any{map[string]any{"url": "self#jumbf=c2pa.assertions/c2pa.ingredient.v3", "hash": h[:]}}}}
	}
	if o.NoSourceType {
		delete(action, "digitalSourceType")
	}
	if o.Description != "" {
		action["description"] = o.Description
	}
	if o.SoftwareAgent != "" {
		action["softwareAgent"] = map[string]any{"name": o.SoftwareAgent}
	}
	actionsCBOR, err := cbor.Marshal(map[string]any{"actions": []any{action}})
	if err != nil {
		return nil, err
	}
	var bindLabel string
	var bindCBOR []byte
	switch {
	case o.BoxHash:
		bindLabel = "c2pa.hash.boxes"
		var boxes []any
		if hash != nil {
			if err := cbor.Unmarshal(hash, &boxes); err != nil {
				return nil, err
			}
		}
		bindCBOR, err = cbor.Marshal(map[string]any{"boxes": boxes, "alg": "sha256"})
	case hash == nil:
		hash = make([]byte, 32)
		fallthrough
	default:
		bindLabel, bindCBOR, err = hashBinding(o.Format, excl, hash)
	}
	if err != nil {
		return nil, err
	}
	actionsBox := superbox(c2paUUID("cbor"), "c2pa.actions.v2", box("cbor", actionsCBOR))
	bindBox := superbox(c2paUUID("cbor"), bindLabel, box("cbor", bindCBOR))
	var thumbBox []byte
	if o.Thumbnail > 0 {
		thumb := bytes.Repeat([]byte{0xA7}, o.Thumbnail)
		thumbBox = superbox(embeddedFileUUID, "c2pa.thumbnail.claim.jpeg",
			box("bfdb", append([]byte{0x00}, "image/jpeg\x00"...)), box("bidb", thumb))
	}
	ref := func(l string, b []byte) map[string]any {
		h := sha256.Sum256(payloadOf(b))
		return map[string]any{"url": "self#jumbf=c2pa.assertions/" + l, "hash": h[:]}
	}
	created := []any{ref("c2pa.actions.v2", actionsBox), ref(bindLabel, bindBox)}
	assertions := [][]byte{actionsBox, bindBox}
	if o.Identity != nil {
		ia, err := identityAssertion(o.Identity, ref(bindLabel, bindBox))
		if err != nil {
			return nil, err
		}
		idBox := superbox(c2paUUID("cbor"), "cawg.identity", box("cbor", ia))
		created = append(created, ref("cawg.identity", idBox))
		assertions = append(assertions, idBox)
	}
	stapled := o.ocspDER
	if o.OCSPInAssertion && o.ocspDER != nil {
		csCBOR, err := cbor.Marshal(map[string]any{"ocspVals": []any{o.ocspDER}})
		if err != nil {
			return nil, err
		}
		csBox := superbox(c2paUUID("cbor"), "c2pa.certificate-status", box("cbor", csCBOR))
		created = append(created, ref("c2pa.certificate-status", csBox))
		assertions = append(assertions, csBox)
		stapled = nil
	}
	if ingBox != nil {
		created = append([]any{ref("c2pa.ingredient.v3", ingBox)}, created...)
		assertions = append([][]byte{ingBox}, assertions...)
	}
	if thumbBox != nil {
		created = append([]any{ref("c2pa.thumbnail.claim.jpeg", thumbBox)}, created...)
		assertions = append([][]byte{thumbBox}, assertions...)
	}
	claim := map[string]any{
		"instanceID":           "xmp:iid:2b8e3c55-0d0c-4b3e-9f1a-7c1d2e3f4a5b",
		"claim_generator_info": map[string]any{"name": "provcheck-c2patest", "version": "1"},
		"signature":            "self#jumbf=c2pa.signature",
		"created_assertions":   created,
		"alg":                  "sha256",
		"dc:title":             "fixture",
	}
	claimCBOR, err := cbor.Marshal(claim)
	if err != nil {
		return nil, err
	}
	if o.Tamper == TamperAssertion {
		// Same size, different bytes: the claim's hash no longer matches.
		i := bytes.Index(actionsBox, []byte("c2pa.created"))
		actionsBox[i+len("c2pa.")] = 'C'
	}
	sig, err := s.sign(claimCBOR, o.TimeStamp, stapled, o.X5ChainUnprotected)
	if err != nil {
		return nil, err
	}
	if o.Tamper == TamperSignature {
		sig[len(sig)-10] ^= 0x01
	}
	manifest := superbox(c2paUUID("c2ma"), label,
		superbox(c2paUUID("c2as"), "c2pa.assertions", assertions...),
		superbox(c2paUUID("c2cl"), "c2pa.claim.v2", box("cbor", claimCBOR)),
		superbox(c2paUUID("c2cs"), "c2pa.signature", box("cbor", sig)),
	)
	return superbox(c2paUUID("c2pa"), "c2pa", append(parents, manifest)...), nil
}

// ingredient builds a v3 parentOf ingredient pointing at a manifest box.
func ingredient(label string, manifest []byte) ([]byte, error) {
	mh := sha256.Sum256(payloadOf(manifest))
	var sigBox []byte
	for _, c := range children(manifest) {
		if labelOf(c) == "c2pa.signature" {
			sigBox = c
		}
	}
	if sigBox == nil {
		return nil, errors.New("c2patest: parent manifest has no signature")
	}
	sh := sha256.Sum256(payloadOf(sigBox))
	return cbor.Marshal(map[string]any{
		"dc:title":       "parent",
		"dc:format":      "image/jpeg",
		"relationship":   "parentOf",
		"activeManifest": map[string]any{"url": "self#jumbf=/c2pa/" + label, "alg": "sha256", "hash": mh[:]},
		"claimSignature": map[string]any{"url": "self#jumbf=/c2pa/" + label + "/c2pa.signature", "alg": "sha256", "hash": sh[:]},
	})
}

// hashBinding builds the data hash (or, for BMFF, the v2 BMFF hash).
func hashBinding(format string, excl [2]int64, hash []byte) (string, []byte, error) {
	if format == "bmff" {
		b, err := cbor.Marshal(map[string]any{
			"exclusions": []any{
				map[string]any{"xpath": "/uuid", "data": []any{map[string]any{"offset": 8, "value": bmffUUID}}},
				map[string]any{"xpath": "/ftyp"},
				map[string]any{"xpath": "/mfra"},
			},
			"alg": "sha256", "hash": hash, "name": "jumbf manifest",
		})
		return "c2pa.hash.bmff.v2", b, err
	}
	b, err := cbor.Marshal(map[string]any{
		"exclusions": []any{map[string]any{"start": excl[0], "length": excl[1]}},
		"alg":        "sha256", "hash": hash, "pad": []byte{}, "name": "jumbf manifest",
	})
	return "c2pa.hash.data", b, err
}

// sign makes a COSE_Sign1_Tagged with detached payload over claim.
func (s *Signer) sign(claim []byte, ts time.Time, ocspDER []byte, x5Unprot bool) ([]byte, error) {
	prot, err := cbor.Marshal(map[any]any{int64(1): int64(cose.AlgorithmES256), int64(33): []any{s.Leaf.Raw, s.CA.Raw}})
	if err != nil {
		return nil, err
	}
	tbs, err := cbor.Marshal([]any{"Signature1", prot, []byte{}, claim})
	if err != nil {
		return nil, err
	}
	signer, err := cose.NewSigner(cose.AlgorithmES256, s.Key)
	if err != nil {
		return nil, err
	}
	sig, err := signer.Sign(rand.Reader, tbs)
	if err != nil {
		return nil, err
	}
	unprot := map[any]any{"pad": []byte{0, 0, 0, 0}}
	if x5Unprot {
		unprot["x5chain"] = []any{s.Leaf.Raw, s.CA.Raw}
	}
	if ocspDER != nil {
		unprot["rVals"] = map[any]any{"ocspVals": []any{ocspDER}}
	}
	if !ts.IsZero() {
		if unprot["sigTst2"], err = s.sigTst2(prot, sig, ts); err != nil {
			return nil, err
		}
	}
	return cbor.Marshal(cbor.Tag{Number: 18, Content: []any{prot, unprot, nil, sig}})
}

// embeddedFileUUID is the JUMBF type of embedded-file boxes (thumbnails).
var embeddedFileUUID = []byte{0x40, 0xCB, 0x0C, 0x32, 0xBB, 0x8A, 0x48, 0x9D, 0xA7, 0x0B, 0x2A, 0xD6, 0xF4, 0x7F, 0x43, 0x69}

var bmffUUID = []byte{0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81}

// baseFile returns a small manifest-free file of the format.
func baseFile(format string) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := range 16 {
		for x := range 16 {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 128, 255})
		}
	}
	var b bytes.Buffer
	switch format {
	case "jpeg":
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
			return nil, err
		}
	case "png":
		if err := png.Encode(&b, img); err != nil {
			return nil, err
		}
	case "webp":
		// A RIFF WEBP with one lossless chunk; the bytes need not decode.
		vp8l := append([]byte{0x2f, 15, 0xC0, 0x03, 0x00}, bytes.Repeat([]byte{0x5A}, 27)...)
		chunk := riffChunk("VP8L", vp8l)
		b.WriteString("RIFF")
		binary.Write(&b, binary.LittleEndian, uint32(4+len(chunk)))
		b.WriteString("WEBP")
		b.Write(chunk)
	case "bmff":
		ftyp := isoBox("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))
		mdat := isoBox("mdat", bytes.Repeat([]byte{0xA5}, 64))
		b.Write(ftyp)
		b.Write(mdat)
	default:
		return nil, fmt.Errorf("c2patest: format %q", format)
	}
	return b.Bytes(), nil
}

func riffChunk(id string, data []byte) []byte {
	out := []byte(id)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(data)))
	out = append(out, data...)
	if len(data)%2 == 1 {
		out = append(out, 0)
	}
	return out
}

func isoBox(typ string, payload []byte) []byte { return box(typ, payload) }

// embed places the store in the file and returns the byte range a data
// hash must exclude.
func embed(format string, base, store []byte) ([]byte, [2]int64, error) {
	switch format {
	case "jpeg":
		// APP11 JPEG XT segments right after SOI, split at 64,000 bytes.
		var segs []byte
		const max = 64000
		for i, seq := 0, uint32(1); i < len(store); seq++ {
			var chunk []byte
			if i == 0 {
				chunk = store[:min(len(store), max)]
				i += len(chunk)
			} else {
				n := min(len(store)-i, max)
				chunk = append(append([]byte{}, store[:8]...), store[i:i+n]...)
				i += n
			}
			p := []byte{'J', 'P', 0x02, 0x11}
			p = binary.BigEndian.AppendUint32(p, seq)
			p = append(p, chunk...)
			seg := []byte{0xFF, 0xEB, byte((len(p) + 2) >> 8), byte(len(p) + 2)}
			segs = append(segs, append(seg, p...)...)
		}
		out := append(append(append([]byte{}, base[:2]...), segs...), base[2:]...)
		return out, [2]int64{2, int64(len(segs))}, nil
	case "png":
		chunk := binary.BigEndian.AppendUint32(nil, uint32(len(store)))
		chunk = append(chunk, "caBX"...)
		chunk = append(chunk, store...)
		chunk = binary.BigEndian.AppendUint32(chunk, crc32png(chunk[4:]))
		at := 8 + 25 // after IHDR
		out := append(append(append([]byte{}, base[:at]...), chunk...), base[at:]...)
		return out, [2]int64{int64(at), int64(len(chunk))}, nil
	case "webp":
		chunk := riffChunk("C2PA", store)
		out := append(append([]byte{}, base...), chunk...)
		binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
		return out, [2]int64{int64(len(base)), int64(len(chunk))}, nil
	case "text":
		w := c2pa.EncodeTextWrapper(store)
		out := append(append([]byte{}, base...), w...)
		return out, [2]int64{int64(len(base)), int64(len(w))}, nil
	case "bmff":
		ftypLen := int(binary.BigEndian.Uint32(base))
		p := append([]byte{0, 0, 0, 0}, "manifest\x00"...)
		p = append(p, make([]byte, 8)...)
		p = append(p, store...)
		u := box("uuid", append(append([]byte{}, bmffUUID...), p...))
		out := append(append(append([]byte{}, base[:ftypLen]...), u...), base[ftypLen:]...)
		return out, [2]int64{int64(ftypLen), int64(len(u))}, nil
	}
	return nil, [2]int64{}, fmt.Errorf("c2patest: format %q", format)
}

// ReissueLeafRaw re-signs the leaf with the CA after edit has rewritten
// the DER of its TBSCertificate: for certificates crypto/x509 will not
// make (unique identifiers, say). The leaf keeps its key.
func (s *Signer) ReissueLeafRaw(edit func(tbs []byte) ([]byte, error)) error {
	tbs, err := edit(bytes.Clone(s.Leaf.RawTBSCertificate))
	if err != nil {
		return fmt.Errorf("reissue leaf: %w", err)
	}
	digest := sha256.Sum256(tbs)
	sig, err := ecdsa.SignASN1(rand.Reader, s.caKey, digest[:])
	if err != nil {
		return err
	}
	alg := must(asn1.Marshal(algID{oidECDSA256}))
	bits := must(asn1.Marshal(asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}))
	leaf, err := x509.ParseCertificate(tlv(0x30, concat(tbs, alg, bits)))
	if err != nil {
		return fmt.Errorf("reissue leaf: %w", err)
	}
	s.Leaf = leaf
	return nil
}
