package web

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	sharedcorpus "github.com/provcheck/provcheck/internal/corpus"
	"github.com/provcheck/provcheck/reports"
)

// deskFiles are the five files the desk test drops: from the shared corpus
// when it is there (a photo with GPS, an HEIC the preview cannot decode, a
// C2PA edit of an AI image), else samples shipped with the repository.
func deskFiles(t *testing.T) []string {
	t.Helper()
	pick := func(corpus, sample string) string {
		p, ok := sharedcorpus.Has(corpus)
		if !ok {
			p = filepath.Join(samplesDir, sample)
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	return []string{
		pick("images/camera_gps_DSCN0010.jpg", "camera_canon_eos.jpg"),
		pick("images/camera_heic_IMG_5195.HEIC", "edited_photoshop.jpg"),
		pick("c2pa/gen_edit_of_ai.jpg", "ai_iptc_digital_source_type.jpg"),
		pick("-", "ai_comfyui_workflow.png"),
		pick("-", "text_chatbot_reply.md"),
	}
}

// newBrowser starts headless Chromium for a test, or skips (fails with
// PROVCHECK_REQUIRE_BROWSER set) when there is none.
func newBrowser(t *testing.T, srvURL string, width, height int) (context.Context, *pageWatch) {
	t.Helper()
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("PROVCHECK_REQUIRE_BROWSER") != "" {
			t.Fatal("no Chromium found and PROVCHECK_REQUIRE_BROWSER is set")
		}
		t.Skip("no Chromium binary on PATH (install Debian's chromium to run the browser test)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	t.Cleanup(cancelAlloc)
	u, _ := url.Parse(srvURL)
	watch := &pageWatch{host: u.Host}
	ctx, cancelTab := chromedp.NewContext(actx, chromedp.WithListener(watch.listen))
	t.Cleanup(cancelTab)
	// Generous: a loaded two-core machine runs Chromium slowly.
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel)
	return ctx, watch
}

// dropFiles drops files on the page as a person dragging them does.
func dropFiles(t *testing.T, ctx context.Context, files []string) {
	t.Helper()
	data := &input.DragData{Items: []*input.DragDataItem{}, Files: files, DragOperationsMask: 1}
	for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
		if _, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: 200, Y: 60, Data: data}); err != nil {
			t.Fatalf("drag %s: %v", typ, err)
		}
	}
}

// summaryRow is one row of the summary table as the page shows it.
type summaryRow struct {
	Card, Name, Verdict, Review, Score, Signal string
	Thumb                                      bool
	Hidden                                     bool
}

const readRows = `Array.from(document.querySelectorAll("#summary-rows tr")).map(tr => ({
	Card: tr.getAttribute("data-card"),
	Name: tr.querySelector(".col-name").textContent.trim(),
	Verdict: tr.querySelector(".col-verdict .badge").textContent.trim(),
	Review: tr.querySelector(".col-review").textContent.trim(),
	Score: tr.querySelector(".col-score").textContent.trim(),
	Signal: tr.querySelector(".col-signal").textContent.trim(),
	Thumb: !!tr.querySelector("img.mini"),
	Hidden: tr.hidden || tr.offsetParent === null,
}))`

// overflow is how many CSS pixels the page is wider than the window.
const overflow = `document.documentElement.scrollWidth - window.innerWidth`

