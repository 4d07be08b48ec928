package scoring

import (
	"testing"

	"github.com/provcheck/provcheck/reports"
)

func sig(id string, d reports.Direction, s reports.Strength, verified bool) reports.Signal {
	return reports.Signal{ID: id, Direction: d, Strength: s, Verified: verified}
}

func TestVerdicts(t *testing.T) {
	aiDecl := sig("png.a1111-parameters", reports.DirAI, reports.StrengthDeclared, false)
	aiVer := sig("c2pa.ai-generated", reports.DirAI, reports.StrengthDeclared, true)
	aiWeak := sig("forensics.canvas", reports.DirAI, reports.StrengthWeak, false)
	aiStrong := sig("text.chatbot-phrase", reports.DirAI, reports.StrengthStrong, false)
	capWeak := sig("exif.camera", reports.DirCapture, reports.StrengthWeak, false)
	capVer := sig("c2pa.capture", reports.DirCapture, reports.StrengthDeclared, true)
	capStrong := sig("forensics.cfa", reports.DirCapture, reports.StrengthStrong, false)
	edit := sig("exif.software-editor", reports.DirEdit, reports.StrengthModerate, false)
	broken := sig("c2pa.invalid", reports.DirIntegrity, reports.StrengthStrong, false)
	info := sig("xmp.data-mining", reports.DirInfo, reports.StrengthInfo, false)
	hidden := sig("text.tag-characters", reports.DirIntegrity, reports.StrengthModerate, false)
	cred := func(id, reason string) reports.Signal {
		s := sig(id, reports.DirIntegrity, reports.StrengthModerate, false)
		s.Evidence = map[string]any{reports.EvidenceReviewReason: reason}
		return s
	}
	untrusted := cred("c2pa.untrusted-signer", "the C2PA signer is on no trust list: anyone can make such a certificate")
	expired := cred("c2pa.credential-expired", "the C2PA certificate had expired when the file was signed")
	aiUntrusted := sig("c2pa.ai-generated", reports.DirAI, reports.StrengthDeclared, false)
	capUntrusted := sig("c2pa.capture", reports.DirCapture, reports.StrengthWeak, false)
	editSigned := sig("c2pa.edited", reports.DirEdit, reports.StrengthDeclared, false)
	styleReview := sig("stylometry.resemblance", reports.DirAI, reports.StrengthWeak, false)
	styleReview.Evidence = map[string]any{"review": true}
	styleInfo := sig("stylometry.resemblance", reports.DirInfo, reports.StrengthInfo, false)
	styleInfo.Evidence = map[string]any{"review": true} // only ai signals can ask

	tests := []struct {
		name    string
		signals []reports.Signal
		errs    []reports.FileError
		want    reports.Verdict
		review  bool
	}{
		{"nothing", nil, nil, reports.VerdictNoSignals, false},
		{"info only", []reports.Signal{info}, nil, reports.VerdictNoSignals, false},
		{"camera exif alone proves nothing", []reports.Signal{capWeak}, nil, reports.VerdictNoSignals, false},
		{"fatal error", []reports.Signal{aiDecl}, []reports.FileError{{Code: "read", Fatal: true}}, reports.VerdictError, true},
		{"verified AI beats declared", []reports.Signal{aiDecl, aiVer}, nil, reports.VerdictAIVerified, false},
		{"declared AI", []reports.Signal{aiDecl, capWeak}, nil, reports.VerdictAIDeclared, true},
		{"invalid manifest declaring AI stays declared", []reports.Signal{aiDecl, broken}, nil, reports.VerdictAIDeclared, true},
		{"broken provenance", []reports.Signal{broken, edit}, nil, reports.VerdictManipulated, true},
		{"hidden content asks for review, is not manipulation", []reports.Signal{hidden}, nil, reports.VerdictNoSignals, true},
		{"weak heuristic alone stays below threshold", []reports.Signal{aiWeak}, nil, reports.VerdictNoSignals, false},
		{"strong heuristic is suspected, never declared", []reports.Signal{aiStrong}, nil, reports.VerdictAISuspected, true},
		{"heuristic over its review threshold raises review only", []reports.Signal{styleReview}, nil, reports.VerdictNoSignals, true},
		{"review request needs an ai signal", []reports.Signal{styleInfo}, nil, reports.VerdictNoSignals, false},
		{"review heuristic with a strong one is suspected", []reports.Signal{styleReview, aiStrong}, nil, reports.VerdictAISuspected, true},
		{"verified capture", []reports.Signal{capVer}, nil, reports.VerdictCaptureVerified, false},
		{"heuristic AI does not undo verified capture unless over threshold", []reports.Signal{capVer, aiWeak}, nil, reports.VerdictCaptureVerified, false},
		{"edited", []reports.Signal{edit, capWeak}, nil, reports.VerdictEdited, false},
		{"conflict raises review", []reports.Signal{capStrong, aiStrong, edit}, nil, reports.VerdictEdited, true},
		{"untrusted AI manifest is declared, not verified", []reports.Signal{aiUntrusted, untrusted}, nil, reports.VerdictAIDeclared, true},
		{"untrusted capture is not capture-verified and asks for review", []reports.Signal{capUntrusted, untrusted}, nil, reports.VerdictNoSignals, true},
		{"expired credential with intact bindings is not manipulated", []reports.Signal{capUntrusted, expired, editSigned}, nil, reports.VerdictEdited, true},
		{"change after signing with edits is manipulated", []reports.Signal{broken, editSigned, untrusted}, nil, reports.VerdictManipulated, true},
		{"detector error raises review", []reports.Signal{capWeak}, []reports.FileError{{Code: "detector", Message: "x"}}, reports.VerdictNoSignals, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &reports.FileResult{Signals: append([]reports.Signal{}, tt.signals...), Errors: tt.errs}
			Apply(Default(), f)
			if f.Verdict != tt.want || f.Review != tt.review {
				t.Errorf("got %s review=%v (score %.3f, reasons %q), want %s review=%v", f.Verdict, f.Review, f.Score, f.Reasons, tt.want, tt.review)
			}
			if f.Score < 0 || f.Score > 1 {
				t.Errorf("score %v out of range", f.Score)
			}
		})
	}
}

