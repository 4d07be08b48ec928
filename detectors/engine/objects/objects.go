// Package objects reads inputs from, and writes reports and cache entries
// to, S3-compatible object storage (AWS S3, GCS interoperability, MinIO,
// Ceph, R2), configured by the standard AWS_* environment.
//
// An object is read like a file: its size is known (and capped) before a
// byte is read, the same bytes give the same result, and objects are only
// ever read from the buckets given as inputs.
package objects

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/provcheck/provcheck/detectors/engine"
)

// Scheme is the URL scheme of object inputs and outputs.
const Scheme = "s3://"

// IsURL reports whether s names an object or a prefix.
func IsURL(s string) bool { return strings.HasPrefix(s, Scheme) }

// Location is a bucket and a key (or key prefix).
type Location struct {
	Bucket, Key string
}

// Parse reads s3://bucket/key or s3://bucket/prefix/.
func Parse(s string) (Location, error) {
	if !IsURL(s) {
		return Location{}, fmt.Errorf("%q is not an s3:// URL", s)
	}
	bucket, key, _ := strings.Cut(strings.TrimPrefix(s, Scheme), "/")
	if bucket == "" {
		return Location{}, fmt.Errorf("%q: no bucket", s)
	}
	return Location{Bucket: bucket, Key: key}, nil
}

func (l Location) String() string { return Scheme + l.Bucket + "/" + l.Key }

// IsPrefix reports whether the location names a folder-like prefix (empty
// or ending in /) rather than one object.
func (l Location) IsPrefix() bool { return l.Key == "" || strings.HasSuffix(l.Key, "/") }

// Store is a client for one S3 endpoint.
type Store struct {
	c *minio.Client
}

// FromEnv builds a client from the standard environment:
// AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (a custom endpoint, addressed
// path-style, as MinIO, Ceph and most others want), AWS_REGION (or
// AWS_DEFAULT_REGION), and credentials from AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, else the shared credentials
// file, else the instance or pod role (IAM, web identity).
func FromEnv() (*Store, error) {
	endpoint, secure, lookup := "s3.amazonaws.com", true, minio.BucketLookupAuto
	for _, name := range []string{"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"} {
		raw := os.Getenv(name)
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("%s %q: want http(s)://host[:port]", name, raw)
		}
		endpoint, secure, lookup = u.Host, u.Scheme == "https", minio.BucketLookupPath
		break
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = os.Getenv("AWS_DEFAULT_REGION")
	}
	creds := credentials.NewChainCredentials([]credentials.Provider{
		&credentials.EnvAWS{},
		&credentials.FileAWSCredentials{},
		&credentials.IAM{Client: &http.Client{Transport: http.DefaultTransport}},
	})
	c, err := minio.New(endpoint, &minio.Options{
		Creds: creds, Secure: secure, Region: region, BucketLookup: lookup,
		// Network errors and throttling are retried with backoff by the
		// client (and reads once more by the engine).
		MaxRetries: 5,
	})
	if err != nil {
		return nil, fmt.Errorf("s3 client: %w", err)
	}
	return &Store{c: c}, nil
}

