package web

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

// findChromium returns a Chromium binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserSample is the file the browser test uploads: a C2PA file from the
// shared corpus when it is there (an edit of an AI image, so the panel has
// actions and an ingredient), else a sample shipped with the repository.
func browserSample(t *testing.T) string {
	if p, ok := corpus.Has("c2pa", "gen_edit_of_ai.jpg"); ok {
		return p
	}
	t.Logf("../shared/corpus missing: uploading a repository sample instead")
	return filepath.Join(samplesDir, "ai_iptc_digital_source_type.jpg")
}

// pageWatch records what the page does that it should not: script errors,
// console errors (CSP violations land there) and requests that leave the
// test server.
type pageWatch struct {
	mu       sync.Mutex
	problems []string
	host     string
}

func (w *pageWatch) listen(ev any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		w.problems = append(w.problems, "exception: "+ev.ExceptionDetails.Text)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			w.problems = append(w.problems, "console.error")
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			w.problems = append(w.problems, "log: "+ev.Entry.Text)
		}
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(ev.Request.URL)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Host != w.host) {
			w.problems = append(w.problems, "request left the server: "+ev.Request.URL)
		}
	}
}

func (w *pageWatch) check(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Error(p)
	}
}

// TestBrowserUpload drives the page in headless Chromium: upload a file
// through the file input, read the verdict badge and the C2PA panel, check
// them against the engine, look at the page on a phone-sized screen, and
// paste text. Screenshots go to t.TempDir(), and to $PROVCHECK_SCREENSHOTS
// when set.
func TestBrowserUpload(t *testing.T) {
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("PROVCHECK_REQUIRE_BROWSER") != "" {
			t.Fatal("no Chromium found and PROVCHECK_REQUIRE_BROWSER is set")
		}
		t.Skip("no Chromium binary on PATH (install Debian's chromium to run the browser test)")
	}
	s, ts := newTestServer(t, func(o *Options) { o.VisualAids = true })
	sample := browserSample(t)
	abs, err := filepath.Abs(sample)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		t.Fatal(err)
	}
	want := s.opts.Engine.ScanBytes(t.Context(), "", filepath.Base(abs), data)
	t.Logf("uploading %s: engine says %s, C2PA %s", sample, want.Verdict, want.Provenance.C2PA.State)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancelAlloc()
	srvURL, _ := url.Parse(ts.URL)
	watch := &pageWatch{host: srvURL.Host}
	ctx, cancelTab := chromedp.NewContext(actx, chromedp.WithListener(watch.listen))
	defer cancelTab()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	// The page, then the keyboard: Tab from the top reaches the file picker.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitReady(chromedp.CSS("#file")),
	); err != nil {
		t.Fatalf("loading the page: %v", err)
	}
	reached := false
	for range 6 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
		if err != nil {
			t.Fatal(err)
		}
		if id == "file" {
			reached = true
			break
		}
	}
	if !reached {
		t.Error("the file picker is not reachable with Tab")
	}

	// Upload through the file input, as a person picking a file does.
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{abs}),
		chromedp.WaitVisible(chromedp.CSS("#cards .card .verdict")),
	); err != nil {
		t.Fatalf("upload: %v", err)
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return strings.TrimSpace(v)
	}
	if got := text("#cards .card .verdict"); got != string(want.Verdict) {
		t.Errorf("verdict badge %q, want %q", got, want.Verdict)
	}
	if got := text("#cards .card h3"); got != filepath.Base(abs) {
		t.Errorf("card title %q", got)
	}
	c2 := want.Provenance.C2PA
	state, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("#cards .card .c2pa .c2pa-state")))
	if got := strings.TrimSpace(state); err != nil || got != c2.State {
		t.Errorf("C2PA state %q, want %q", got, c2.State)
	}
	panel := text("#cards .card .c2pa")
	for _, must := range []string{c2.Signer, c2.ClaimGenerator} {
		if must != "" && !strings.Contains(panel, must) {
			t.Errorf("C2PA panel lacks %q:\n%s", must, panel)
		}
	}
	for _, a := range c2.Actions {
		if !strings.Contains(panel, a.Action) {
			t.Errorf("C2PA panel lacks the action %q", a.Action)
		}
	}
	if len(c2.Ingredients) > 0 {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#cards .card .c2pa .ingredient").length`))
		if err != nil || n < len(c2.Ingredients) {
			t.Errorf("ingredient tree has %d nodes, want at least %d (%v)", n, len(c2.Ingredients), err)
		}
	}
	if strings.HasPrefix(want.MediaType, "image/") {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#cards .card .aid img").length`))
		if err != nil || n != 2 {
			t.Errorf("visual aids shown: %d, want 2 (%v)", n, err)
		}
	}
	if c2.State == reports.C2PANone && !strings.Contains(panel, "proves nothing") {
		t.Errorf("C2PA panel for no manifest does not say absence proves nothing:\n%s", panel)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#cards .card .signal").length`)); n != len(want.Signals) {
		t.Errorf("%d signals shown, want %d", n, len(want.Signals))
	}
	if src, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("#cards .card img.thumb")||{}).src||""`)); !strings.HasPrefix(src, "data:image/") {
		t.Errorf("no re-encoded thumbnail: %.40q", src)
	}
	shot(t, ctx, "desktop.png")

	// A phone: nothing wider than the screen.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("the page is wider than a phone screen")
	}
	shot(t, ctx, "phone.png")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}

	// Paste text and check it.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#text"), "As an AI language model, I cannot browse the internet.\n\nSincerely,\n[Your Name]\n"),
		chromedp.Click(chromedp.CSS("#text-form button")),
		chromedp.Poll[chromedp.Void](`document.querySelector("#cards .card h3") && document.querySelector("#cards .card h3").textContent === "pasted text"`),
	); err != nil {
		t.Fatalf("pasted text: %v", err)
	}
	if got := text("#cards .card .verdict"); got == "" || got == string(reports.VerdictError) {
		t.Errorf("pasted text verdict %q", got)
	}

	checkRevealPaste(t, ctx)

	// Drop a file on the page, away from the picker: anywhere works.
	dropped, _ := filepath.Abs(filepath.Join(samplesDir, "ai_comfyui_workflow.png"))
	dragData := &input.DragData{Items: []*input.DragDataItem{}, Files: []string{dropped}, DragOperationsMask: 1}
	for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
		if _, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: 640, Y: 60, Data: dragData}); err != nil {
			t.Fatalf("drag %s: %v", typ, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`(document.querySelector("#cards .card h3")||{}).textContent === "ai_comfyui_workflow.png"`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("dropped file not checked: %v", err)
	}
	if got := text("#cards .card .verdict"); got != string(reports.VerdictAIDeclared) {
		t.Errorf("dropped ComfyUI PNG: verdict %q, want ai-declared", got)
	}
	watch.check(t)

	// A server with a token: the page shows the token field, says so on a
	// 401, and works once the token is typed.
	_, tokTS := newTestServer(t, func(o *Options) { o.Token = "open-sesame" })
	tokURL, _ := url.Parse(tokTS.URL)
	watch.mu.Lock()
	watch.host = tokURL.Host
	watch.mu.Unlock()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(tokTS.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{abs}),
		chromedp.Poll[chromedp.Void](`document.querySelector("#status").textContent.includes("token")`, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.SetValue(chromedp.CSS("#token"), "open-sesame"),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{abs}),
		chromedp.WaitVisible(chromedp.CSS("#cards .card .verdict")),
	); err != nil {
		t.Fatalf("token flow: %v", err)
	}
	if got := text("#cards .card .verdict"); got != string(want.Verdict) {
		t.Errorf("with a token: verdict %q, want %q", got, want.Verdict)
	}
	// The 401 is expected here and shows in the console; nothing else may.
	watch.mu.Lock()
	var rest []string
	for _, p := range watch.problems {
		if !strings.Contains(p, "401") {
			rest = append(rest, p)
		}
	}
	watch.problems = rest
	watch.mu.Unlock()
	watch.check(t)
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	dirs := []string{t.TempDir()}
	if d := os.Getenv("PROVCHECK_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}
}

// checkRevealPaste pastes a text with a zero-width space and a bidi
// override and checks the reveal view: both drawn as badges that name
// them, reachable with the keyboard, saying where they are when chosen,
// and fitting a phone's width.
func checkRevealPaste(t *testing.T, ctx context.Context) {
	t.Helper()
	const pasted = "Transfer the deposit to account 4471\u200b9023 before \u202eFriday\u202c, said the email.\n"
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#text"), pasted),
		chromedp.Click(chromedp.CSS("#text-form button")),
		chromedp.Poll[chromedp.Void](`document.querySelector("#cards .card .reveal button.rv-bidi-control") !== null`, chromedp.WithPollingTimeout(20*time.Second)),
	); err != nil {
		t.Fatalf("pasted hidden characters: no reveal: %v", err)
	}
	type marker struct{ Class, Label, Title, Text string }
	markers, err := chromedp.Run(ctx, chromedp.Evaluate[[]marker](`Array.from(document.querySelectorAll("#cards .card .reveal button.rv")).map(b => ({
		Class: b.className, Label: b.getAttribute("aria-label") || "", Title: b.title, Text: b.textContent}))`))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ class, label string }{
		{"rv-zero-width", "U+200B ZERO WIDTH SPACE"},
		{"rv-bidi-control", "U+202E RIGHT-TO-LEFT OVERRIDE"},
		{"rv-bidi-control", "U+202C POP DIRECTIONAL FORMATTING"},
	}
	if len(markers) != len(want) {
		t.Fatalf("%d markers, want %d: %+v", len(markers), len(want), markers)
	}
	for i, w := range want {
		m := markers[i]
		if !strings.Contains(m.Class, w.class) || !strings.Contains(m.Label, w.label) || !strings.Contains(m.Title, w.label) ||
			!strings.Contains(m.Text, "⟨"+w.label+"⟩") || !strings.Contains(m.Label, "line 1, column") {
			t.Errorf("marker %d: %+v, want class %s naming %s", i, m, w.class, w.label)
		}
	}
	// The invisible characters are in the badges, not in the text shown.
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelector("#cards .card .reveal .rv-text").childNodes).filter(n => n.nodeType === 3).map(n => n.data).join("")`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(shown, "\u200b\u202e\u202c") || !strings.Contains(shown, "account 4471") {
		t.Errorf("text around the badges: %q", shown)
	}
	// The evidence table does not repeat the excerpts as raw data.
	if raw, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#cards .card .signals").textContent.includes('"segments"')`)); raw {
		t.Error("the evidence table shows the reveal excerpts as JSON")
	}

	// Keyboard: Tab reaches a badge; Enter says what and where it is.
	reached := false
	for range 40 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		cls, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.className : ""`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(cls, "rv-zero-width") {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatal("the zero-width badge is not reachable with Tab")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	detail, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#cards .card .reveal .rv-detail").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "U+200B ZERO WIDTH SPACE"; !strings.Contains(detail, want) || !strings.Contains(detail, "byte 36") {
		t.Errorf("after Enter the detail reads %q, want %s at byte 36", detail, want)
	}

	// A phone: the reveal wraps within the screen.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.ScrollIntoView(chromedp.CSS("#cards .card .reveal"))); err != nil {
		t.Fatal(err)
	}
	over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Math.max(document.documentElement.scrollWidth - window.innerWidth,
		...Array.from(document.querySelectorAll("#cards .card .reveal .rv-text")).map(p => p.scrollWidth - p.clientWidth))`))
	if err != nil {
		t.Fatal(err)
	}
	if over > 1 {
		t.Errorf("on a phone the reveal is %d px wider than the screen", over)
	}
	shotViewport(t, ctx, "reveal-phone.png")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}

// shotViewport saves what the screen shows, like shot.
func shotViewport(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	dirs := []string{t.TempDir()}
	if d := os.Getenv("PROVCHECK_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}
}
