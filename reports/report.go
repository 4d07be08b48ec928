// Package reports holds the report model shared by every output format
// (Report, FileResult, Signal, Verdict) and one writer per format.
//
// The JSON shape is a contract (schema version 1): fields may be added, none
// may change meaning without a new SchemaVersion.
package reports

import "time"

// SchemaVersion is the version of the JSON report contract.
//
// Version 2 changed what "verified" means: ai-verified, capture-verified
// and a signal's verified flag need a signer on a trust list as well as a
// valid signature, and manipulated is reserved for a change after signing
// (credential problems are their own signals and ask for review).
const SchemaVersion = 2

// Verdict is the one-word answer for a file. The order of the constants is
// the order in which scoring decides them.
type Verdict string

const (
	VerdictError           Verdict = "error"
	VerdictAIVerified      Verdict = "ai-verified"
	VerdictAIDeclared      Verdict = "ai-declared"
	VerdictManipulated     Verdict = "manipulated"
	VerdictAISuspected     Verdict = "ai-suspected"
	VerdictCaptureVerified Verdict = "capture-verified"
	VerdictEdited          Verdict = "edited"
	VerdictNoSignals       Verdict = "no-signals"
)

// Verdicts lists every verdict in decision order.
var Verdicts = []Verdict{
	VerdictError, VerdictAIVerified, VerdictAIDeclared, VerdictManipulated,
	VerdictAISuspected, VerdictCaptureVerified, VerdictEdited, VerdictNoSignals,
}

// Meaning says in one sentence what a verdict promises, for people.
func (v Verdict) Meaning() string {
	switch v {
	case VerdictError:
		return "the file could not be read or parsed"
	case VerdictAIVerified:
		return "a verified C2PA manifest (valid signature, signer on a trust list) declares AI generation or AI editing"
	case VerdictAIDeclared:
		return "the file declares AI involvement without verification (metadata, generator parameters, watermark, or a C2PA manifest that is invalid or signed by a signer on no trust list)"
	case VerdictManipulated:
		return "the content or its C2PA manifest changed after signing (hash or signature mismatch) and nothing declares AI"
	case VerdictAISuspected:
		return "heuristic evidence only points to AI; heuristics can be wrong"
	case VerdictCaptureVerified:
		return "a verified C2PA manifest (valid signature, signer on a trust list) records a capture and nothing in its history declares AI"
	case VerdictEdited:
		return "traces of non-AI editing software"
	case VerdictNoSignals:
		return "no provenance signal was found; absence of evidence proves nothing about origin"
	}
	return ""
}

// Direction says what a signal is evidence for.
type Direction string

const (
	DirAI        Direction = "ai"        // AI generation or AI editing
	DirCapture   Direction = "capture"   // camera origin
	DirEdit      Direction = "edit"      // non-AI editing software
	DirIntegrity Direction = "integrity" // provenance broken or tampered
	DirInfo      Direction = "info"
)

// Strength says how much a signal can carry on its own.
type Strength string

const (
	StrengthDeclared Strength = "declared" // the creator or generator says so, signed or unsigned
	StrengthStrong   Strength = "strong"
	StrengthModerate Strength = "moderate"
	StrengthWeak     Strength = "weak"
	StrengthInfo     Strength = "info"
)

// Rank orders strengths, strongest highest.
func (s Strength) Rank() int {
	switch s {
	case StrengthDeclared:
		return 4
	case StrengthStrong:
		return 3
	case StrengthModerate:
		return 2
	case StrengthWeak:
		return 1
	}
	return 0
}

// Signal is one piece of evidence.
type Signal struct {
	// ID is stable, namespaced and kebab-case: "png.a1111-parameters".
	ID        string    `json:"id"`
	Detector  string    `json:"detector"`
	Direction Direction `json:"direction"`
	Strength  Strength  `json:"strength"`
	// Weight is the signal's log-likelihood-ratio contribution to the score,
	// filled in by scoring from the weight table.
	Weight float64 `json:"weight"`
	// Verified is true only when the evidence is covered by a verified
	// signature: it validates and its signer chains to a trust list
	// (schema version 2; version 1 did not require the trust list).
	Verified bool   `json:"verified,omitempty"`
	Message  string `json:"message"`
	// Evidence says where the signal was found: chunk, key, offset, manifest,
	// status code, and the values read there.
	Evidence    map[string]any `json:"evidence,omitempty"`
	Explanation string         `json:"explanation,omitempty"`
	// Fingerprint is "<sha256>:<id>": it names this finding in this content
	// whatever the file is called, for baselines and ignore files.
	Fingerprint string `json:"fingerprint,omitempty"`
	// BaselineState is "new" or "unchanged" when the scan was compared with
	// a baseline report, empty otherwise.
	BaselineState string `json:"baselineState,omitempty"`
}

