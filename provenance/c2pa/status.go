package c2pa

// Status code strings of the specification (SPEC 15.2.2) that provcheck
// emits.
const (
	ClaimSignatureValidated       = "claimSignature.validated"
	ClaimSignatureInsideValidity  = "claimSignature.insideValidity"
	ClaimSignatureOutsideValidity = "claimSignature.outsideValidity"
	ClaimSignatureMismatch        = "claimSignature.mismatch"
	ClaimSignatureMissing         = "claimSignature.missing"
	SigningCredentialTrusted      = "signingCredential.trusted"
	SigningCredentialUntrusted    = "signingCredential.untrusted"
	SigningCredentialInvalid      = "signingCredential.invalid"
	SigningCredentialExpired      = "signingCredential.expired"
	SigningCredentialRevoked      = "signingCredential.ocsp.revoked"
	SigningCredentialNotRevoked   = "signingCredential.ocsp.notRevoked"
	SigningCredentialOCSPSkipped  = "signingCredential.ocsp.skipped"
	TimeStampValidated            = "timeStamp.validated"
	TimeStampTrusted              = "timeStamp.trusted"
	TimeStampUntrusted            = "timeStamp.untrusted"
	TimeStampMismatch             = "timeStamp.mismatch"
	TimeStampMalformed            = "timeStamp.malformed"
	TimeStampOutsideValidity      = "timeStamp.outsideValidity"
	AlgorithmUnsupported          = "algorithm.unsupported"
	AlgorithmDeprecated           = "algorithm.deprecated"
	ClaimMissing                  = "claim.missing"
	ClaimMultiple                 = "claim.multiple"
	ClaimCBORInvalid              = "claim.cbor.invalid"
	ClaimMalformed                = "claim.malformed"
	ClaimHardBindingsMissing      = "claim.hardBindings.missing"
	AssertionHashedURIMatch       = "assertion.hashedURI.match"
	AssertionHashedURIMismatch    = "assertion.hashedURI.mismatch"
	AssertionMissing              = "assertion.missing"
	AssertionMultipleHardBindings = "assertion.multipleHardBindings"
	AssertionCBORInvalid          = "assertion.cbor.invalid"
	AssertionJSONInvalid          = "assertion.json.invalid"
	AssertionDataHashMatch        = "assertion.dataHash.match"
	AssertionDataHashMismatch     = "assertion.dataHash.mismatch"
	AssertionDataHashMalformed    = "assertion.dataHash.malformed"
	// AssertionDataHashAdditionalExclusions is a c2pa-rs success code: the
	// hash matched but excludes more than the manifest store.
	AssertionDataHashAdditionalExclusions = "assertion.dataHash.additionalExclusionsPresent"
	AssertionBoxesHashMatch               = "assertion.boxesHash.match"
	AssertionBoxesHashMismatch            = "assertion.boxesHash.mismatch"
	AssertionBoxesHashMalformed           = "assertion.boxesHash.malformed"
	AssertionBoxesHashUnknownBox          = "assertion.boxesHash.unknownBox"
	AssertionBMFFHashMatch                = "assertion.bmffHash.match"
	AssertionBMFFHashMismatch             = "assertion.bmffHash.mismatch"
	AssertionBMFFHashMalformed            = "assertion.bmffHash.malformed"
	AssertionCollectionHashMalf           = "assertion.collectionHash.malformed"
	AssertionIngredientMalformed          = "assertion.ingredient.malformed"
	AssertionActionMalformed              = "assertion.action.malformed"
	IngredientManifestValidated           = "ingredient.manifest.validated"
	IngredientManifestMismatch            = "ingredient.manifest.mismatch"
	IngredientManifestMissing             = "ingredient.manifest.missing"
	IngredientClaimSigValidated           = "ingredient.claimSignature.validated"
	IngredientClaimSigMismatch            = "ingredient.claimSignature.mismatch"
	IngredientUnknownProvenance           = "ingredient.unknownProvenance"
	ManifestInaccessible                  = "manifest.inaccessible"
	ManifestCompressedInvalid             = "manifest.compressed.invalid"
	GeneralError                          = "general.error"
)

// Status is one validation status entry.
type Status struct {
	Code        string `json:"code"`
	URL         string `json:"url,omitempty"` // the JUMBF URI the code is about
	Explanation string `json:"explanation,omitempty"`
}

