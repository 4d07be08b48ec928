package main

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

// buildIdentity names the exact binary, for cache keys. The version string
// alone is not enough: every build from source says 0.1.0-dev, so a
// results cache filled by an older build would keep answering with the old
// code's verdicts after an upgrade or a local change. A clean build of a
// tagged module or of a committed revision is named by that; anything else
// (uncommitted changes, no version control information) by the Go build ID
// of the executable, or failing that, a hash of its bytes.
var buildIdentity = sync.OnceValue(func() string {
	return identify(debug.ReadBuildInfo, os.Executable)
})

func identify(info func() (*debug.BuildInfo, bool), exe func() (string, error)) string {
	var parts []string
	clean := false
	if bi, ok := info(); ok {
		parts = append(parts, bi.GoVersion, bi.Main.Version, bi.Main.Sum)
		rev, modified := "", true
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		switch {
		case rev != "" && !modified:
			parts = append(parts, rev)
			clean = true
		case bi.Main.Sum != "":
			// Built from a module download: its checksum pins the code.
			clean = true
		}
	}
	if !clean {
		parts = append(parts, executableID(exe))
	}
	return strings.Join(parts, "\x00")
}

// executableID is the Go build ID of the running executable (a hash of its
// inputs and content that the linker writes into an ELF note), or the
// SHA-256 of the file where there is no such note.
func executableID(exe func() (string, error)) string {
	path, err := exe()
	if err != nil {
		return "unknown-executable"
	}
	if f, err := elf.Open(path); err == nil {
		defer f.Close()
		if s := f.Section(".note.go.buildid"); s != nil && s.Size < 1<<10 {
			if b, err := s.Data(); err == nil && len(b) > 0 {
				return "buildid:" + hex.EncodeToString(b)
			}
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return "unknown-executable"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown-executable"
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
