// Package c2pa reads and validates C2PA Content Credentials: it finds the
// manifest store in a file (or a NAME.c2pa sidecar), parses the JUMBF
// boxes, the claims and assertions (CBOR), verifies the COSE_Sign1 claim
// signatures and their X.509 chains against trust lists, checks RFC 3161
// time-stamps, stapled OCSP responses and the hard bindings (data hash, box
// hash, BMFF hash) over the file's bytes, and walks ingredients
// recursively. Results use the specification's status code strings,
// grouped success / informational / failure.
//
// Check is the one-call entry point (locate, read, validate); Locate,
// ReadStore and Validate are its steps, and CheckStore validates a store
// found by another reader. Inspect builds a detailed, JSON-marshalable view
// of a checked file and WriteTree prints it as an indented tree.
//
// The package locates stores itself, from the file's bytes, rather than
// relying on the container walkers: validation needs the exact byte ranges
// of every segment that carries the store (data-hash exclusions) and the
// layout named the way box hashes name it (one "C2PA" box for all APP11
// segments, "PNGh" for the PNG signature), which a general inventory does
// not promise. The locators are small, bounded and fuzzed.
//
// Every size read from the input is bounded by Limits: store size, JUMBF
// nesting and box count, CBOR nesting and element counts, manifests per
// store, ingredient depth and Brotli output.
package c2pa
