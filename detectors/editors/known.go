package editors

import "github.com/provcheck/provcheck/provenance/software"

// KnownEditor reports whether s, the value of a software field, names a
// known non-AI editing program (desktop editor or phone app), and which.
// Converters, renderers and AI generators are not editors; camera firmware
// and vendor import tools are in no family at all (provenance/software).
func KnownEditor(s string) (name string, ok bool) {
	e, ok := software.Software(s)
	if !ok || (e.Family != software.Editor && e.Family != software.PhoneApp) {
		return "", false
	}
	return e.Name, true
}
