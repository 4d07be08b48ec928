package c2pa

import (
	"testing"

	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/provenance/trust"
)

// BenchmarkCheckFile validates whole corpus files: with the process's
// shared trust store, whose verified-chain cache answers after the first
// round, and with a fresh copy of it every time (nothing cached; the copy
// itself costs a little).
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
					}
					if got := Check(b.Context(), path, data, opts); got == nil || got.Result == nil {
						b.Fatal("no result")
					}
				}
			})
		}
	}
}
