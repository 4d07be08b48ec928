package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a progress bar on standard error, shown only when standard
// error is a terminal and not --quiet or --no-progress: a job's logs and a
// pipe never get bar redraws.
type progress struct {
	bar *progressbar.ProgressBar
}

func newProgress(cfg *Config, stderr io.Writer, total int) progress {
	f, ok := stderr.(*os.File)
	if !ok || cfg.Quiet || cfg.NoProgress || total < 2 || !term.IsTerminal(int(f.Fd())) {
		return progress{}
	}
	return progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("scanning"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(true),
	)}
}

func (p progress) add() {
	if p.bar != nil {
		p.bar.Add(1)
	}
}

func (p progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
