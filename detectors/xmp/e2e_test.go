package xmp

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"slices"
	"testing"

	"github.com/provcheck/provcheck/detectors/detectortest"
	"github.com/provcheck/provcheck/reports"
)

// pngWithXMP encodes a 1×1 PNG and inserts an iTXt XML:com.adobe.xmp chunk
// carrying packet after IHDR, the way generators embed XMP.
func pngWithXMP(t *testing.T, packet string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	const ihdrEnd = 8 + 8 + 13 + 4 // signature, IHDR header, body, CRC
	body := append([]byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"), packet...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	chunk = append(chunk, "iTXt"...)
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := append([]byte{}, raw[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, raw[ihdrEnd:]...)
}

const xmpTemplate = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 Iptc4xmpExt:DigitalSourceType="%s"
 Iptc4xmpExt:DigitalSourceFileType="%s"
 photoshop:Credit="%s"/>
</rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`

// TestEndToEnd runs the detector through the real engine on generated PNGs.
// It needs the PNG walker and the XMP parser.
func TestEndToEnd(t *testing.T) {
	tests := []struct {
		name, code, credit string
		verdict            reports.Verdict
		ids                []string
	}{
		{"Google-style AI image", "trainedAlgorithmicMedia", "Made with Google AI", reports.VerdictAIDeclared,
			[]string{"xmp.credit-ai", "xmp.digital-source-type"}},
		{"AI-edited photo", "compositeWithTrainedAlgorithmicMedia", "Jane Doe", reports.VerdictAIDeclared,
			[]string{"xmp.digital-source-type"}},
		{"camera claim", "digitalCapture", "Jane Doe", reports.VerdictNoSignals,
			[]string{"xmp.digital-source-type-capture"}},
		{"human edits", "humanEdits", "My Credit", reports.VerdictEdited,
			[]string{"xmp.digital-source-type-edit"}},
		{"procedural", "algorithmicMedia", "My Credit", reports.VerdictNoSignals,
			[]string{"xmp.digital-source-type-info"}},
		{"composite", "composite", "My Credit", reports.VerdictNoSignals,
			[]string{"xmp.digital-source-type-info"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			uri := iptcURI + tt.code
			data := pngWithXMP(t, fmt.Sprintf(xmpTemplate, uri, uri, tt.credit))
			fr := detectortest.Run(t, data, "", Detector)
			if got := detectortest.IDs(fr); !slices.Equal(got, tt.ids) {
				t.Fatalf("signals = %v, want %v (warnings %v, errors %v)", got, tt.ids, fr.Warnings, fr.Errors)
			}
			if fr.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", fr.Verdict, tt.verdict)
			}
			s := fr.Signals[len(fr.Signals)-1]
			if s.Evidence["block"] != "iTXt" || s.Evidence["offset"] != int64(33) {
				t.Errorf("evidence does not locate the iTXt chunk: %v", s.Evidence)
			}
		})
	}
}