// Codes groups status entries as the specification does.
type Codes struct {
	Success       []Status `json:"success"`
	Informational []Status `json:"informational"`
	Failure       []Status `json:"failure"`
}

// Severity kinds.
const (
	Success       = "success"
	Informational = "informational"
	Failure       = "failure"
)

// informational lists the codes the specification (and current validators)
// class as informational; success codes end in a success word; everything
// else is a failure.
var informational = map[string]bool{
	AlgorithmDeprecated:                   true,
	IngredientUnknownProvenance:           true,
	"signingCredential.ocsp.inaccessible": true,
	SigningCredentialOCSPSkipped:          true,
	"timeOfSigning.insideValidity":        true,
	"timeOfSigning.outsideValidity":       true,
	TimeStampMalformed:                    true,
	TimeStampMismatch:                     true,
	TimeStampOutsideValidity:              true,
	TimeStampUntrusted:                    true,
	"manifest.unknownProvenance":          true,
	"manifest.unreferenced":               true,
}

var success = map[string]bool{
	ClaimSignatureValidated:                          true,
	ClaimSignatureInsideValidity:                     true,
	SigningCredentialTrusted:                         true,
	SigningCredentialNotRevoked:                      true,
	TimeStampValidated:                               true,
	TimeStampTrusted:                                 true,
	AssertionHashedURIMatch:                          true,
	AssertionDataHashMatch:                           true,
	AssertionBMFFHashMatch:                           true,
	AssertionBoxesHashMatch:                          true,
	"assertion.collectionHash.match":                 true,
	"assertion.multiAssetHash.match":                 true,
	"assertion.accessible":                           true,
	IngredientManifestValidated:                      true,
	IngredientClaimSigValidated:                      true,
	"assertion.dataHash.additionalExclusionsPresent": true,
}

// Severity returns success, informational or failure for a code.
func Severity(code string) string {
	switch {
	case success[code]:
		return Success
	case informational[code]:
		return Informational
	}
	return Failure
}

// add records a status under its severity.
func (c *Codes) add(code, url, explanation string) {
	s := Status{Code: code, URL: url, Explanation: explanation}
	switch Severity(code) {
	case Success:
		c.Success = append(c.Success, s)
	case Informational:
		c.Informational = append(c.Informational, s)
	default:
		c.Failure = append(c.Failure, s)
	}
}

// Has reports whether code is present in any group.
func (c *Codes) Has(code string) bool {
	for _, g := range [][]Status{c.Success, c.Informational, c.Failure} {
		for _, s := range g {
			if s.Code == code {
				return true
			}
		}
	}
	return false
}

// Failed reports whether a failure other than an untrusted signer is
// present: an untrusted signer leaves a manifest valid.
func (c *Codes) Failed() bool {
	for _, s := range c.Failure {
		if s.Code != SigningCredentialUntrusted {
			return true
		}
	}
	return false
}

// FailureCodes returns the distinct failure code strings.
func (c *Codes) FailureCodes() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range c.Failure {
		if !seen[s.Code] {
			seen[s.Code] = true
			out = append(out, s.Code)
		}
	}
	return out
}

// nonNil returns c with empty groups as empty lists, so JSON shows [] for
// a group without entries.
func (c Codes) nonNil() Codes {
	if c.Success == nil {
		c.Success = []Status{}
	}
	if c.Informational == nil {
		c.Informational = []Status{}
	}
	if c.Failure == nil {
		c.Failure = []Status{}
	}
	return c
}

// Tampering reports whether a failure code means that the content or a
// manifest changed after signing: a hard-binding hash, the claim
// signature, or a hashed URI that no longer matches. Other failures
// (expired, revoked or untrusted signer, malformed structures) are
// problems of the credentials, not evidence of a change (DESIGN.md).
func Tampering(code string) bool {
	switch code {
	case AssertionDataHashMismatch, AssertionBMFFHashMismatch, AssertionBoxesHashMismatch,
		"assertion.collectionHash.mismatch", ClaimSignatureMismatch, AssertionHashedURIMismatch,
		IngredientManifestMismatch, IngredientClaimSigMismatch, "ingredient.hashedURI.mismatch":
		return true
	}
	return false
}
