package reports

// Fingerprint names one finding in one content: "<sha256>:<signal id>". It
// depends on neither the file's name nor any display option, so a renamed
// or moved file keeps its baseline entry and its ignore entry.
func Fingerprint(sha256, signalID string) string {
	if sha256 == "" {
		return ""
	}
	return sha256 + ":" + signalID
}

// SetFingerprints fills the Fingerprint of every signal of f.
func (f *FileResult) SetFingerprints() {
	for i := range f.Signals {
		f.Signals[i].Fingerprint = Fingerprint(f.SHA256, f.Signals[i].ID)
	}
}
