package forensics

import "github.com/provcheck/provcheck/provenance/exif"

func decodeEXIF(b []byte) (*exif.Data, error) { return exif.Decode(b) }
