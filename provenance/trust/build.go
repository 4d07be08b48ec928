package trust

import (
	"errors"
	"fmt"
)

// Build returns the trust store of one configuration: the embedded lists
// plus the user's PEM files of trust anchors and allowed signing
// certificates. A process builds it once and shares it; a file that cannot
// be read is an error naming it, and the store holds the rest.
func Build(anchors, allowed []string) (*Store, error) {
	if len(anchors) == 0 && len(allowed) == 0 {
		return Default(), nil
	}
	s := Default().Clone()
	var errs []error
	for _, f := range anchors {
		if err := s.AddAnchorsFile(f); err != nil {
			errs = append(errs, fmt.Errorf("trust anchors: %w", err))
		}
	}
	for _, f := range allowed {
		if err := s.AddAllowedFile(f); err != nil {
			errs = append(errs, fmt.Errorf("allowed list: %w", err))
		}
	}
	return s, errors.Join(errs...)
}

// BuildIdentity returns the store of CAWG X.509 identity anchors: the
// user's PEM files alone, since no public list of identity issuers is
// embedded. With no file it returns nil (no identity is trusted).
func BuildIdentity(anchors []string) (*Store, error) {
	if len(anchors) == 0 {
		return nil, nil
	}
	s := Empty()
	var errs []error
	for _, f := range anchors {
		if err := s.AddAnchorsFile(f); err != nil {
			errs = append(errs, fmt.Errorf("identity trust anchors: %w", err))
		}
	}
	return s, errors.Join(errs...)
}
