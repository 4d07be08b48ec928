package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/all"
	"github.com/provcheck/provcheck/reports"
)

// selectDetectors returns the registry less the disabled detectors. An
// unknown name is an error: a typo must not silently leave a detector on.
func selectDetectors(disable []string) ([]*detectors.Detector, error) {
	reg := all.Detectors()
	var unknown []string
	for _, name := range disable {
		if !slices.ContainsFunc(reg, func(d *detectors.Detector) bool { return d.Name == name }) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("disable: unknown detector %s (see provcheck detectors)", strings.Join(unknown, ", "))
	}
	return slices.DeleteFunc(reg, func(d *detectors.Detector) bool { return slices.Contains(disable, d.Name) }), nil
}

func newDetectorsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "detectors",
		Short: "List the detectors, their versions and what each looks at",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rows := [][]string{{"NAME", "VERSION", "MEDIA", "WHAT IT LOOKS AT"}}
			for _, d := range all.Detectors() {
				media := strings.Join(d.Media, ", ")
				if media == "" {
					media = "*"
				}
				// The first sentence says what the detector looks at; the
				// rest is in the detector's documentation.
				doc, _, _ := strings.Cut(d.Doc, ". ")
				rows = append(rows, []string{d.Name, fmt.Sprint(d.Version), media, doc})
			}
			out := cmd.OutOrStdout()
			return reports.WriteColumns(out, terminalWidth(out), rows)
		},
	}
}
