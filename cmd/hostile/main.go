// Command hostile is provcheck's mutation and bomb campaign. It generates,
// deterministically from a seed, damaged copies of real files (truncations,
// bit flips, overwritten length fields) and a set of resource-exhaustion
// files (bombs), then runs the provcheck binary over them under a hard
// address-space limit and a wall limit, and fails on any panic, any missing
// report entry, or any breach of the time or memory budget.
//
//	go run ./cmd/hostile gen -seed 1 -corpus ../shared/corpus -out /tmp/hostile
//	go run ./cmd/hostile run -bin ./provcheck -dir /tmp/hostile
//
// Nothing here is committed as a binary: every bomb is built by code.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = genMain(os.Args[2:])
	case "run":
		err = runMain(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hostile:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: hostile gen [flags] | hostile run [flags]")
	os.Exit(2)
}
