package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/detectors/classifier"
	"github.com/provcheck/provcheck/detectors/engine"
	"github.com/provcheck/provcheck/detectors/scoring"
	"github.com/provcheck/provcheck/provenance/c2pa"
	"github.com/provcheck/provcheck/provenance/container"
	"github.com/provcheck/provcheck/reports"
	"github.com/provcheck/provcheck/web"
)

// commands is a set of commands a key is a flag of.
type commands uint8

const (
	cmdScan commands = 1 << iota
	cmdServe
	cmdConvert
	cmdInspect
	cmdMerge

	// cmdNone marks keys set only in the config file or the environment.
	cmdNone commands = 0
	// cmdAll is every command that reads the configuration.
	cmdAll = cmdScan | cmdServe | cmdConvert | cmdInspect | cmdMerge
)

// key is one configuration key. The table below is the only place a key
// is declared: flags, viper defaults and PROVCHECK_* environment binding
// are all made from it, and tests check that the Config struct and the
// README list every key. Adding a key is one row here, one field in
// Config, one README line (and the engine setting it feeds, if any).
type key struct {
	name  string
	short string // one-letter flag, or ""
	def   any    // typed default: string, []string, bool, int, int64, float64, time.Duration, map
	usage string
	cmds  commands
}

// keyAnnotation marks flags made from the key table, so loadConfig binds
// them and leaves a command's own flags (inspect's --format) alone.
const keyAnnotation = "provcheck/key"