func TestHeuristicsNeverDeclare(t *testing.T) {
	// However heavily a heuristic is weighted, it stays ai-suspected.
	w := Default()
	w.Classes["ai.strong"] = 100
	f := &reports.FileResult{Signals: []reports.Signal{sig("x.y", reports.DirAI, reports.StrengthStrong, false)}}
	Apply(w, f)
	if f.Verdict != reports.VerdictAISuspected {
		t.Fatalf("verdict %s, want ai-suspected", f.Verdict)
	}
}

func TestScoreMonotone(t *testing.T) {
	base := &reports.FileResult{}
	Apply(Default(), base)
	withAI := &reports.FileResult{Signals: []reports.Signal{sig("a.b", reports.DirAI, reports.StrengthWeak, false)}}
	Apply(Default(), withAI)
	withCam := &reports.FileResult{Signals: []reports.Signal{sig("c.d", reports.DirCapture, reports.StrengthWeak, false)}}
	Apply(Default(), withCam)
	if !(withCam.Score < base.Score && base.Score < withAI.Score) {
		t.Fatalf("scores not ordered: capture %.3f, none %.3f, ai %.3f", withCam.Score, base.Score, withAI.Score)
	}
}

func TestSignalOverride(t *testing.T) {
	w := Default()
	w.Signals["exif.camera"] = -0.2
	if got := w.Weight(sig("exif.camera", reports.DirCapture, reports.StrengthWeak, false)); got != -0.2 {
		t.Fatalf("override ignored: %v", got)
	}
	if got := w.Weight(sig("xmp.data-mining", reports.DirInfo, reports.StrengthInfo, false)); got != 0 {
		t.Fatalf("info signal weighted %v", got)
	}
}

func TestValidate(t *testing.T) {
	w := Default()
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := Default()
	bad.Classes["ai.huge"] = 1
	if bad.Validate() == nil {
		t.Error("unknown strength accepted")
	}
	bad = Default()
	bad.SuspectThreshold = 1.5
	if bad.Validate() == nil {
		t.Error("threshold above 1 accepted")
	}
}

func TestCredentialReasonsInPlainWords(t *testing.T) {
	s := sig("c2pa.credential-expired", reports.DirIntegrity, reports.StrengthModerate, false)
	const reason = "the C2PA certificate had expired when the file was signed"
	s.Evidence = map[string]any{reports.EvidenceReviewReason: reason}
	f := &reports.FileResult{Signals: []reports.Signal{s}}
	Apply(Default(), f)
	if !f.Review || len(f.Reasons) != 1 || f.Reasons[0] != reason {
		t.Fatalf("review=%v reasons %q; want the signal's own reason only", f.Review, f.Reasons)
	}
}

func TestDecisiveSignal(t *testing.T) {
	// A change after signing is shown before the editing actions the
	// manifest records, though both are strong or declared evidence.
	f := &reports.FileResult{Signals: []reports.Signal{
		sig("c2pa.edited", reports.DirEdit, reports.StrengthDeclared, true),
		sig("c2pa.invalid", reports.DirIntegrity, reports.StrengthStrong, false),
	}}
	Apply(Default(), f)
	if f.Verdict != reports.VerdictManipulated || f.Strongest().ID != "c2pa.invalid" {
		t.Fatalf("verdict %s, strongest %s; want manipulated shown by c2pa.invalid", f.Verdict, f.Strongest().ID)
	}
	// An untrusted signer is shown before the unverified capture record.
	u := sig("c2pa.untrusted-signer", reports.DirIntegrity, reports.StrengthModerate, false)
	u.Evidence = map[string]any{reports.EvidenceReviewReason: "x"}
	f = &reports.FileResult{Signals: []reports.Signal{sig("c2pa.capture", reports.DirCapture, reports.StrengthWeak, false), u}}
	Apply(Default(), f)
	if f.Strongest().ID != "c2pa.untrusted-signer" {
		t.Fatalf("strongest %s, want c2pa.untrusted-signer", f.Strongest().ID)
	}
	// The AI declaration decides ai-declared even beside a failure.
	f = &reports.FileResult{Signals: []reports.Signal{
		sig("c2pa.invalid", reports.DirIntegrity, reports.StrengthStrong, false),
		sig("c2pa.ai-generated", reports.DirAI, reports.StrengthDeclared, false),
	}}
	Apply(Default(), f)
	if f.Verdict != reports.VerdictAIDeclared || f.Strongest().ID != "c2pa.ai-generated" {
		t.Fatalf("verdict %s, strongest %s", f.Verdict, f.Strongest().ID)
	}
}
