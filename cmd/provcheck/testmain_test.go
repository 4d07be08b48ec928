package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain keeps the tests' results cache out of the user's cache folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "provcheck-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("PROVCHECK_CACHE_DIR", dir)
	// Text output follows $COLUMNS; golden files are laid out for the
	// default width whatever terminal the tests run in.
	os.Unsetenv("COLUMNS")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