// TestBrowserDesk drops five files on the page at a desktop width and on
// a 360 px phone: the summary table comes first, with the engine's verdict,
// review flag and score per file; nothing is wider than the screen; each
// row's link opens that file's card and only that one; the verdict and
// review filters show exactly the matching rows; the cards list skipped
// checks and a GPS position with a map link that says it leaves the
// machine (and is not followed). Screenshots go to t.TempDir(), and to
// $PROVCHECK_SCREENSHOTS when set.
func TestBrowserDesk(t *testing.T) {
	s, ts := newTestServer(t, nil)
	files := deskFiles(t)
	want := map[string]reports.FileResult{}
	lead := map[string]string{} // the signal the summary should name
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fr, v := s.scanFile(t.Context(), filepath.Base(f), data, true)
		if v.Lead >= 0 {
			lead[filepath.Base(f)] = fr.Signals[v.Lead].Message
		}
		want[filepath.Base(f)] = fr
	}

	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1400, 900}, {"phone", 360, 780}} {
		t.Run(size.name, func(t *testing.T) {
			ctx, watch := newBrowser(t, ts.URL, size.w, size.h)
			if err := chromedp.Do(ctx,
				chromedp.EmulateViewport(int64(size.w), int64(size.h)),
				chromedp.Navigate(ts.URL+"/"),
				chromedp.WaitReady(chromedp.CSS("#file")),
			); err != nil {
				t.Fatalf("loading the page: %v", err)
			}
			dropFiles(t, ctx, files)
			if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.querySelectorAll("#summary-rows tr").length === 5`,
				chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
				t.Fatalf("no summary of five files: %v", err)
			}
			rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]summaryRow](readRows))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range rows {
				names = append(names, r.Name)
				fr, ok := want[r.Name]
				if !ok {
					t.Errorf("row for %q, which was not dropped", r.Name)
					continue
				}
				if r.Verdict != string(fr.Verdict) || (r.Review == "review") != fr.Review || r.Hidden {
					t.Errorf("row %s: %+v, engine says %s review=%v", r.Name, r, fr.Verdict, fr.Review)
				}
				if l, ok := lead[r.Name]; ok && r.Signal != l {
					t.Errorf("row %s: strongest signal %q, want %q", r.Name, r.Signal, l)
				}
			}
			if !slices.IsSorted(names) {
				t.Errorf("rows not in the report's order: %v", names)
			}
			// The table comes first: above every card, and no card is open.
			open, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll("#cards .card")).filter(c => !c.hidden).length`))
			if err != nil || open != 0 {
				t.Errorf("%d cards open before any row was chosen (%v)", open, err)
			}
			if over, _ := chromedp.Run(ctx, chromedp.Evaluate[int](overflow)); over > 0 {
				t.Errorf("the summary is %d px wider than the %d px window", over, size.w)
			}
			shotViewport(t, ctx, "desk-summary-"+size.name+".png")

			// Every row's link opens its card, and only its card.
			for _, r := range rows {
				if err := chromedp.Do(ctx,
					chromedp.Click(chromedp.CSS(`#summary-rows a[data-card="`+r.Card+`"]`)),
					chromedp.Poll[chromedp.Void](`!document.getElementById("`+r.Card+`").hidden`, chromedp.WithPollingTimeout(20*time.Second)),
				); err != nil {
					t.Fatalf("row %s: %v", r.Name, err)
				}
				type cardState struct {
					Title, Focused string
					Open           int
				}
				st, err := chromedp.Run(ctx, chromedp.Evaluate[cardState](`({
					Title: document.querySelector("#`+r.Card+` h3").textContent,
					Focused: document.activeElement ? document.activeElement.id : "",
					Open: Array.from(document.querySelectorAll("#cards .card")).filter(c => !c.hidden).length})`))
				if err != nil {
					t.Fatal(err)
				}
				if st.Title != r.Name || st.Open != 1 || st.Focused != r.Card {
					t.Errorf("row %s opened %+v", r.Name, st)
				}
				if over, _ := chromedp.Run(ctx, chromedp.Evaluate[int](overflow)); over > 0 {
					t.Errorf("card %s: the page is %d px wider than the %d px window", r.Name, over, size.w)
				}
				checkCard(t, ctx, r.Card, want[r.Name])
				if size.name == "phone" || r == rows[0] {
					shotViewport(t, ctx, "desk-card-"+size.name+"-"+r.Card+".png")
				}
			}

			// The filters show exactly the matching rows.
			verdicts := map[reports.Verdict]int{}
			review := 0
			for _, fr := range want {
				verdicts[fr.Verdict]++
				if fr.Review {
					review++
				}
			}
			visible := func() []summaryRow {
				t.Helper()
				rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]summaryRow](readRows))
				if err != nil {
					t.Fatal(err)
				}
				var out []summaryRow
				for _, r := range rows {
					if !r.Hidden {
						out = append(out, r)
					}
				}
				return out
			}
			for v, n := range verdicts {
				if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#filter-verdict"), string(v)),
					chromedp.Evaluate[chromedp.Void](`document.getElementById("filter-verdict").dispatchEvent(new Event("change"))`)); err != nil {
					t.Fatal(err)
				}
				got := visible()
				if len(got) != n {
					t.Errorf("verdict filter %s: %d rows, want %d", v, len(got), n)
				}
				for _, r := range got {
					if r.Verdict != string(v) {
						t.Errorf("verdict filter %s shows %s (%s)", v, r.Name, r.Verdict)
					}
				}
			}
			if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#filter-verdict"), ""),
				chromedp.SetValue(chromedp.CSS("#filter-review"), "yes"),
				chromedp.Evaluate[chromedp.Void](`document.getElementById("filter-review").dispatchEvent(new Event("change"))`)); err != nil {
				t.Fatal(err)
			}
			if got := visible(); len(got) != review {
				t.Errorf("review filter: %d rows, want %d", len(got), review)
			}
			count, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#filter-count")))
			if !strings.Contains(count, "of 5") {
				t.Errorf("filter count reads %q", count)
			}
			watch.check(t)
		})
	}
}

