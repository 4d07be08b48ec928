package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
	"time"
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

// templateStream is what a template is given when the report's files are
// streamed (`provcheck merge`): the report's fields, with Files an
// iterator that reads each file back as the template's range reaches it.
// A file is given by pointer, so its pointer methods (.Strongest,
// .Reveal) work as they do on the slice's elements.
type templateStream struct {
	SchemaVersion int
	Tool          Tool
	CreatedAt     time.Time
	Summary       Summary
	Files         iter.Seq[*FileResult]
}

// streams reports whether the template renders the same from a
// templateStream as from the *Report, so its files need not be held.
// text/template ranges over an iter.Seq as over a slice, but nothing else
// treats them alike: len, index and slice refuse an iterator, printing or
// passing on the whole report shows the other type, and a two-variable
// range over an iterator needs an iter.Seq2, whose one-variable form
// yields its key, not the file. So a template streams only when .Files
// (or $.Files) appears nowhere but as the whole pipeline of a range with
// at most one variable, the report itself is never printed or passed on,
// and a file inside such a range is used only through its fields and
// methods (or given whole to json or strongest, which read a pointer as
// the value). Any other template is rendered from the report in memory,
// as before.
func (t TemplateWriter) streams() bool {
	if t.tmpl == nil {
		return false
	}
	for _, tt := range t.tmpl.Templates() {
		if tt.Tree == nil || tt.Root == nil {
			continue
		}
		// Every template is checked as if its dot were the report: a
		// template called with something else may be refused for nothing,
		// never accepted wrongly.
		if !streamable(tt.Root, dotReport, nil) {
			return false
		}
	}
	return true
}

// dotKind is what dot holds at a point of a template.
type dotKind int

const (
	dotOther  dotKind = iota
	dotReport         // the report
	dotFile           // a streamed file, in a range over .Files
)

// reportFields are the report's fields a streamed template may read.
var reportFields = map[string]bool{"SchemaVersion": true, "Tool": true, "CreatedAt": true, "Summary": true}

// streamable checks a node with dot holding dk; fileVars are the
// variables in scope that ranges over .Files declared for their file.
func streamable(n parse.Node, dk dotKind, fileVars []string) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !streamable(c, dk, fileVars) {
				return false
			}
		}
		return true
	case *parse.ActionNode:
		return pipeStreamable(n.Pipe, dk, fileVars)
	case *parse.IfNode:
		return pipeStreamable(n.Pipe, dk, fileVars) && streamable(n.List, dk, fileVars) && streamable(n.ElseList, dk, fileVars)
	case *parse.WithNode:
		return pipeStreamable(n.Pipe, dk, fileVars) && streamable(n.List, dotOther, fileVars) && streamable(n.ElseList, dk, fileVars)
	case *parse.RangeNode:
		if dk == dotReport && filesPipe(n.Pipe) || dollarFilesPipe(n.Pipe) {
			if len(n.Pipe.Decl) > 1 {
				return false
			}
			inner := fileVars
			if len(n.Pipe.Decl) == 1 {
				inner = append(slices.Clip(fileVars), n.Pipe.Decl[0].Ident[0])
			}
			return streamable(n.List, dotFile, inner) && streamable(n.ElseList, dk, fileVars)
		}
		return pipeStreamable(n.Pipe, dk, fileVars) && streamable(n.List, dotOther, fileVars) && streamable(n.ElseList, dk, fileVars)
	case *parse.TemplateNode:
		// The called template is checked with the report as its dot.
		if n.Pipe != nil && len(n.Pipe.Cmds) == 1 && len(n.Pipe.Cmds[0].Args) == 1 {
			if _, ok := n.Pipe.Cmds[0].Args[0].(*parse.DotNode); ok && dk == dotReport {
				return true
			}
		}
		return n.Pipe == nil || pipeStreamable(n.Pipe, dk, fileVars)
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		return true
	}
	return false // a node this check does not know
}

// filesPipe says whether a pipeline is exactly .Files.
func filesPipe(p *parse.PipeNode) bool {
	if p == nil || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
	return ok && len(f.Ident) == 1 && f.Ident[0] == "Files"
}

// dollarFilesPipe says whether a pipeline is exactly $.Files.
func dollarFilesPipe(p *parse.PipeNode) bool {
	if p == nil || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	v, ok := p.Cmds[0].Args[0].(*parse.VariableNode)
	return ok && len(v.Ident) == 2 && v.Ident[0] == "$" && v.Ident[1] == "Files"
}

func pipeStreamable(p *parse.PipeNode, dk dotKind, fileVars []string) bool {
	if p == nil {
		return true
	}
	for _, c := range p.Cmds {
		// json and strongest read a pointer to a file as the file.
		wholeOK := false
		if id, ok := c.Args[0].(*parse.IdentifierNode); ok && (id.Ident == "json" || id.Ident == "strongest") {
			wholeOK = true
		}
		for _, a := range c.Args {
			if !argStreamable(a, dk, fileVars, wholeOK) {
				return false
			}
		}
	}
	return true
}

func argStreamable(a parse.Node, dk dotKind, fileVars []string, wholeOK bool) bool {
	switch a := a.(type) {
	case *parse.DotNode:
		return dk == dotOther || dk == dotFile && wholeOK
	case *parse.FieldNode:
		return dk != dotReport || reportFields[a.Ident[0]]
	case *parse.VariableNode:
		switch {
		case a.Ident[0] == "$":
			return len(a.Ident) > 1 && reportFields[a.Ident[1]]
		case len(a.Ident) == 1 && slices.Contains(fileVars, a.Ident[0]):
			return wholeOK
		}
		return true
	case *parse.ChainNode:
		return argStreamable(a.Node, dk, fileVars, false)
	case *parse.PipeNode:
		return pipeStreamable(a, dk, fileVars)
	case *parse.IdentifierNode, *parse.BoolNode, *parse.NumberNode, *parse.StringNode, *parse.NilNode:
		return true
	}
	return false
}

// writeStream renders the template over a report whose files come from
// files, which each range over .Files reads anew.
func (t TemplateWriter) writeStream(w io.Writer, head *Report, files iter.Seq[*FileResult]) error {
	data := templateStream{SchemaVersion: head.SchemaVersion, Tool: head.Tool, CreatedAt: head.CreatedAt, Summary: head.Summary, Files: files}
	if err := t.tmpl.Execute(w, data); err != nil {
		return fmt.Errorf("template %s: %w", t.tmpl.Name(), err)
	}
	return nil
}
