package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/provcheck/provcheck/detectors"
	"github.com/provcheck/provcheck/reports"
)

// Cache keeps results between runs; cache.Dir is the file-based one. It
// must be safe for concurrent use.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, value []byte) error
}

// CacheStats counts cache use in one engine's life.
type CacheStats struct {
	Hits, Misses, Errors int64
}

type cacheState struct {
	once     sync.Once
	salt     string // tool version + detectors + settings, hashed
	hits     atomic.Int64
	misses   atomic.Int64
	failures atomic.Int64
}

// CacheStats reports hits and misses so far.
func (e *Engine) CacheStats() CacheStats {
	return CacheStats{Hits: e.cache.hits.Load(), Misses: e.cache.misses.Load(), Errors: e.cache.failures.Load()}
}

// cacheSalt is everything besides the content that decides a result: the
// tool version, every detector's name@version, and the settings that change
// results (limits, weights, trust lists by content, remote fetching).
func (e *Engine) cacheSalt() string {
	e.cache.once.Do(func() {
		h := sha256.New()
		h.Write([]byte("provcheck-result\x00" + e.cfg.Version + "\x00"))
		for _, d := range e.detectors {
			h.Write([]byte(d.String() + "\x00" + d.CacheKey + "\x00"))
		}
		settings := struct {
			MaxFileSize     int64
			Limits          any
			Weights         any
			Pixels          detectors.PixelPolicy
			IdentityIssuers []string `json:",omitempty"`
		}{e.cfg.MaxFileSize, e.cfg.Settings.Limits, e.cfg.Weights, e.cfg.Settings.Pixels, e.cfg.Settings.IdentityIssuers}
		b, _ := json.Marshal(settings)
		h.Write(b)
		lists := [][]string{e.cfg.Settings.TrustAnchors, e.cfg.Settings.AllowedList}
		if ids := e.cfg.Settings.IdentityTrustAnchors; len(ids) > 0 {
			// Only when set, so results cached before the key existed
			// stay valid.
			lists = append(lists, ids)
		}
		for _, list := range lists {
			for _, p := range list {
				data, err := os.ReadFile(p)
				if err != nil {
					data = []byte("unreadable:" + err.Error())
				}
				sum := sha256.Sum256(data)
				h.Write(sum[:])
			}
			h.Write([]byte{0})
		}
		e.cache.salt = hex.EncodeToString(h.Sum(nil))
	})
	return e.cache.salt
}

// keySalt is the cache salt plus the build: entries are never shared
// between builds (every build from source has the same version), while
// SettingsID, which reports carry and merge compares, stays the same for
// every build of a version.
func (e *Engine) keySalt() string {
	return e.cacheSalt() + "\x00" + e.cfg.Build
}

func (e *Engine) resultKey(sha string) string {
	sum := sha256.Sum256([]byte("result\x00" + e.keySalt() + "\x00" + sha))
	return hex.EncodeToString(sum[:])
}

// statKey names a file by where it is and what stat says about it, so an
// unchanged file is found without reading and hashing it again. The change
// time and inode are in it: rewriting a file, even keeping its size and
// modification time, changes them.
func (e *Engine) statKey(abs string, st os.FileInfo) string {
	h := sha256.New()
	h.Write([]byte("stat\x00" + e.keySalt() + "\x00" + abs + "\x00"))
	b, _ := json.Marshal([]any{st.Size(), st.ModTime().UnixNano(), statIdentity(st)})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

type cacheEntry struct {
	Key    string             `json:"key"`
	Result reports.FileResult `json:"result"`
}

type statEntry struct {
	Key    string `json:"key"`
	SHA256 string `json:"sha256"`
}

// racyWindow: a file modified this recently could change again within the
// clock's resolution without its stat changing, so its stat is not
// remembered (its result still is, by content).
const racyWindow = 2 * time.Second

// scanCached scans one file through the cache.
func (e *Engine) scanCached(ctx context.Context, path string) reports.FileResult {
	c := e.cfg.Cache
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || (mayHaveSidecar(ctx) && hasSidecar(path)) {
		// Results that depend on more than the file's bytes are not cached.
		return e.ScanFile(ctx, path, path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	sk := e.statKey(abs, st)
	if raw, ok := c.Get(sk); ok {
		var se statEntry
		if json.Unmarshal(raw, &se) == nil && se.Key == sk {
			if fr, ok := e.cachedResult(se.SHA256); ok {
				fr.Path = path
				e.cache.hits.Add(1)
				return fr
			}
		}
	}
	e.cache.misses.Add(1)
	fr := e.ScanFile(ctx, path, path)
	if !cacheable(&fr) {
		return fr
	}
	rk := e.resultKey(fr.SHA256)
	if b, err := json.Marshal(cacheEntry{Key: rk, Result: fr}); err == nil {
		if c.Put(rk, b) != nil {
			e.cache.failures.Add(1)
			return fr
		}
	}
	if time.Since(st.ModTime()) > racyWindow {
		if b, err := json.Marshal(statEntry{Key: sk, SHA256: fr.SHA256}); err == nil && c.Put(sk, b) != nil {
			e.cache.failures.Add(1)
		}
	}
	return fr
}

func (e *Engine) cachedResult(sha string) (reports.FileResult, bool) {
	rk := e.resultKey(sha)
	raw, ok := e.cfg.Cache.Get(rk)
	if !ok {
		return reports.FileResult{}, false
	}
	var ce cacheEntry
	// A truncated, corrupt or misplaced entry is a miss; the scan that
	// follows rewrites it.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // as reports.FileResult.Normalize does: exact numbers
	if err := dec.Decode(&ce); err != nil || ce.Key != rk || ce.Result.SHA256 != sha {
		return reports.FileResult{}, false
	}
	return ce.Result, true
}

// cacheable leaves out results that another run could get differently:
// a file that was not read, or ran out of time.
func cacheable(fr *reports.FileResult) bool {
	if fr.SHA256 == "" {
		return false
	}
	for _, list := range [][]reports.FileError{fr.Errors, fr.Warnings} {
		for _, e := range list {
			if e.Code == "timeout" || e.Code == "read" {
				return false
			}
		}
	}
	return true
}

// hasSidecar reports whether a C2PA sidecar (NAME.c2pa) sits beside path:
// the result then depends on that file too.
func hasSidecar(path string) bool {
	ext := filepath.Ext(path)
	if strings.EqualFold(ext, ".c2pa") {
		return false
	}
	base := strings.TrimSuffix(path, ext)
	for _, e := range []string{".c2pa", ".C2PA"} {
		if _, err := os.Stat(base + e); err == nil {
			return true
		}
	}
	return false
}

// SettingsID names everything besides a file's bytes that decides its
// result: the tool version, every detector's version and the settings.
// Reports carry it, so that merging reports from different settings is
// noticed.
func (e *Engine) SettingsID() string { return e.cacheSalt()[:16] }
