package trust

import "testing"

func TestDefaultCounts(t *testing.T) {
	c := Default().Counts()
	want := map[string]int{ListC2PA: 30, ListITL: 18, ListITL + "-allowed": 86}
	for k, n := range want {
		// A certificate this Go version refuses to parse is skipped, so the
		// anchor counts may be lower, never zero.
		if c[k] == 0 || c[k] > n {
			t.Errorf("%s: %d certificates, want 1..%d", k, c[k], n)
		}
	}
	if Default().Skipped > 5 {
		t.Errorf("%d embedded certificates did not parse", Default().Skipped)
	}
	if len(Default().EKUs()) != 6 {
		t.Errorf("EKUs = %v, want 6", Default().EKUs())
	}
}

func TestCloneIsolated(t *testing.T) {
	c := Default().Clone()
	if err := c.AddAllowedPEM(ListUser, []byte("not pem")); err == nil {
		t.Error("AddAllowedPEM accepted data without a certificate")
	}
	if len(c.anchors) != len(Default().anchors) {
		t.Fatal("clone lost anchors")
	}
	c.anchors = append(c.anchors, anchorSet{name: "x"})
	if len(Default().anchors) == len(c.anchors) {
		t.Error("adding to a clone changed the default store")
	}
}
