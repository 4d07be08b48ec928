package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/template"
)

// TemplateWriter renders a report with a user's Go text/template. The
// template gets the *Report (.Files, .Summary, .Tool, .CreatedAt) and these
// functions: join, json, oneline, lower, upper, strongest.
type TemplateWriter struct {
	tmpl *template.Template
}

var _ Writer = TemplateWriter{}

// ErrNoTemplate says the template format was chosen without a template.
var ErrNoTemplate = errors.New("the template format needs a template (--template FILE)")

var templateFuncs = template.FuncMap{
	"join": strings.Join,
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"oneline": func(s string) string { return oneLine(s, 1<<20) },
	"lower":   strings.ToLower,
	"upper":   strings.ToUpper,
	"strongest": func(f FileResult) *Signal {
		return f.Strongest()
	},
}

// NewTemplateWriter parses a template now, so a mistake in it is reported
// before any file is scanned.
func NewTemplateWriter(name, text string) (TemplateWriter, error) {
	t, err := template.New(name).Funcs(templateFuncs).Option("missingkey=error").Parse(text)
	if err != nil {
		return TemplateWriter{}, fmt.Errorf("template %s: %w", name, err)
	}
	return TemplateWriter{tmpl: t}, nil
}

func (t TemplateWriter) Write(_ context.Context, w io.Writer, r *Report) error {
	if t.tmpl == nil {
		return ErrNoTemplate
	}
	if err := t.tmpl.Execute(w, r); err != nil {
		return fmt.Errorf("template %s: %w", t.tmpl.Name(), err)
	}
	return nil
}