// keys returns the key table. It is a function so that defaults taken
// from other packages are read after their initialisation.
func keys() []key {
	w := scoring.Default()
	report := cmdScan | cmdConvert | cmdMerge
	trust := cmdScan | cmdServe | cmdInspect
	engineKeys := cmdScan | cmdServe
	return []key{
		// The report.
		{"format", "f", "", "report format: " + strings.Join(reports.FormatNames(), ", ") + " (default: from the --output extension, else table)", report},
		{"output", "o", "-", "write the report to this file (- for standard output)", report},
		{"template", "", "", "Go text/template file for --format template", report},

		// What to scan.
		{"include", "", []string{}, "scan only files matching these globs (doublestar syntax, e.g. '**/*.png'; repeatable)", cmdScan},
		{"exclude", "", []string{}, "skip files matching these globs (repeatable)", cmdScan},
		{"follow-symlinks", "", false, "follow symbolic links found inside folders (links named on the command line are always followed)", cmdScan},
		{"workers", "", 0, "files scanned at once (0: one per CPU)", cmdScan},
		{"files-from", "", "", "also scan the paths (or s3:// URLs) listed in this file, one per line (- for standard input)", cmdScan},
		{"null", "", false, "--files-from entries are separated by NUL bytes, not newlines (find -print0)", cmdScan},
		{"shard", "", "", "scan only shard I of N (I/N, 0-based, as JOB_COMPLETION_INDEX): a file's shard is a hash of its path below the folder given, or its object key", cmdScan},
		{"resume", "", "", "an NDJSON report of an earlier, unfinished run of the same scan: skip the files it holds and append to it", cmdScan},
		{"checkpoint", "", time.Minute, "with --resume s3://…: upload the report so far at least this often, so a killed run loses at most this much work (0: only at the end)", cmdScan},
		{"force", "", false, "merge reports even when their tool versions or settings differ", cmdMerge},

		// Bounds.
		{"max-file-size", "", int64(engine.DefaultMaxFileSize), "refuse files larger than this many bytes", cmdAll &^ cmdMerge},
		{"max-pixels", "", container.DefaultLimits.MaxPixels, "never decode images with more pixels than this", engineKeys | cmdConvert},
		{"max-inflate", "", container.DefaultLimits.MaxInflate, "cap on the decompressed size of one compressed block", engineKeys},
		{"max-inflate-file", "", container.DefaultLimits.MaxInflateFile, "cap on the decompressed bytes of all compressed blocks of one file together", engineKeys},
		{"timeout", "", 60 * time.Second, "time limit per file", engineKeys},

		// Logging.
		{"log-level", "", "warn", "log level on standard error: debug, info, warn, error", cmdAll},
		{"log-format", "", "text", "log format: text or json", cmdAll},

		// Trust and detectors.
		{"trust-anchors", "", []string{}, "extra PEM files of C2PA trust anchors", trust},
		{"allowed-list", "", []string{}, "extra PEM files of allowed C2PA signing certificates", trust},
		{"identity-trust-anchors", "", []string{}, "PEM files of CA certificates trusted to vouch for CAWG X.509 creator identities (separate from the C2PA signer lists)", trust},
		{"identity-issuers", "", []string{}, "identity claims aggregation issuers (DIDs) trusted to vouch for CAWG creator identities", trust},
		{"pixels", "", string(detectors.PixelsAuto), "when to decode pixels for the watermark, stealth and forensics detectors: auto (unless the metadata already declares AI), always, never", engineKeys},
		{"disable", "", []string{}, "skip these detectors (names from 'provcheck detectors'; repeatable)", engineKeys},
		{"classifier", "", []string{}, "outside AI classifier to run on every image: exec:PROGRAM (no shell; the file on standard input, one JSON object out) or http://HOST:PORT/PATH (POST); repeatable", engineKeys},
		{"classifier-allow-remote", "", false, "allow --classifier endpoints off this machine (the files are then sent to them)", engineKeys},
		{"classifier-timeout", "", classifier.DefaultTimeout, "time limit of one outside classifier on one file", engineKeys},
		{"classifiers", "", map[string]any{}, "named outside classifiers: name: {target, version, threshold, tpr, fpr, timeout, max-output, media}", cmdNone},
		{"aids", "", "", "write an error-level image and a noise map of each image into this folder, for a reviewer", cmdScan},
		{"weights.prior", "", w.Prior, "scoring: the prior log-odds of AI involvement", cmdNone},
		{"weights.suspect-threshold", "", w.SuspectThreshold, "scoring: the score from which heuristics alone give ai-suspected", cmdNone},
		{"weights.classes", "", w.Classes, "scoring: weight per direction.strength", cmdNone},
		{"weights.signals", "", w.Signals, "scoring: weight per signal id", cmdNone},
		{"c2pa.max-store-size", "", c2pa.DefaultLimits.MaxStoreSize, "C2PA: bytes of one manifest store", cmdNone},
		{"c2pa.max-jumbf-depth", "", c2pa.DefaultLimits.MaxJUMBFDepth, "C2PA: JUMBF superbox nesting", cmdNone},
		{"c2pa.max-jumbf-boxes", "", c2pa.DefaultLimits.MaxJUMBFBoxes, "C2PA: JUMBF boxes in one store", cmdNone},
		{"c2pa.max-cbor-depth", "", c2pa.DefaultLimits.MaxCBORDepth, "C2PA: CBOR nesting", cmdNone},
		{"c2pa.max-cbor-elements", "", c2pa.DefaultLimits.MaxCBORElements, "C2PA: CBOR array elements and map pairs", cmdNone},
		{"c2pa.max-ingredient-depth", "", c2pa.DefaultLimits.MaxIngredientDepth, "C2PA: ingredient recursion", cmdNone},
		{"c2pa.max-manifests", "", c2pa.DefaultLimits.MaxManifests, "C2PA: manifests read from one store", cmdNone},
		{"c2pa.max-brotli", "", c2pa.DefaultLimits.MaxBrotli, "C2PA: decompressed bytes of one brotli-compressed box", cmdNone},

		// Exit codes, baselines, ignore files.
		{"fail-on", "", []string{}, "exit with --exit-code when a file reaches a level: " + strings.Join(failLevels, ", ") + " (repeatable)", cmdScan},
		{"exit-code", "", exitFindings, "exit code when --fail-on matches", cmdScan},
		{"unreadable-exit-code", "", exitUnreadable, "exit code when the scan finished but some files could not be read (0 for batch jobs that must not retry)", cmdScan},
		{"baseline", "", "", "an earlier JSON or NDJSON report: report only files with new findings", cmdScan},
		{"decisions", "", "", "decisions JSON written by a reviewer (HTML report or web page): show each decision beside the file it names, matched by SHA-256", report},
		{"ignore-file", "", "", "ignore file of reviewed findings (default: ./" + reports.DefaultIgnoreFile + " when present)", engineKeys},

		// Progress and cache.
		{"quiet", "q", false, "no progress bar and only error logs on standard error", cmdScan},
		{"no-progress", "", false, "no progress bar", cmdScan},
		{"cache-dir", "", "", "results cache folder (default: provcheck in the user cache folder)", cmdScan},
		{"no-cache", "", false, "neither read nor write the results cache", cmdScan},

		// serve.
		{"listen", "", "127.0.0.1:8080", "address to listen on; the default answers this machine only", cmdServe},
		{"token", "", "", "require this bearer token on the API (prefer $PROVCHECK_TOKEN: flags show in the process list)", cmdServe},
		{"max-request-size", "", int64(web.DefaultMaxRequestSize), "refuse request bodies larger than this many bytes (each file is also capped by --max-file-size)", cmdServe},
		{"max-request-files", "", web.DefaultMaxFiles, "refuse requests with more files than this", cmdServe},
		{"max-scans", "", 0, "requests scanned at once (0: one per CPU)", cmdServe},
		{"max-queue", "", web.DefaultMaxQueue, "requests that may wait for a scan slot before the server answers 503", cmdServe},
		{"queue-wait", "", web.DefaultQueueWait, "how long a request may wait for a scan slot (and for room for its body) before the server answers 503", cmdServe},
		{"insecure-no-token", "", false, "allow listening on a non-loopback address without --token (anyone who reaches the port can scan)", cmdServe},
		{"body-timeout", "", web.DefaultBodyTimeout, "time limit to receive one request body", cmdServe},
		{"body-min-rate", "", int64(web.DefaultBodyMinRate), "cut off clients that send their request body slower than this many bytes per second (after a 5 s grace)", cmdServe},
		{"max-body-memory", "", int64(web.DefaultBodyMemory), "bytes of request bodies held in memory at once, across requests", cmdServe},
		{"visual-aids", "", false, "show an error-level image and a noise map beside each image (made in memory, never stored)", cmdServe},
	}
}

