// Package c2pa reads and validates C2PA Content Credentials: it finds the
// manifest store in a file (or a NAME.c2pa sidecar), parses the JUMBF
// boxes, the claims and assertions (CBOR), verifies the COSE_Sign1 claim
// signatures and their X.509 chains against trust lists, checks RFC 3161
// time-stamps, stapled OCSP responses and the hard bindings (data hash, box
// hash, BMFF hash) over the file's bytes, and walks ingredients
// recursively. Results use the specification's status code strings,
// grouped success / informational / failure.
//
// CheckCarrier is the entry point of the scan pipeline: it validates the
// store the container walk recorded (container.C2PACarrier: the store, the
// parts that carry it, the layout under box-hash names), or a NAME.c2pa
// sidecar. Check and Locate are the same for callers that hold only bytes
// (they walk the container once); ReadStore and Validate are the steps,
// and CheckStore validates store bytes given directly. Inspect builds a
// detailed, JSON-marshalable view of a checked file and WriteTree prints
// it as an indented tree.
//
// The package has no reader of its own for any container: each format has
// one reader, its walker in provenance/container, which records what the
// hard bindings need (exclusion ranges, box-hash layout), as the SDK's
// asset handlers do. Only the BMFF hash reads box headers itself, because
// its exclusions name boxes at any depth.
//
// Every size read from the input is bounded by Limits: store size, JUMBF
// nesting and box count, CBOR nesting and element counts, manifests per
// store, ingredient depth and Brotli output.
package c2pa
