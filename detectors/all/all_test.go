package all

import (
	"testing"

	"github.com/provcheck/provcheck/detectors"
)

func TestRegistryValid(t *testing.T) {
	if err := detectors.Validate(Detectors()); err != nil {
		t.Fatal(err)
	}
}
