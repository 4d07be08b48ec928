package reports

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium returns a headless-capable browser, or skips: CI installs
// Debian's chromium and sets PROVCHECK_REQUIRE_BROWSER=1, so there the
// test cannot skip silently.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("PROVCHECK_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium binary, and PROVCHECK_REQUIRE_BROWSER is set")
	}
	t.Skip("no chromium binary on PATH")
	return ""
}

// TestHTMLInBrowser opens the HTML report in headless Chromium: the verdict
// badges and file cards render, the verdict filter works without any
// script, the page's own scripts-free policy holds (the hostile file name
// runs nothing), and a screenshot is saved.
func TestHTMLInBrowser(t *testing.T) {
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

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1200, 900),
	)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	visible := `Array.from(document.querySelectorAll('article.card')).filter(e => e.offsetParent !== null).length`
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(page)}
	if err := chromedp.Do(bctx, chromedp.Navigate(u.String()), chromedp.WaitVisible(chromedp.ID("summary"))); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	eval := func(expr string) int {
		t.Helper()
		n, err := chromedp.Run(bctx, chromedp.Evaluate[int](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return n
	}
	title, err := chromedp.Run(bctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	badges := eval(`document.querySelectorAll('nav .badge, article .badge').length`)
	cards := eval(`document.querySelectorAll('article.card').length`)
	thumbs := eval(`Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length`)
	visibleAll := eval(visible)
	scripts := eval(`document.querySelectorAll('script').length`)
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatal(err)
	}
	// Decisions: the script shows its bar; a reviewer marks the first card
	// authentic with a note and initials, and the export holds that.
	decideBar := eval(`document.getElementById('decide-bar').hidden ? 0 : 1`)
	var decided, ignoreYAML string
	if err := chromedp.Do(bctx,
		chromedp.SendKeys(chromedp.ID("decide-initials"), "AB"),
		chromedp.Click(chromedp.CSS(`fieldset.decide input[value="authentic"]`)),
		chromedp.SendKeys(chromedp.CSS(`fieldset.decide input.decide-note`), "original obtained"),
	); err != nil {
		t.Fatal(err)
	}
	if decided, err = chromedp.Run(bctx, chromedp.Evaluate[string](`JSON.stringify(window.provcheckDecisions())`)); err != nil {
		t.Fatal(err)
	}
	if ignoreYAML, err = chromedp.Run(bctx, chromedp.Evaluate[string](`window.provcheckIgnoreYAML()`)); err != nil {
		t.Fatal(err)
	}
	// The reveal: every badge drawn, and the block fits a phone's width.
	marks := eval(`document.querySelectorAll('section.reveal mark.rv').length`)
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	revealOverflow := eval(`(() => { const r = document.querySelector('section.reveal'); return r.scrollWidth - r.clientWidth })()`)
	pageOverflow := eval(`document.documentElement.scrollWidth - window.innerWidth`)
	if err := chromedp.Do(bctx, chromedp.ScrollIntoView(chromedp.CSS("section.reveal"))); err != nil {
		t.Fatal(err)
	}
	phoneShot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1200, 900)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`label[for="f-ai-declared"]`))); err != nil {
		t.Fatal(err)
	}
	visibleDeclared := eval(visible)
	pwned := scripts != 1
	if cards != 5 || visibleAll != 5 {
		t.Errorf("%d cards, %d visible; want 5", cards, visibleAll)
	}
	if badges < 5+4 { // a badge per card, and one per verdict in the filter
		t.Errorf("%d verdict badges rendered", badges)
	}
	if thumbs != 1 {
		t.Errorf("%d thumbnails decoded, want 1", thumbs)
	}
	if visibleDeclared != 1 {
		t.Errorf("filter by ai-declared shows %d cards, want 1", visibleDeclared)
	}
	if marks != 8 {
		t.Errorf("%d reveal badges drawn, want 8", marks)
	}
	if revealOverflow > 0 || pageOverflow > 1 {
		t.Errorf("on a phone the reveal is %d px and the page %d px wider than the screen", revealOverflow, pageOverflow)
	}
	if pwned {
		t.Errorf("the page holds %d script elements, want only its own", scripts)
	}
	if decideBar != 1 {
		t.Error("the decisions script did not run (its hash is not what the policy allows?)")
	}
	checkDecisionExport(t, decided, ignoreYAML)
	if title == "" {
		t.Error("no title")
	}
	out := os.Getenv("PROVCHECK_SCREENSHOT_DIR")
	if out == "" {
		out = dir
	}
	shotPath := filepath.Join(out, "html-report.jpg")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Log("screenshot:", shotPath, fmt.Sprintf("(%d bytes)", len(shot)))
	phonePath := filepath.Join(out, "html-report-phone.png")
	if err := os.WriteFile(phonePath, phoneShot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Log("screenshot:", phonePath)
}

// checkDecisionExport reads what the page would export: a decisions file
// the scan reads back, naming the first file that has a hash, and an
// ignore file the ignore reader accepts.
func checkDecisionExport(t *testing.T, decided, ignoreYAML string) {
	t.Helper()
	d, err := ParseDecisions([]byte(decided))
	if err != nil {
		t.Fatalf("exported decisions do not parse: %v\n%s", err, decided)
	}
	r := fixture()
	r.Sort()
	var first FileResult
	for _, f := range r.Files {
		if f.SHA256 != "" {
			first = f
			break
		}
	}
	if !d.Apply(&first) || first.Decision.Decision != DecisionAuthentic || first.Decision.Reviewer != "AB" || first.Decision.Note != "original obtained" {
		t.Errorf("exported decision %+v, from %s", first.Decision, decided)
	}
	if d.Len() != 1 {
		t.Errorf("%d decisions exported, want 1: %s", d.Len(), decided)
	}
	l, err := ParseIgnore("export.yaml", []byte(ignoreYAML), time.Now())
	if err != nil || len(l.entries) != 1 || l.entries[0].SHA256 != first.SHA256 {
		t.Errorf("exported ignore file: %v\n%s", err, ignoreYAML)
	}
}
