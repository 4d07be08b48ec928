package stealth

import (
	"crypto/ed25519"
	"encoding/base64"
	"image"
	"strings"
)

// novelAIKey is the Ed25519 public key NovelAI publishes for checking the
// signed_hash in its metadata (reference notes, ai-metadata.md §4.1). A
// variable so tests can sign with their own key.
var novelAIKey = mustKey("Y2JcQAOhLwzwSDUJPNgL04nS0Tbqm7cSRc4xk0vRMic=")

func mustKey(b64 string) ed25519.PublicKey {
	k, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(k) != ed25519.PublicKeySize {
		panic("stealth: bad built-in NovelAI key")
	}
	return ed25519.PublicKey(k)
}

// maxSignedPixels bounds the copy of the pixels a signature check makes
// (three bytes a pixel); NovelAI images are a few megapixels.
const maxSignedPixels = 40 << 20

// Signature states reported in the evidence.
const (
	sigValid     = "valid"
	sigInvalid   = "invalid"
	sigAbsent    = "absent"
	sigUnchecked = "unchecked"
)

// novelAI is what a NovelAI metadata object says.
type novelAI struct {
	top     *jvalue // the metadata object: Description, Software, Source, Generation time, Comment
	comment *jvalue // Comment parsed, when it is a JSON object
	sig     string  // one of the sig* states
	sigNote string  // why unchecked or invalid
}

// parseNovelAI reads a NovelAI metadata object; ok is false when text is
// not a JSON object (the A1111 extension shares the stealth_pngcomp magic
// but stores plain infotext).
func parseNovelAI(text []byte) (*novelAI, bool) {
	top, err := parseJSON(text)
	if err != nil || top.kind != jObject {
		return nil, false
	}
	n := &novelAI{top: top, sig: sigAbsent}
	if c := top.get("Comment"); c != nil && c.kind == jString {
		if cv, err := parseJSON([]byte(c.s)); err == nil && cv.kind == jObject {
			// NovelAI's checker unwraps one more level when the comment
			// holds its own Comment string.
			if inner := cv.get("Comment"); inner != nil && inner.kind == jString {
				if iv, err := parseJSON([]byte(inner.s)); err == nil && iv.kind == jObject {
					cv = iv
				}
			}
			n.comment = cv
		}
	}
	return n, true
}

// verify checks the comment's signed_hash: an Ed25519 signature by
// NovelAI's key over the image's RGB bytes (row-major, alpha dropped)
// followed by json.dumps of the comment without signed_hash.
func (n *novelAI) verify(img image.Image) {
	sh := n.comment.get("signed_hash")
	if sh == nil {
		n.sig = sigAbsent
		return
	}
	if sh.kind != jString {
		n.sig, n.sigNote = sigInvalid, "signed_hash is not a string"
		return
	}
	sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(sh.s))
	if err != nil || len(sig) != ed25519.SignatureSize {
		n.sig, n.sigNote = sigInvalid, "signed_hash is not a base64 Ed25519 signature"
		return
	}
	b := img.Bounds()
	if int64(b.Dx())*int64(b.Dy()) > maxSignedPixels {
		n.sig, n.sigNote = sigUnchecked, "the image is too large to copy for the check"
		return
	}
	msg, ok := rgbBytes(img)
	if !ok {
		n.sig, n.sigNote = sigUnchecked, "the decoded colour is not exact (lossy or premultiplied pixels), so the signed bytes cannot be rebuilt"
		return
	}
	dumped, err := pyDumps(n.comment.without("signed_hash"))
	if err != nil {
		n.sig, n.sigNote = sigUnchecked, "the signed parameters cannot be re-serialised: "+err.Error()
		return
	}
	msg = append(msg, dumped...)
	if ed25519.Verify(novelAIKey, msg, sig) {
		n.sig, n.sigNote = sigValid, ""
		return
	}
	n.sig = sigInvalid
	n.sigNote = "the signature does not match NovelAI's key over these pixels and parameters: they changed after signing, or the signature was not made by NovelAI"
}

// field returns a top-level text field.
func (n *novelAI) field(k string) (string, bool) { return n.top.get(k).str() }

// param returns a field of the generation parameters.
func (n *novelAI) param(k string) (string, bool) { return n.comment.get(k).str() }
