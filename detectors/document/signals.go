package document

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/provcheck/provcheck/provenance/container"
	swnames "github.com/provcheck/provcheck/provenance/software"
	"github.com/provcheck/provcheck/reports"
)

// Signal IDs.
const (
	SigPDFInfo     = "pdf.info"
	SigPDFAITool   = "pdf.ai-tool"
	SigDOCXProps   = "docx.properties"
	SigDOCXAITool  = "docx.ai-tool"
	SigHTMLMeta    = "html.meta"
	SigHTMLAIGen   = "html.ai-generator"
	maxValue       = 300
	explainInfoDoc = "Document metadata is written by the software that saved the file and can be edited by anyone. " +
		"It says which program and which account last touched the document, not who wrote the words; " +
		"ask the sender for the original file if the names or times matter."
)

// field says how one metadata field is read.
type field struct {
	label string // what the report calls it
	// software is true for fields meant for the program that made the
	// file; an AI tool named there is a declaration.
	software bool
}

// fields lists the fields reported, per source and key; others are
// ignored (custom properties are all read, see below).
var fields = map[string]map[string]field{
	"pdf:info": {
		"Creator": {"creating application", true}, "Producer": {"producer", true},
		"Author": {"author", false}, "Title": {"title", false},
		"CreationDate": {"created", false}, "ModDate": {"modified", false},
	},
	"pdf:xmp": {
		"xmp:CreatorTool": {"creating application (XMP)", true}, "pdf:Producer": {"producer (XMP)", true},
	},
	"docx:core": {
		"dc:creator": {"author", false}, "cp:lastModifiedBy": {"last modified by", false},
		"dcterms:created": {"created", false}, "dcterms:modified": {"modified", false},
		"dc:title": {"title", false}, "cp:revision": {"revision", false},
	},
	"docx:app": {
		"Application": {"creating application", true}, "AppVersion": {"application version", false},
		"Template": {"template", false}, "TotalTime": {"editing time (minutes)", false}, "Company": {"company", false},
	},
	"html:meta": {
		"generator": {"generator", true}, "author": {"author", false}, "application-name": {"application name", false},
		"dc.creator": {"author", false}, "article:published_time": {"published", false}, "og:site_name": {"site", false},
	},
}

// aiWritingTools are AI writing assistants and chatbots that may name
// themselves in a document's software fields, beyond the image generators
// swnames.KnownGenerator knows (which include ChatGPT and OpenAI).
// Whole words only, and names that are also ordinary words or first
// names (Jasper, Claude, Gemini) need the vendor or product suffix unless
// they are the whole value of a software field.
var aiWritingTools = []struct {
	name string
	re   *regexp.Regexp
}{
	{"Jasper", regexp.MustCompile(`(?i)\bjasper(?:\.ai| ai)\b`)},
	{"Copy.ai", regexp.MustCompile(`(?i)\bcopy\.ai\b`)},
	{"Writesonic", regexp.MustCompile(`(?i)\bwritesonic\b`)},
	{"Rytr", regexp.MustCompile(`(?i)\brytr\b`)},
	{"Anthropic Claude", regexp.MustCompile(`(?i)\banthropic\b|\bclaude\.ai\b|\bclaude (?:[1-9]|instant|opus|sonnet|haiku)\b`)},
	{"Google Gemini", regexp.MustCompile(`(?i)\bgemini (?:advanced|for workspace|app)\b|\bgoogle bard\b`)},
	{"Microsoft Copilot", regexp.MustCompile(`(?i)\bmicrosoft 365 copilot\b|\bcopilot in word\b`)},
	{"Perplexity", regexp.MustCompile(`(?i)\bperplexity(?:\.ai| ai)\b`)},
	{"Gamma", regexp.MustCompile(`(?i)\bgamma\.app\b`)},
}

