package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3afero"
	"github.com/spf13/afero"
)

// TestScaleS3Server is a helper of .ci/scale, not a test: with
// PROVCHECK_SCALE_S3_DIR set it serves that folder as an S3 endpoint on
// loopback (a bucket is a folder under DIR/buckets, as gofakes3's afero
// backend lays them out), writes its URL to PROVCHECK_SCALE_S3_URL, and
// answers until SIGTERM. The S3 server stays test-only: it never enters
// the provcheck binary.
func TestScaleS3Server(t *testing.T) {
	dir, urlFile := os.Getenv("PROVCHECK_SCALE_S3_DIR"), os.Getenv("PROVCHECK_SCALE_S3_URL")
	if dir == "" || urlFile == "" {
		t.Skip("a helper of .ci/scale: set PROVCHECK_SCALE_S3_DIR and PROVCHECK_SCALE_S3_URL")
	}
	backend, err := s3afero.MultiBucket(afero.NewBasePathFs(afero.NewOsFs(), dir))
	if err != nil {
		t.Fatal(err)
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
