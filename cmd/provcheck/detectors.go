package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/all"
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
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tVERSION\tMEDIA\tWHAT IT LOOKS AT")
			for _, d := range all.Detectors() {
				media := strings.Join(d.Media, ",")
				if media == "" {
					media = "*"
				}
				doc, _, _ := strings.Cut(d.Doc, ". ")
				if r := []rune(doc); len(r) > 110 {
					doc = string(r[:110]) + "…"
				}
				if len(d.Media) > 2 {
					media = strings.Join(d.Media[:2], ",") + ",…"
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", d.Name, d.Version, media, doc)
			}
			return tw.Flush()
		},
	}
}