// FileError is a problem met while reading one file. Fatal errors mean the
// file could not be read at all; others are warnings on a partial result.
type FileError struct {
	Code    string `json:"code"`             // e.g. "read", "too-large", "not-regular", "timeout", "parse", "detector"
	Source  string `json:"source,omitempty"` // the walker or detector that met it
	Message string `json:"message"`
	Fatal   bool   `json:"fatal,omitempty"`
}

// FileResult is the report for one file.
type FileResult struct {
	// Path is the file's path as given or found. A path that is not valid
	// UTF-8 (file names are bytes on Unix) is written escaped, each byte
	// that is not part of a valid UTF-8 sequence as \xNN, and its raw
	// bytes go in PathBytes (base64 in JSON), so the entry still names
	// exactly one file.
	Path       string      `json:"path"`
	PathBytes  []byte      `json:"pathBytes,omitempty"`
	SHA256     string      `json:"sha256,omitempty"`
	Size       int64       `json:"size"`
	MediaType  string      `json:"mediaType,omitempty"`
	Verdict    Verdict     `json:"verdict"`
	Review     bool        `json:"review"`
	Score      float64     `json:"score"`
	Reasons    []string    `json:"reasons,omitempty"` // why review is set, for people
	Signals    []Signal    `json:"signals"`
	Provenance Provenance  `json:"provenance"`
	Errors     []FileError `json:"errors"`
	Warnings   []FileError `json:"warnings,omitempty"`
	// Detectors lists name@version of every detector that ran, so a result
	// can be tied to the code that produced it.
	Detectors []string `json:"detectors,omitempty"`
	// Suppressed holds the signals an ignore-file entry set aside, with the
	// entry's reason, so that nothing is hidden without a trace. They no
	// longer count towards the verdict.
	Suppressed []SuppressedSignal `json:"suppressed,omitempty"`
	// Skipped names the applicable detectors that did not run and why
	// (the pixel policy), so a reader knows which evidence was not sought.
	Skipped []SkippedDetector `json:"skipped,omitempty"`
	// Decision is what a reviewer recorded about this content (a decisions
	// file given to scan --decisions, matched by SHA-256), nil otherwise.
	Decision *Decision `json:"decision,omitempty"`
}

// SkippedDetector is an applicable detector that was not run on a file.
type SkippedDetector struct {
	Detector string `json:"detector"`
	Reason   string `json:"reason"`
}

// EvidenceReviewReason is the evidence key under which a signal gives,
// in plain words, its own reason for review ("the C2PA signer is on no
// trust list: anyone can make such a certificate"). Scoring sets review
// and lists the reason.
const EvidenceReviewReason = "reviewReason"

// ReviewReason returns a signal's own reason for review, or "".
func ReviewReason(s Signal) string {
	r, _ := s.Evidence[EvidenceReviewReason].(string)
	return r
}

// Strongest returns the decisive signal, the one a one-line view shows, or
// nil: for an ai-* verdict the first AI signal in the ranking's order
// (rank.go); otherwise a failed or untrusted credential (integrity,
// moderate or stronger) before anything else, so that a change after
// signing or an expired signer is shown before the editing actions a
// manifest records; else the first signal of the ranking.
func (f *FileResult) Strongest() *Signal {
	if len(f.Signals) == 0 {
		return nil
	}
	ranked := RankedSignals(f.Signals)
	best := ranked[0]
	pick := func(ok func(s *Signal) bool) bool {
		for i := range ranked {
			if ok(&ranked[i]) {
				best = ranked[i]
				return true
			}
		}
		return false
	}
	switch f.Verdict {
	case VerdictAIVerified, VerdictAIDeclared, VerdictAISuspected:
		pick(func(s *Signal) bool { return s.Direction == DirAI })
	default:
		failed := func(s *Signal) bool {
			return s.Direction == DirIntegrity && s.Strength.Rank() >= StrengthModerate.Rank()
		}
		if !pick(failed) && f.Verdict == VerdictCaptureVerified {
			pick(func(s *Signal) bool { return s.Direction == DirCapture })
		}
	}
	for i := range f.Signals {
		if f.Signals[i].Fingerprint == best.Fingerprint && f.Signals[i].ID == best.ID && f.Signals[i].Message == best.Message {
			return &f.Signals[i]
		}
	}
	return &best
}

