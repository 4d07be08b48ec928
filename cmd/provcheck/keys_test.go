package main

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// configTags lists the keys the Config struct decodes (squashed structs
// flattened, nested structs as prefix.key).
func configTags(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("mapstructure")
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case opts == "squash":
			out = append(out, configTags(f.Type, prefix)...)
		case name == "" || name == "-":
		case f.Type.Kind() == reflect.Struct && f.Type.PkgPath() != "time":
			// A nested table (weights): its fields are keys of their own.
			out = append(out, configTags(f.Type, prefix+name+".")...)
		default:
			out = append(out, prefix+name)
		}
	}
	return out
}

func TestKeyTableMatchesConfig(t *testing.T) {
	var table []string
	for _, k := range keys() {
		if slices.Contains(table, k.name) {
			t.Errorf("key %s declared twice", k.name)
		}
		table = append(table, k.name)
		if k.usage == "" {
			t.Errorf("key %s has no usage text", k.name)
		}
	}
	fields := configTags(reflect.TypeOf(Config{}), "")
	for _, name := range fields {
		if !slices.Contains(table, name) {
			t.Errorf("Config field %s has no row in the key table (keys.go)", name)
		}
	}
	for _, name := range table {
		if !slices.Contains(fields, name) {
			t.Errorf("key %s has no Config field", name)
		}
	}
}

// TestReadmeListsEveryKey keeps the README's flag tables whole: every key
// a command takes as a flag appears as `--name` in a table row, and every
// config-only key appears in the README.
func TestReadmeListsEveryKey(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	var rows strings.Builder
	for _, line := range strings.Split(readme, "\n") {
		if strings.HasPrefix(line, "|") {
			rows.WriteString(line + "\n")
		}
	}
	for _, k := range keys() {
		if k.cmds == cmdNone {
			leaf := k.name[strings.LastIndex(k.name, ".")+1:]
			if !strings.Contains(readme, leaf+":") {
				t.Errorf("README does not show the config key %s", k.name)
			}
			continue
		}
		if !strings.Contains(rows.String(), "--"+k.name+"`") {
			t.Errorf("README has no table row for --%s", k.name)
		}
	}
}

// TestFlagsFromTable checks each command gets exactly the flags its keys
// name, with the table's defaults.
func TestFlagsFromTable(t *testing.T) {
	for _, c := range []struct {
		name string
		cmd  commands
	}{{"scan", cmdScan}, {"serve", cmdServe}, {"convert", cmdConvert}, {"inspect", cmdInspect}, {"merge", cmdMerge}} {
		fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
		addFlags(fs, c.cmd)
		for _, k := range keys() {
			f := fs.Lookup(k.name)
			if (k.cmds&c.cmd != 0) != (f != nil) {
				t.Errorf("%s: flag --%s present=%v, key table says %v", c.name, k.name, f != nil, k.cmds&c.cmd != 0)
			}
		}
		if fs.Lookup("config") == nil {
			t.Errorf("%s: no --config", c.name)
		}
	}
}

// TestEveryCommandReadsConfig: convert and inspect take the config file
// and PROVCHECK_* like scan.
func TestEveryCommandReadsConfig(t *testing.T) {
	fixedClock(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	os.WriteFile(good, []byte("words\n"), 0o644)
	_, rep, _ := provcheck(t, "", "scan", "--no-cache", "--format", "json", good)
	saved := filepath.Join(dir, "r.json")
	os.WriteFile(saved, []byte(rep), 0o644)

	t.Setenv("PROVCHECK_FORMAT", "csv")
	if code, out, stderr := provcheck(t, "", "convert", saved); code != exitOK || !strings.HasPrefix(out, "path,") {
		t.Errorf("convert ignored PROVCHECK_FORMAT: exit %d %s\n%.100s", code, stderr, out)
	}
	t.Setenv("PROVCHECK_FORMAT", "")
	cfg := filepath.Join(dir, "provcheck.yaml")
	os.WriteFile(cfg, []byte("max-file-size: 2\n"), 0o644)
	if code, _, stderr := provcheck(t, "", "inspect", "--config", cfg, good); code != exitUnreadable || !strings.Contains(stderr, "larger than 2 bytes") {
		t.Errorf("inspect ignored the config file: exit %d, %s", code, stderr)
	}
	t.Setenv("PROVCHECK_MAX_FILE_SIZE", "3")
	if code, _, stderr := provcheck(t, "", "inspect", good); code != exitUnreadable || !strings.Contains(stderr, "larger than 3 bytes") {
		t.Errorf("inspect ignored PROVCHECK_MAX_FILE_SIZE: exit %d, %s", code, stderr)
	}
}