// configFlagUsage is the --config flag, which every command that reads the
// configuration has; it says where the keys come from, so it is no key.
const configFlagUsage = "config file (default: $PROVCHECK_CONFIG, ./provcheck.yaml, then the user config folder)"

// addFlags declares the flags of the keys one command takes, and --config.
func addFlags(fs *pflag.FlagSet, cmd commands) {
	for _, k := range keys() {
		if k.cmds&cmd == 0 {
			continue
		}
		addKeyFlag(fs, k)
		if err := fs.SetAnnotation(k.name, keyAnnotation, []string{k.name}); err != nil {
			panic(err) // the flag was just added
		}
	}
	fs.String("config", "", configFlagUsage)
}

func addKeyFlag(fs *pflag.FlagSet, k key) {
	switch d := k.def.(type) {
	case string:
		fs.StringP(k.name, k.short, d, k.usage)
	case []string:
		fs.StringSliceP(k.name, k.short, nil, k.usage)
	case bool:
		fs.BoolP(k.name, k.short, d, k.usage)
	case int:
		fs.IntP(k.name, k.short, d, k.usage)
	case int64:
		fs.Int64P(k.name, k.short, d, k.usage)
	case float64:
		fs.Float64P(k.name, k.short, d, k.usage)
	case time.Duration:
		fs.DurationP(k.name, k.short, d, k.usage)
	default:
		panic(fmt.Sprintf("key %s: no flag for a %T default", k.name, k.def))
	}
}

// addKeyFlags adds the flags of the named keys only, for a command that
// reads a few keys of the table (trust list).
func addKeyFlags(fs *pflag.FlagSet, names ...string) {
	for _, k := range keys() {
		for _, n := range names {
			if k.name != n {
				continue
			}
			addKeyFlag(fs, k)
			if err := fs.SetAnnotation(k.name, keyAnnotation, []string{k.name}); err != nil {
				panic(err) // the flag was just added
			}
		}
	}
	fs.String("config", "", configFlagUsage)
}
