package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// TestScaleS3Server is a helper of .ci/scale, not a test: with
// PROVCHECK_SCALE_S3_DIR set it serves an S3 endpoint on loopback whose
// buckets are the folders of DIR, each loaded with the files below it
// (in memory: gofakes3's folder backend does not list nested keys),
// writes its URL to PROVCHECK_SCALE_S3_URL, and answers until SIGTERM.
// The S3 server stays test-only: it never enters the provcheck binary.
func TestScaleS3Server(t *testing.T) {
	dir, urlFile := os.Getenv("PROVCHECK_SCALE_S3_DIR"), os.Getenv("PROVCHECK_SCALE_S3_URL")
	if dir == "" || urlFile == "" {
		t.Skip("a helper of .ci/scale: set PROVCHECK_SCALE_S3_DIR and PROVCHECK_SCALE_S3_URL")
	}
	backend := s3mem.New()
	// What gofakes3 records for an object uploaded over HTTP.
	meta := map[string]string{"Last-Modified": time.Now().UTC().Format(http.TimeFormat)}
	buckets, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range buckets {
		if !b.IsDir() {
			continue
		}
		if err := backend.CreateBucket(b.Name()); err != nil {
			t.Fatal(err)
		}
		root := filepath.Join(dir, b.Name())
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			_, err = backend.PutObject(b.Name(), filepath.ToSlash(rel), meta, bytes.NewReader(data), int64(len(data)), nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: gofakes3.New(backend, gofakes3.WithTimeSkewLimit(0)).Server()}
	tmp := urlFile + ".tmp"
	if err := os.WriteFile(tmp, []byte("http://"+ln.Addr().String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, urlFile); err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Shutdown(context.Background())
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		t.Fatal(err)
	}
}