// bareNames are names accepted only as the whole (trimmed) value of a
// software field: "Jasper" or "Gemini" alone as a Producer is a tool,
// inside a sentence it can be anything.
var bareNames = map[string]string{
	"jasper": "Jasper", "claude": "Anthropic Claude", "gemini": "Google Gemini", "bard": "Google Bard",
	"copilot": "Microsoft Copilot", "chatgpt": "OpenAI",
}

// aiTool returns the AI tool a value names.
func aiTool(v string, software bool) (string, bool) {
	if len(v) > 512 {
		v = v[:512]
	}
	if name, ok := swnames.KnownGenerator(v); ok {
		return name, true
	}
	for _, t := range aiWritingTools {
		if t.re.MatchString(v) {
			return t.name, true
		}
	}
	if software {
		if name, ok := bareNames[strings.ToLower(strings.TrimSpace(v))]; ok {
			return name, true
		}
	}
	return "", false
}

func analyze(format string, entries []container.TextEntry) []reports.Signal {
	infoID, aiID, where := "", "", ""
	switch format {
	case "pdf":
		infoID, aiID, where = SigPDFInfo, SigPDFAITool, "PDF document information dictionary"
	case "docx":
		infoID, aiID, where = SigDOCXProps, SigDOCXAITool, "DOCX document properties"
	case "html":
		infoID, aiID, where = SigHTMLMeta, SigHTMLAIGen, "HTML meta tags"
	default:
		return nil
	}
	var (
		out     []reports.Signal
		summary []string
		values  = map[string]any{}
	)
	for _, e := range entries {
		f, known := fields[e.Source][e.Key]
		custom := e.Source == "docx:custom"
		if !known && !custom {
			continue
		}
		v := strings.TrimSpace(e.Value)
		if v == "" {
			continue
		}
		short, cut := truncate(v, maxValue)
		label := f.label
		if custom {
			label = "custom property " + e.Key
		}
		if _, seen := values[label]; !seen {
			values[label] = short
			if known && (f.software || f.label == "author" || f.label == "created") {
				summary = append(summary, fmt.Sprintf("%s: %s", label, shorten(short, 60)))
			}
		}
		if !custom && !f.software && f.label != "author" && f.label != "last modified by" {
			continue // titles and dates may mention a tool without being made by it
		}
		name, ok := aiTool(v, f.software)
		if !ok {
			continue
		}
		ev := map[string]any{"source": e.Source, "key": e.Key, "value": short, "offset": e.Offset, "tool": name}
		if cut {
			ev["truncated"] = true
		}
		s := reports.Signal{ID: aiID, Direction: reports.DirAI, Evidence: ev}
		if f.software {
			s.Strength = reports.StrengthDeclared
			s.Message = fmt.Sprintf("The %s (%s %s) names an AI tool: %s", where, label, e.Key, name)
			s.Explanation = "This field names the software that made the file, and it names an AI tool. It is unsigned: " +
				"anyone can write or remove it, and a document exported from an AI tool may since have been rewritten by a person. " +
				"Ask the sender how the text was produced."
		} else {
			s.Strength = reports.StrengthModerate
			s.Message = fmt.Sprintf("The %s field %q names an AI tool: %s", where, e.Key, name)
			s.Explanation = "A metadata field that is not meant for software (an author, a custom property) names an AI tool. " +
				"It may say the tool wrote or assisted, or be a name or a topic; check the value in context and ask the sender."
		}
		out = append(out, s)
	}
	if len(values) > 0 {
		msg := where
		if len(summary) > 0 {
			msg += ": " + strings.Join(summary, "; ")
		}
		out = append([]reports.Signal{{ID: infoID, Direction: reports.DirInfo, Strength: reports.StrengthInfo,
			Message: msg, Evidence: map[string]any{"fields": values}, Explanation: explainInfoDoc}}, out...)
	}
	return out
}

func truncate(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n], true
}

func shorten(s string, n int) string {
	if t, cut := truncate(s, n); cut {
		return t + "…"
	}
	return s
}
