package web

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// The privacy note tells the truth: with outside classifiers off this
// machine, the page says files leave it, and to where.
func TestPageSaysWhereFilesGo(t *testing.T) {
	page := func(change func(*Options)) string {
		_, ts := newTestServer(t, change)
		resp, err := http.Get(ts.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	local := page(nil)
	if !strings.Contains(local, "Nothing leaves this computer") || strings.Contains(local, "Files leave this computer") {
		t.Error("the default page does not say nothing leaves")
	}
	remote := page(func(o *Options) { o.SentTo = []string{"api.example.com", "gpu.example.net:8443"} })
	if strings.Contains(remote, "Nothing leaves this computer") || !strings.Contains(remote, "Files leave this computer") ||
		!strings.Contains(remote, "api.example.com, gpu.example.net:8443") {
		t.Error("with remote classifiers the page does not say the files leave, and where to")
	}
}