// checkCard checks an open card against the engine's result: skipped
// checks listed with their reason, a GPS position in decimal degrees with
// a map link that says it leaves the machine, a preview or a note saying
// why there is none.
func checkCard(t *testing.T, ctx context.Context, id string, fr reports.FileResult) {
	t.Helper()
	type cardInfo struct {
		Skipped           []string
		GPS, MapHref, Map string
		Thumb             bool
		Note              string
		Evidence          int
	}
	c, err := chromedp.Run(ctx, chromedp.Evaluate[cardInfo](`(() => {
		const c = document.getElementById("`+id+`");
		const a = c.querySelector(".gps a.outbound");
		return {
			Skipped: Array.from(c.querySelectorAll(".skipped li")).map(li => li.textContent),
			GPS: (c.querySelector(".gps-pos") || {}).textContent || "",
			MapHref: a ? a.href : "",
			Map: a ? a.parentElement.textContent : "",
			Thumb: !!c.querySelector("img.thumb"),
			Note: (c.querySelector(".preview-note") || {}).textContent || "",
			Evidence: c.querySelectorAll(".signal").length,
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Evidence != len(fr.Signals) {
		t.Errorf("%s: %d signals shown, want %d", fr.Path, c.Evidence, len(fr.Signals))
	}
	if len(c.Skipped) != len(fr.Skipped) {
		t.Errorf("%s: %d skipped checks listed, want %d", fr.Path, len(c.Skipped), len(fr.Skipped))
	}
	for i, sk := range fr.Skipped {
		if i < len(c.Skipped) && (!strings.Contains(c.Skipped[i], sk.Detector) || !strings.Contains(c.Skipped[i], sk.Reason)) {
			t.Errorf("%s: skipped %q, want %s — %s", fr.Path, c.Skipped[i], sk.Detector, sk.Reason)
		}
	}
	if strings.HasPrefix(fr.MediaType, "image/") && !c.Thumb && !strings.HasPrefix(c.Note, "No preview") {
		t.Errorf("%s: no preview and no note saying why", fr.Path)
	}
	if c.GPS != "" {
		// A position such as 43.467157, 11.885395: decimal degrees, not
		// the EXIF rationals.
		if strings.Contains(c.GPS, "/") || !strings.Contains(c.GPS, ".") {
			t.Errorf("%s: GPS shown as %q", fr.Path, c.GPS)
		}
		u, err := url.Parse(c.MapHref)
		if err != nil || u.Scheme != "https" || !strings.Contains(c.Map, "leaves this computer") {
			t.Errorf("%s: map link %q: %q", fr.Path, c.MapHref, c.Map)
		}
	}
	if strings.Contains(fr.Path, "gps") && c.GPS == "" {
		t.Errorf("%s: no GPS position shown", fr.Path)
	}
}

// TestBrowserDecisions records decisions on the page and exports them: the
// decisions file, read back as scan --decisions reads it, puts "reviewed on
// DATE by AB: authentic (note)" beside the file in the next report, and
// the ignore file sets aside that file's findings by content.
func TestBrowserDecisions(t *testing.T) {
	s, ts := newTestServer(t, nil)
	files := []string{
		filepath.Join(samplesDir, "camera_canon_eos.jpg"),
		filepath.Join(samplesDir, "ai_comfyui_workflow.png"),
	}
	for i, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = abs
	}
	ctx, watch := newBrowser(t, ts.URL, 1280, 900)
	dir := t.TempDir()
	events := false
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/"), chromedp.WaitReady(chromedp.CSS("#file"))); err != nil {
		t.Fatalf("loading the page: %v", err)
	}
	if _, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &events}); err != nil {
		t.Fatalf("downloads: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#file"), files),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#summary-rows tr").length === 2`, chromedp.WithPollingTimeout(2*time.Minute)),
	); err != nil {
		t.Fatalf("upload: %v", err)
	}
	// Mark the camera photo authentic with a note and initials, the other
	// file unresolved.
	const note = "original obtained from the photographer"
	cam, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("#summary-rows tr")).find(tr => tr.querySelector(".col-name").textContent === "camera_canon_eos.jpg").getAttribute("data-card")`))
	if err != nil {
		t.Fatal(err)
	}
	other := map[string]string{"file-0": "file-1", "file-1": "file-0"}[cam]
	id := strings.NewReplacer("file-0", cam, "file-1", other)
	change := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](`document.querySelector(` + "`" + sel + "`" + `).dispatchEvent(new Event("change", {bubbles: true}))`)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(id.Replace(`#summary-rows a[data-card="file-0"]`))),
		chromedp.WaitVisible(chromedp.CSS(id.Replace("#file-0-dec-authentic"))),
		chromedp.SetValue(chromedp.CSS(id.Replace("#file-0-note")), note), change(id.Replace("#file-0-note")),
		chromedp.SetValue(chromedp.CSS(id.Replace("#file-0-who")), "AB"), change(id.Replace("#file-0-who")),
		chromedp.Click(chromedp.CSS(id.Replace(`label[for="file-0-dec-authentic"]`))),
		chromedp.Click(chromedp.CSS(id.Replace(`#summary-rows a[data-card="file-1"]`))),
		chromedp.WaitVisible(chromedp.CSS(id.Replace("#file-1-dec-unresolved"))),
		chromedp.Click(chromedp.CSS(id.Replace(`label[for="file-1-dec-unresolved"]`))),
	); err != nil {
		t.Fatalf("deciding: %v", err)
	}
	line, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(id.Replace("#file-0 .decision-line"))))
	if err != nil || !strings.Contains(line, "by AB: authentic ("+note+")") {
		t.Errorf("card's decision line %q (%v)", line, err)
	}
	cell, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(id.Replace(`#summary-rows tr[data-card="file-0"] .col-decision`))))
	if cell != "authentic" {
		t.Errorf("summary's decision column %q", cell)
	}

	download := func(button, name string) []byte {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
			t.Fatal(err)
		}
		// Chromium writes a download under a temporary name and renames it
		// when it is complete: the final name appearing is the signal.
		deadline := time.Now().Add(time.Minute)
		for {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: no %s within a minute", button, name)
			}
			time.Sleep(50 * time.Millisecond)
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	decJSON := download("#export-decisions", "provcheck-decisions.json")
	ignYAML := download("#export-ignore", "provcheckignore.yaml")
	watch.check(t)

	// The next scan reads the decisions file, as scan --decisions does.
	decs, err := reports.ParseDecisions(decJSON)
	if err != nil {
		t.Fatalf("the exported decisions do not parse: %v\n%s", err, decJSON)
	}
	if decs.Len() != 2 {
		t.Errorf("%d decisions exported, want 2:\n%s", decs.Len(), decJSON)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	fr := s.opts.Engine.ScanBytes(t.Context(), "", "later/camera_canon_eos.jpg", data)
	if !decs.Apply(&fr) {
		t.Fatal("the decision does not match the file's content")
	}
	rep := s.newReport()
	rep.Add(fr)
	var out strings.Builder
	if err := (reports.TableWriter{}).Write(t.Context(), &out, rep); err != nil {
		t.Fatal(err)
	}
	if want := "reviewed on " + fr.Decision.Date + " by AB: authentic (" + note + ")"; !strings.Contains(out.String(), want) {
		t.Errorf("the next report lacks %q:\n%s", want, out.String())
	}
	if _, err := time.Parse(time.DateOnly, fr.Decision.Date); err != nil {
		t.Errorf("decision date %q", fr.Decision.Date)
	}

	// The ignore file sets aside the authentic file's findings, and only
	// that file's.
	ign, err := reports.ParseIgnore("provcheckignore.yaml", ignYAML, time.Now())
	if err != nil {
		t.Fatalf("the exported ignore file does not parse: %v\n%s", err, ignYAML)
	}
	fr = s.opts.Engine.ScanBytes(t.Context(), "", "camera_canon_eos.jpg", data)
	n := len(fr.Signals)
	if !ign.Apply(&fr) || len(fr.Suppressed) != n || n == 0 {
		t.Errorf("ignore file suppressed %d of %d findings:\n%s", len(fr.Suppressed), n, ignYAML)
	}
	if !strings.Contains(string(ignYAML), note) {
		t.Errorf("ignore file lacks the note as reason:\n%s", ignYAML)
	}
	otherData, _ := os.ReadFile(files[1])
	fr = s.opts.Engine.ScanBytes(t.Context(), "", "ai_comfyui_workflow.png", otherData)
	if ign.Apply(&fr) {
		t.Error("the ignore file sets aside an unresolved file")
	}
}
