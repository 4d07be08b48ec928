package main

import (
	"flag"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func genMain(args []string) error {
	fl := flag.NewFlagSet("gen", flag.ExitOnError)
	seed := fl.Uint64("seed", 1, "seed of every random choice")
	corpus := fl.String("corpus", "../shared/corpus", "folder of real files to mutate (skipped when absent)")
	out := fl.String("out", "", "output folder (created; must not exist or be empty)")
	sample := fl.Int("sample", 0, "keep only this many mutations, chosen from the seed (0: all)")
	bigText := fl.Int64("big-text", 200<<20, "size of the huge one-line text bombs")
	fl.Parse(args)
	if *out == "" {
		return fmt.Errorf("gen: -out is required")
	}
	if err := os.MkdirAll(filepath.Join(*out, "mutations"), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(*out, "bombs"), 0o755); err != nil {
		return err
	}
	n, err := mutateCorpus(*corpus, filepath.Join(*out, "mutations"), *seed, *sample)
	if err != nil {
		return err
	}
	b, err := writeBombs(filepath.Join(*out, "bombs"), *seed, *bigText)
	if err != nil {
		return err
	}
	fmt.Printf("hostile: %d mutations, %d bombs in %s\n", n, b, *out)
	return nil
}

// mutation is one damaged copy of a file.
type mutation struct {
	name string
	data []byte
}

// mutations of one file, from its own random stream: the seed and the
// file's relative path, so adding a file to the corpus does not change
// the variants of the others.
func mutations(rel string, data []byte, seed uint64) []mutation {
	h := fnv.New64a()
	h.Write([]byte(rel))
	rng := rand.New(rand.NewPCG(seed, h.Sum64()))
	var out []mutation
	add := func(kind string, b []byte) {
		out = append(out, mutation{name: fmt.Sprintf("%s.%d", kind, len(out)), data: b})
	}
	n := len(data)
	if n == 0 {
		return nil
	}
	// Truncations: one byte short, half, a random point, the first 64 bytes.
	for _, cut := range []int{n - 1, n / 2, rng.IntN(n), min(n, 64)} {
		add("trunc", slices.Clone(data[:cut]))
	}
	// Bit flips: a few, and many, anywhere; and a few in the first 4 KiB,
	// where the headers are.
	for _, f := range []struct{ flips, span int }{{1, n}, {8, n}, {64, n}, {4, min(n, 4096)}} {
		b := slices.Clone(data)
		for range f.flips {
			i := rng.IntN(f.span)
			b[i] ^= 1 << rng.IntN(8)
		}
		add("flip", b)
	}
	// Length fields: 4 bytes overwritten with a huge, a zero and a
	// just-too-large value, at a random header position and at an offset
	// where a length field sits in most containers (box and chunk sizes
	// start at multiples of 4 from a structure's start).
	for _, v := range []uint32{0xFFFFFFFF, 0, 0x7FFFFFF0} {
		if n < 8 {
			break
		}
		b := slices.Clone(data)
		i := rng.IntN(min(n, 65536) - 4)
		if rng.IntN(2) == 0 {
			i &^= 3
		}
		b[i], b[i+1], b[i+2], b[i+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
		add("len", b)
	}
	return out
}

func mutateCorpus(corpus, out string, seed uint64, sample int) (int, error) {
	var files []string
	err := filepath.WalkDir(corpus, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && !strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if os.IsNotExist(err) {
		fmt.Fprintf(os.Stderr, "hostile: no corpus at %s; no mutations\n", corpus)
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	slices.Sort(files)
	type variant struct {
		name string
		data []byte
	}
	var all []variant
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return 0, err
		}
		rel, _ := filepath.Rel(corpus, p)
		flat := strings.ReplaceAll(filepath.ToSlash(rel), "/", "__")
		ext := filepath.Ext(flat)
		for _, m := range mutations(rel, data, seed) {
			all = append(all, variant{strings.TrimSuffix(flat, ext) + "." + m.name + ext, m.data})
		}
	}
	if sample > 0 && sample < len(all) {
		rng := rand.New(rand.NewPCG(seed, 0x5a4d))
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		all = all[:sample]
	}
	for _, v := range all {
		if err := os.WriteFile(filepath.Join(out, v.name), v.data, 0o644); err != nil {
			return 0, err
		}
	}
	return len(all), nil
}