// Provenance carries the cryptographic provenance state of a file.
type Provenance struct {
	C2PA C2PA `json:"c2pa"`
}

// C2PA states.
const (
	C2PANone    = "none"
	C2PAValid   = "valid"
	C2PATrusted = "trusted"
	C2PAInvalid = "invalid"
)

// C2PA is the summary of a file's Content Credentials. State is always set;
// the other fields only when a manifest store was found.
type C2PA struct {
	State              string         `json:"state"`
	Source             string         `json:"source,omitempty"` // "embedded", "sidecar", "remote"
	ActiveManifest     string         `json:"activeManifest,omitempty"`
	ClaimGenerator     string         `json:"claimGenerator,omitempty"`
	Signer             string         `json:"signer,omitempty"`
	Issuer             string         `json:"issuer,omitempty"`
	SigningTime        string         `json:"signingTime,omitempty"`
	TrustList          string         `json:"trustList,omitempty"`
	DigitalSourceTypes []string       `json:"digitalSourceTypes,omitempty"`
	Actions            []C2PAAction   `json:"actions,omitempty"`
	Ingredients        []C2PAIngred   `json:"ingredients,omitempty"`
	Status             *C2PAStatus    `json:"status,omitempty"`
	RemoteManifest     string         `json:"remoteManifest,omitempty"`
	Extra              map[string]any `json:"extra,omitempty"`

	// Identities are the creator identities (CAWG identity assertions)
	// of the manifests, validated: see C2PAIdentity.
	Identities []C2PAIdentity `json:"identities,omitempty"`
}

// C2PAAction is one action of a manifest's actions assertion.
type C2PAAction struct {
	Manifest          string `json:"manifest,omitempty"`
	Action            string `json:"action"`
	SoftwareAgent     string `json:"softwareAgent,omitempty"`
	DigitalSourceType string `json:"digitalSourceType,omitempty"`
	Description       string `json:"description,omitempty"`
}

// C2PAIngred is one node of the ingredient tree.
type C2PAIngred struct {
	Title        string       `json:"title,omitempty"`
	Relationship string       `json:"relationship,omitempty"`
	Manifest     string       `json:"manifest,omitempty"`
	State        string       `json:"state,omitempty"`
	Ingredients  []C2PAIngred `json:"ingredients,omitempty"`
}

// Identity states: trusted (the credential verifies and its issuer is on
// an identity trust list), valid (it verifies, but nothing vouches for the
// issuer), invalid (a check failed), unverified (a credential type
// provcheck cannot check). Only trusted and valid identities are verified;
// the others are claims.
const (
	IdentityTrusted    = "trusted"
	IdentityValid      = "valid"
	IdentityInvalid    = "invalid"
	IdentityUnverified = "unverified"
)

// C2PAIdentity is one creator identity (a CAWG identity assertion) and
// what its validation established.
type C2PAIdentity struct {
	Manifest  string `json:"manifest,omitempty"`
	Assertion string `json:"assertion"`
	// SigType is the credential type: cawg.x509.cose (a certificate) or
	// cawg.identity_claims_aggregation (an identity provider's credential).
	SigType string `json:"sigType,omitempty"`
	State   string `json:"state"`
	// Verified is true when the credential's signature and checks pass
	// (state trusted or valid); the names below are then vouched for by
	// Issuer, otherwise they are claimed, not verified.
	Verified bool `json:"verified"`
	// Reason says in words why the identity is not trusted.
	Reason       string   `json:"reason,omitempty"`
	Roles        []string `json:"roles,omitempty"`
	Name         string   `json:"name,omitempty"`
	Organization string   `json:"organization,omitempty"`
	// Issuer is who issued the credential: the certificate's issuer or the
	// credential's issuer (a DID).
	Issuer         string              `json:"issuer,omitempty"`
	TrustList      string              `json:"trustList,omitempty"`
	SocialAccounts []C2PASocialAccount `json:"socialAccounts,omitempty"`
	// VerifiedIdentities are every identity the credential lists.
	VerifiedIdentities []C2PAVerifiedIdentity `json:"verifiedIdentities,omitempty"`
	// Failure lists the identity's failure status codes.
	Failure []string `json:"failure,omitempty"`
}

// C2PASocialAccount is a social media account an identity credential
// lists.
type C2PASocialAccount struct {
	Provider string `json:"provider"`
	Username string `json:"username,omitempty"`
	URI      string `json:"uri,omitempty"`
}

