package reports

import (
	"context"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeViolation is one rule axe-core found broken, with the elements.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target, Summary string }
}

// TestHTMLAccessibility runs the vendored axe-core (testdata/axe) on the
// HTML report at 1400 and 390 px, every fold open, and fails on any
// serious or critical violation. It also checks what axe cannot: the
// verdict filter is a named group of radios inside a navigation landmark,
// and moving through it with the keyboard shows where the focus is.
func TestHTMLAccessibility(t *testing.T) {
	bin := findChromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	html := render(t, HTMLWriter{Thumbnail: func(f *FileResult) template.URL {
		if f.MediaType == "image/png" {
			return mustThumb(t)
		}
		return ""
	}}, fixture())
	if err := os.WriteFile(page, html, 0o644); err != nil {
		t.Fatal(err)
	}
	lib, err := os.ReadFile(filepath.Join("..", "testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	run, err := os.ReadFile(filepath.Join("..", "testdata", "axe", "run.js"))
	if err != nil {
		t.Fatal(err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1400, 900),
	)
	// Generous: a loaded two-core machine runs Chromium slowly.
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	u := url.URL{Scheme: "file", Path: filepath.ToSlash(page)}
	for _, size := range []struct {
		name string
		w, h int64
	}{{"desktop", 1400, 900}, {"phone", 390, 844}} {
		if err := chromedp.Do(bctx,
			chromedp.EmulateViewport(size.w, size.h),
			chromedp.Navigate(u.String()),
			chromedp.WaitVisible(chromedp.ID("summary")),
			chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = true)`),
			// A badge of every verdict, so colour contrast is checked for
			// the verdicts the fixture does not have.
			chromedp.Evaluate[chromedp.Void](`(() => {
				const p = document.createElement("p");
				for (const v of `+verdictList()+`) {
					const b = document.createElement("span");
					b.className = "badge v-" + v;
					b.textContent = v;
					p.append(b, " ");
				}
				document.querySelector("main").append(p);
			})()`),
			chromedp.Evaluate[chromedp.Void](string(lib)),
		); err != nil {
			t.Fatalf("%s: %v", size.name, err)
		}
		vs, err := chromedp.Run(bctx, chromedp.Evaluate[[]axeViolation](string(run), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: running axe: %v", size.name, err)
		}
		serious := 0
		for _, v := range vs {
			var targets []string
			for _, n := range v.Nodes {
				targets = append(targets, n.Target)
			}
			msg := size.name + ": axe " + v.Impact + " " + v.ID + " (" + v.Help + ") on " + strings.Join(targets, ", ")
			if v.Impact == "serious" || v.Impact == "critical" {
				serious++
				t.Error(msg + "\n  " + v.Nodes[0].Summary)
			} else {
				t.Log(msg)
			}
		}
		t.Logf("%s: axe-core found %d violations, %d serious or critical", size.name, len(vs), serious)
	}

	// The filter's radios: one named group in a navigation landmark.
	type group struct {
		Radios, Grouped int
		Legend, Nav     string
	}
	g, err := chromedp.Run(bctx, chromedp.Evaluate[group](`({
		Radios: document.querySelectorAll('input[name=verdict]').length,
		Grouped: document.querySelectorAll('nav fieldset input[name=verdict]').length,
		Legend: (document.querySelector('nav fieldset > legend') || {}).textContent || "",
		Nav: (document.querySelector('nav') || {getAttribute: () => ""}).getAttribute('aria-label') || "",
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if g.Radios == 0 || g.Grouped != g.Radios || strings.TrimSpace(g.Legend) == "" || g.Nav == "" {
		t.Errorf("verdict filter: %+v, want every radio in a fieldset with a legend inside a named nav", g)
	}

	// Keyboard: Tab reaches the filter; arrows move through it; the label
	// of the focused radio shows an outline, and choosing filters the cards.
	reached := false
	for range 20 {
		if err := chromedp.Do(bctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		name, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.name || "" : ""`))
		if name == "verdict" {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatal("Tab does not reach the verdict filter")
	}
	if err := chromedp.Do(bctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	type focus struct {
		ID, Outline string
		Width       float64
	}
	f, err := chromedp.Run(bctx, chromedp.Evaluate[focus](`(() => {
		const r = document.activeElement;
		const l = document.querySelector('label[for="' + r.id + '"]');
		const cs = getComputedStyle(l);
		return {ID: r.id, Outline: cs.outlineStyle, Width: parseFloat(cs.outlineWidth)};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != "f-review" || f.Outline == "none" || f.Width < 2 {
		t.Errorf("keyboard focus on the filter: %+v, want f-review with a visible outline on its label", f)
	}
	shown, err := chromedp.Run(bctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('article.card')).filter(e => e.offsetParent !== null).length`))
	want, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('article.card.needs-review').length`))
	if err != nil || shown != want {
		t.Errorf("after choosing needs review with the keyboard, %d cards show, want %d (%v)", shown, want, err)
	}
}

// verdictList is every verdict as a JavaScript array literal.
func verdictList() string {
	var q []string
	for _, v := range Verdicts {
		q = append(q, `"`+string(v)+`"`)
	}
	return "[" + strings.Join(q, ",") + "]"
}
