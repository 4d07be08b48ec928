package c2pa

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/trust"
)

// BenchmarkCheckFile validates whole corpus files: with the process's
// shared trust store, whose verified-chain cache answers after the first
// round, and with a fresh copy of it and no remembered signature checks
// every time (nothing cached; the copy itself costs a little).
func BenchmarkCheckFile(b *testing.B) {
	for _, name := range []string{
		"ts_trustnxt-icon-signed-timestamp.jpg", // ECDSA signer, RFC 3161 time-stamp
		"ptf_adobe-20220124-CAICAI.jpg",         // ingredients, each with its own manifest
		"rs_CA_ct.jpg",
	} {
		path := corpus.Path(b, "c2pa", name)
		data := corpus.Read(b, "c2pa", name)
		for _, mode := range []string{"shared-store", "fresh-store"} {
			b.Run(name+"/"+mode, func(b *testing.B) {
				opts := Options{Trust: trust.Default(), NoSidecar: true}
				for b.Loop() {
					if mode == "fresh-store" {
						opts.Trust = trust.Default().Clone()
						resetMemos()
					}
					if got := Check(b.Context(), path, data, opts); got == nil || got.Result == nil {
						b.Fatal("no result")
					}
				}
			})
		}
	}
}

// BenchmarkCheckBatch validates every C2PA sample once per round, starting
// each round cold (fresh store copy, nothing remembered), as one scan
// process over the folders does: what repeats inside the batch is answered
// from memory, nothing carries over between rounds.
func BenchmarkCheckBatch(b *testing.B) {
	type sample struct {
		path string
		data []byte
	}
	var files []sample
	for _, dir := range []string{"c2pa", "c2pa-conformance"} {
		root := corpus.Path(b, dir)
		entries, err := os.ReadDir(root)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".jsonl") || strings.Contains(name, "tiff_poc") {
				continue
			}
			p := filepath.Join(root, name)
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, sample{p, data})
		}
	}
	for b.Loop() {
		resetMemos()
		opts := Options{Trust: trust.Default().Clone(), NoSidecar: true}
		for _, f := range files {
			Check(b.Context(), f.path, f.data, opts)
		}
	}
}