// classify maps S3 errors onto the file errors the engine knows, so a
// missing object reads as a missing file and a refused one as a
// permission error (neither is retried).
func classify(err error, what string) error {
	if err == nil {
		return nil
	}
	resp := minio.ToErrorResponse(err)
	switch {
	case resp.Code == "NoSuchBucket":
		// %w twice, not errors.Join: the message stays on one line.
		return fmt.Errorf("%s: bucket does not exist (%w, %w)", what, ErrBucket, os.ErrNotExist)
	case resp.Code == "NoSuchKey" || resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%s: %w", what, os.ErrNotExist)
	case resp.Code == "AccessDenied" || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("%s: access denied (%s): %w", what, resp.Message, os.ErrPermission)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// ErrBucket marks an error about a whole bucket (missing or refused),
// which callers report once instead of once per object.
var ErrBucket = errors.New("bucket unusable")

// CheckBucket says, in one error, when a bucket does not exist or cannot
// be used with these credentials.
func (s *Store) CheckBucket(ctx context.Context, bucket string) error {
	ok, err := s.c.BucketExists(ctx, bucket)
	if err != nil {
		err = classify(err, Scheme+bucket)
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("%w (%w)", err, ErrBucket)
		}
		return err
	}
	if !ok {
		return fmt.Errorf("%s%s: bucket does not exist: %w", Scheme, bucket, ErrBucket)
	}
	return nil
}

// Info is what a listing says about one object.
type Info struct {
	Loc     Location
	Size    int64
	Version string // ETag, size and modification time: changes with the content
}

// List calls yield for every object under a prefix (recursively), in key
// order.
func (s *Store) List(ctx context.Context, prefix Location, yield func(Info) error) error {
	for o := range s.c.ListObjects(ctx, prefix.Bucket, minio.ListObjectsOptions{Prefix: prefix.Key, Recursive: true}) {
		if o.Err != nil {
			return classify(o.Err, prefix.String())
		}
		if strings.HasSuffix(o.Key, "/") {
			continue // a folder marker, not a file
		}
		if err := yield(Info{Loc: Location{prefix.Bucket, o.Key}, Size: o.Size, Version: version(o)}); err != nil {
			return err
		}
	}
	return nil
}

// Stat describes one object.
func (s *Store) Stat(ctx context.Context, loc Location) (Info, error) {
	o, err := s.c.StatObject(ctx, loc.Bucket, loc.Key, minio.StatObjectOptions{})
	if err != nil {
		return Info{}, classify(err, loc.String())
	}
	return Info{Loc: loc, Size: o.Size, Version: version(o)}, nil
}

func version(o minio.ObjectInfo) string {
	return fmt.Sprintf("%s/%d/%d", strings.Trim(o.ETag, `"`), o.Size, o.LastModified.UnixNano())
}

// Open starts reading an object. The size comes with the answer's headers,
// before the body is read, so a caller can refuse it first. It is one GET:
// minio.Client's GetObject sends a HEAD first when asked for the size
// before reading, which doubled the requests of every object read and
// every lookup in a shared cache.
func (s *Store) Open(ctx context.Context, loc Location) (io.ReadCloser, int64, error) {
	rc, info, _, err := minio.Core{Client: s.c}.GetObject(ctx, loc.Bucket, loc.Key, minio.GetObjectOptions{})
	if err != nil {
		return nil, 0, classify(err, loc.String())
	}
	return rc, info.Size, nil
}

// partSize is the multipart upload part: what an upload of unknown length
// holds in memory at once.
const partSize = 16 << 20

// Put writes an object from r (of unknown length when size < 0).
func (s *Store) Put(ctx context.Context, loc Location, r io.Reader, size int64, contentType string) error {
	// Unsigned payloads, not the streaming (aws-chunked) signature the
	// client uses over plain HTTP, which not every S3 implementation
	// decodes; over HTTPS, TLS protects the body.
	_, err := s.c.PutObject(ctx, loc.Bucket, loc.Key, r, size, minio.PutObjectOptions{ContentType: contentType, PartSize: partSize, DisableContentSha256: true})
	return classify(err, loc.String())
}

// Get reads a whole small object, refusing one larger than max.
func (s *Store) Get(ctx context.Context, loc Location, max int64) ([]byte, error) {
	rc, size, err := s.Open(ctx, loc)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if size > max {
		return nil, fmt.Errorf("%s: %d bytes, more than %d", loc, size, max)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, classify(err, loc.String())
	}
	return b, nil
}

// Writer uploads what is written to it as one object when committed; an
// upload that is not committed leaves nothing behind.
type Writer struct {
	pw   *io.PipeWriter
	done chan error
}

// Create starts an upload to loc.
func (s *Store) Create(ctx context.Context, loc Location, contentType string) *Writer {
	pr, pw := io.Pipe()
	w := &Writer{pw: pw, done: make(chan error, 1)}
	go func() {
		err := s.Put(ctx, loc, pr, -1, contentType)
		pr.CloseWithError(err) // unblocks a writer if the upload failed
		w.done <- err
	}()
	return w
}

func (w *Writer) Write(p []byte) (int, error) { return w.pw.Write(p) }

// Close finishes the upload (commit) or abandons it.
func (w *Writer) Close(commit bool) error {
	if !commit {
		w.pw.CloseWithError(errors.New("upload abandoned"))
		<-w.done
		return nil
	}
	w.pw.Close()
	return <-w.done
}

// Object returns the engine's view of a listed object.
func (s *Store) Object(info Info) engine.Object { return object{s, info} }

type object struct {
	s    *Store
	info Info
}

func (o object) Open(ctx context.Context) (io.ReadCloser, int64, error) {
	return o.s.Open(ctx, o.info.Loc)
}

func (o object) Version() string { return o.info.Version }

// maxCacheEntry bounds a cache entry read back, as the local cache does.
const maxCacheEntry = 16 << 20

// Cache is a results cache in a bucket, shared by every worker: the same
// entries, under the same keys and layout, as the local cache folder.
type Cache struct {
	s      *Store
	prefix Location
}

// Cache returns the results cache under a prefix.
func (s *Store) Cache(prefix Location) *Cache {
	if prefix.Key != "" && !strings.HasSuffix(prefix.Key, "/") {
		prefix.Key += "/"
	}
	return &Cache{s: s, prefix: prefix}
}

// cacheLayout matches the local cache's folder layout version.
const cacheLayout = "v1/"

func (c *Cache) loc(key string) (Location, bool) {
	if len(key) != 64 {
		return Location{}, false
	}
	return Location{c.prefix.Bucket, c.prefix.Key + cacheLayout + key[:2] + "/" + key[2:]}, true
}

// Get returns an entry; any failure is a miss.
func (c *Cache) Get(key string) ([]byte, bool) {
	loc, ok := c.loc(key)
	if !ok {
		return nil, false
	}
	b, err := c.s.Get(context.Background(), loc, maxCacheEntry)
	return b, err == nil
}

// Put stores an entry. An object is replaced whole, so concurrent writers
// of the same key leave one of their (equal) values.
func (c *Cache) Put(key string, value []byte) error {
	loc, ok := c.loc(key)
	if !ok {
		return errors.New("cache: bad key")
	}
	return c.s.Put(context.Background(), loc, bytes.NewReader(value), int64(len(value)), "application/json")
}