// C2PAVerifiedIdentity is one entry of an identity claims aggregation
// credential's verifiedIdentities.
type C2PAVerifiedIdentity struct {
	Type       string `json:"type"`
	Name       string `json:"name,omitempty"`
	Username   string `json:"username,omitempty"`
	Address    string `json:"address,omitempty"`
	URI        string `json:"uri,omitempty"`
	Provider   string `json:"provider,omitempty"`
	ProviderID string `json:"providerId,omitempty"`
	VerifiedAt string `json:"verifiedAt,omitempty"`
}

// C2PAStatus groups status codes as the specification does.
type C2PAStatus struct {
	Success       []C2PAStatusCode `json:"success"`
	Informational []C2PAStatusCode `json:"informational"`
	Failure       []C2PAStatusCode `json:"failure"`
}

// C2PAStatusCode is one validation status, with the specification's code string.
type C2PAStatusCode struct {
	Code        string `json:"code"`
	URL         string `json:"url,omitempty"`
	Explanation string `json:"explanation,omitempty"`
}

// Tool names the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Settings identifies everything besides a file's bytes that decides
	// its result (detector versions, limits, weights, trust lists), as a
	// hash, so that reports merged into one are known to be comparable.
	Settings string `json:"settings,omitempty"`
	// Trust records the trust lists the C2PA results were checked
	// against, so a reader knows which snapshot made a signer trusted.
	Trust *ToolTrust `json:"trust,omitempty"`
}

// ToolTrust lists the trust list files in use.
type ToolTrust struct {
	Lists []TrustListUsed `json:"lists"`
	// UserAdded is true when the user added trust anchors or allowed
	// certificates (trust-anchors, allowed-list) to the embedded lists.
	UserAdded bool `json:"userAdded"`
}

// TrustListUsed is one trust list file: an embedded snapshot (with its
// date) or one of the user's PEM files (User, named by its base name).
type TrustListUsed struct {
	Name     string `json:"name"`               // c2pa, c2pa-tsa, itl, user
	Kind     string `json:"kind"`               // anchors, allowed, tsa
	File     string `json:"file"`               // the list file's name
	Snapshot string `json:"snapshot,omitempty"` // date of the upstream state copied
	SHA256   string `json:"sha256"`             // of the whole file
	Count    int    `json:"count"`              // certificates in it
	User     bool   `json:"user,omitempty"`
}

// Summary counts a report's files.
type Summary struct {
	// Files counts the entries in Files; Verdicts, Review and Errors count
	// over them. Errors is the number of files that could not be scanned.
	Files    int             `json:"files"`
	Verdicts map[Verdict]int `json:"verdicts"`
	Review   int             `json:"review"`
	Errors   int             `json:"errors"`
	// Discovered counts every file found under the paths given; Scanned
	// the ones that went through the pipeline (read errors included);
	// Skipped the others, by reason, so nothing is left out silently.
	Discovered int            `json:"discovered,omitempty"`
	Scanned    int            `json:"scanned,omitempty"`
	Skipped    map[string]int `json:"skipped,omitempty"`
	// Partial is true when the scan was interrupted: files not scanned are
	// counted in Skipped["interrupted"].
	Partial bool `json:"partial,omitempty"`
	// Baseline and Ignore say what a baseline report and an ignore file
	// took out of this report.
	Baseline *BaselineSummary `json:"baseline,omitempty"`
	Ignore   *IgnoreSummary   `json:"ignore,omitempty"`
}

// Report is a whole scan.
type Report struct {
	SchemaVersion int          `json:"schemaVersion"`
	Tool          Tool         `json:"tool"`
	CreatedAt     time.Time    `json:"createdAt"`
	Summary       Summary      `json:"summary"`
	Files         []FileResult `json:"files"`
}

// Add appends a file and updates the summary.
func (r *Report) Add(f FileResult) {
	r.Files = append(r.Files, f)
	r.Count(&f)
}

// Count updates the summary for a file without keeping it: a streamed
// report writes each file as it comes and keeps only the counts.
func (r *Report) Count(f *FileResult) {
	if r.Summary.Verdicts == nil {
		r.Summary.Verdicts = map[Verdict]int{}
	}
	r.Summary.Files++
	r.Summary.Verdicts[f.Verdict]++
	if f.Review {
		r.Summary.Review++
	}
	if f.Verdict == VerdictError {
		r.Summary.Errors++
	}
}
