package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeViolation is one rule axe-core found broken, with the elements.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target, Summary string }
}

// runAxe runs the vendored axe-core (testdata/axe) on the page as it is
// now and fails the test on every serious or critical violation; lesser
// ones are logged.
func runAxe(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	dir := filepath.Join("..", "testdata", "axe")
	lib, err := os.ReadFile(filepath.Join(dir, "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	run, err := os.ReadFile(filepath.Join(dir, "run.js"))
	if err != nil {
		t.Fatal(err)
	}
	// Loaded once per page: it stays until the page navigates.
	if loaded, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== "undefined"`)); !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(lib))); err != nil {
			t.Fatalf("%s: loading axe: %v", where, err)
		}
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](string(run), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: running axe: %v", where, err)
	}
	serious := 0
	for _, v := range vs {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, n.Target)
		}
		msg := where + ": axe " + v.Impact + " " + v.ID + " (" + v.Help + ") on " + strings.Join(targets, ", ")
		if v.Impact == "serious" || v.Impact == "critical" {
			serious++
			t.Error(msg + "\n  " + v.Nodes[0].Summary)
		} else {
			t.Log(msg)
		}
	}
	t.Logf("%s: axe-core found %d violations, %d serious or critical", where, len(vs), serious)
}

// TestBrowserAccessibility runs axe-core on the page at a desktop width
// and at 390 px: empty, then with six files checked (a photo with GPS, an
// HEIC, a C2PA file, an AI PNG, a chatbot text and a text with hidden
// characters) and every card shown with every fold opened. It fails on any
// serious or critical violation, on a page wider than the window, and on a
// table that scrolls sideways without being reachable by keyboard.
func TestBrowserAccessibility(t *testing.T) {
	_, ts := newTestServer(t, nil)
	hidden, err := filepath.Abs(filepath.Join(samplesDir, "text_hidden_characters.txt"))
	if err != nil {
		t.Fatal(err)
	}
	files := append(deskFiles(t), hidden)
	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1400, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			ctx, watch := newBrowser(t, ts.URL, size.w, size.h)
			if err := chromedp.Do(ctx,
				chromedp.EmulateViewport(int64(size.w), int64(size.h)),
				chromedp.Navigate(ts.URL+"/"),
				chromedp.WaitReady(chromedp.CSS("#file")),
			); err != nil {
				t.Fatalf("loading the page: %v", err)
			}
			// Before any result, the skip link leads somewhere visible.
			target, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
				const id = document.querySelector("a.skip").getAttribute("href").slice(1);
				const el = document.getElementById(id);
				return !!el && el.offsetParent !== null;
			})()`))
			if err != nil || !target {
				t.Errorf("the skip link targets a hidden element before results exist (%v)", err)
			}
			runAxe(t, ctx, size.name+" empty page")

			if err := chromedp.Do(ctx,
				chromedp.SetUploadFiles(chromedp.CSS("#file"), files),
				chromedp.Poll[chromedp.Void](`document.querySelectorAll("#summary-rows tr").length === 6`, chromedp.WithPollingTimeout(2*time.Minute)),
			); err != nil {
				t.Fatalf("upload: %v", err)
			}
			runAxe(t, ctx, size.name+" summary")
			// Open one card through its row (as a reviewer does), then show
			// every card with every fold open, so one axe run sees all the
			// content the page can show.
			if err := chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`#summary-rows a[data-card="file-0"]`)),
				chromedp.Poll[chromedp.Void](`!document.getElementById("file-0").hidden`, chromedp.WithPollingTimeout(20*time.Second)),
				chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("#cards .card").forEach(c => c.hidden = false);
					document.querySelectorAll("#cards details").forEach(d => d.open = true)`),
				// The wrappers are re-measured when they change size.
				chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise),
			); err != nil {
				t.Fatalf("opening the cards: %v", err)
			}
			where := size.name + " every card and fold open"
			if over, _ := chromedp.Run(ctx, chromedp.Evaluate[int](overflow)); over > 0 {
				t.Errorf("%s: the page is %d px wider than the %d px window", where, over, size.w)
			}
			// A sideways-scrolling table must take keyboard focus.
			stuck, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#cards .table-wrap"))
				.filter(w => w.scrollWidth > w.clientWidth + 1 && w.tabIndex < 0).map(w => w.getAttribute("data-label") || "?")`))
			if err != nil {
				t.Fatal(err)
			}
			if len(stuck) > 0 {
				t.Errorf("%s: tables scroll sideways but take no keyboard focus: %v", where, stuck)
			}
			scrollers, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#cards .table-wrap[tabindex='0'][role=region][aria-label]").length`))
			t.Logf("%s: %d tables scroll sideways, each focusable and named", where, scrollers)
			runAxe(t, ctx, where)
			watch.check(t)
		})
	}
}
