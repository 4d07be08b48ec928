package c2pa

import "testing"

func TestC2PAURN(t *testing.T) {
	for label, want := range map[string]bool{
		"urn:c2pa:7e4e6a5a-8d29-4d1e-9d1c-8f0d0f6c2d6a":             true,
		"urn:c2pa:7e4e6a5a-8d29-4d1e-9d1c-8f0d0f6c2d6a:acme":        true,
		"urn:c2pa:7e4e6a5a-8d29-4d1e-9d1c-8f0d0f6c2d6a:acme:2_1":    true,
		"urn:c2pa:7e4e6a5a-8d29-4d1e-9d1c-8f0d0f6c2d6a::1":          true,
		"urn:uuid:7e4e6a5a-8d29-4d1e-9d1c-8f0d0f6c2d6a":             true,
		"contentauth:urn:uuid:7e4e6a5a-8d29-4d1e-9d1c-8f0d0f6c2d6a": true,
		"urn:c2pb:7e4e6a5a-8d29-4d1e-9d1c-8f0d0f6c2d6a":             false,
		"urn:c2pa":                                         false,
		"urn:c2pa:id:acme:x_1":                             false,
		"urn:c2pa:id:acme:1_x":                             false,
		"urn:c2pa:id:a generator with spaces:1":            false,
		"urn:c2pa:id:abcdefghijklmnopqrstuvwxyz0123456789": false,
		"urn:c2pa:id:acme:1:extra":                         false,
		"vendor:urn:uuid:id:extra":                         false,
	} {
		if got := c2paURN(label); got != want {
			t.Errorf("c2paURN(%q) = %v, want %v", label, got, want)
		}
	}
}
