package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestMergeStreamsAsConvert: merging shard reports straight to table,
// sarif or a template (the entries streamed from merge's spill file)
// gives the bytes of merging to JSON and converting that report, held in
// memory, to the same format.
func TestMergeStreamsAsConvert(t *testing.T) {
	fixedClock(t)
	dir := shardTree(t)
	tmp := t.TempDir()
	var parts []string
	for i := range 3 {
		p := filepath.Join(tmp, fmt.Sprintf("shard-%d.ndjson", i))
		if code, _, stderr := provcheck(t, "", "scan", "--no-cache", "--workers", "2", "--shard", fmt.Sprintf("%d/3", i), "-o", p, dir); code != exitOK {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		parts = append(parts, p)
	}
	merged := filepath.Join(tmp, "merged.json")
	if code, _, stderr := provcheck(t, "", append([]string{"merge", "-o", merged}, parts...)...); code != exitOK {
		t.Fatalf("merge to json: exit %d: %s", code, stderr)
	}
	streaming := filepath.Join(tmp, "list.tmpl")
	os.WriteFile(streaming, []byte("{{range .Files}}{{.Verdict}} {{.Path}}{{with .Strongest}} {{.ID}}{{end}}\n{{end}}{{.Summary.Files}} files\n"), 0o644)
	inMemory := filepath.Join(tmp, "count.tmpl")
	os.WriteFile(inMemory, []byte("{{len .Files}} files, first {{(index .Files 0).Path}}\n"), 0o644)
	for _, args := range [][]string{
		{"-f", "table"},
		{"-f", "sarif"},
		{"-f", "template", "--template", streaming},
		{"-f", "template", "--template", inMemory},
	} {
		code, want, stderr := provcheck(t, "", append(append([]string{"convert"}, args...), merged)...)
		if code != exitOK {
			t.Fatalf("convert %v: exit %d: %s", args, code, stderr)
		}
		code, got, stderr := provcheck(t, "", append(append([]string{"merge"}, args...), parts...)...)
		if code != exitOK {
			t.Fatalf("merge %v: exit %d: %s", args, code, stderr)
		}
		if got != want {
			t.Errorf("merge %v differs from convert of the merged report:\n%s", args, firstDiff(want, got))
		}
	}
}
