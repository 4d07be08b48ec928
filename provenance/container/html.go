package container

import (
	"bytes"
	"context"
	"html"
	"strings"
)

// HTML is read as text first (same encodings and warnings as plain text),
// then tokenised by a small, forgiving scanner: provcheck needs the visible
// text and the <meta> tags, not a DOM. Inventory.Body holds the visible
// text (the title as its first line; script, style, template, noscript and
// inline SVG left out), with block elements as line breaks, white space
// collapsed and character references decoded; offsets of text findings are
// into that text, not into the markup. Every <meta name|property|http-equiv=...
// content=...> becomes a TextEntry with Source "html:meta", Key the
// lower-cased name, and Offset the tag's byte offset in the decoded
// document.

// htmlSniffLen is how far into a file the HTML sniff looks for the first
// tag.
const htmlSniffLen = 1024

// htmlMaxMeta caps the meta tags recorded.
const htmlMaxMeta = 1000

// htmlMaxAttrs caps the attributes read from one tag.
const htmlMaxAttrs = 64

// looksLikeHTML reports whether text data begins, after a BOM, white space
// and comments, with <!doctype html> or <html.
func looksLikeHTML(data []byte) bool {
	_, bom := textBOM(data)
	if bom != 3 && bom != 0 {
		return false // UTF-16 and UTF-32 HTML is read as text
	}
	b := data[bom:min(len(data), htmlSniffLen)]
	for {
		b = bytes.TrimLeft(b, " \t\r\n\f")
		if !bytes.HasPrefix(b, []byte("<!--")) {
			break
		}
		end := bytes.Index(b, []byte("-->"))
		if end < 0 {
			return false
		}
		b = b[end+3:]
	}
	return hasPrefixFold(b, "<!doctype html") || hasPrefixFold(b, "<html")
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// htmlBlock are elements whose boundaries break lines in rendered text.
var htmlBlock = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "tr": true, "table": true, "section": true, "article": true, "header": true,
	"footer": true, "blockquote": true, "pre": true, "hr": true, "title": true, "dd": true, "dt": true, "dl": true,
	"figcaption": true, "main": true, "nav": true, "aside": true, "td": true, "th": true, "body": true, "address": true,
}

// htmlRaw are elements whose content is not rendered text.
var htmlRaw = map[string]bool{"script": true, "style": true, "template": true, "noscript": true, "svg": true}

func walkHTML(ctx context.Context, inv *Inventory, data []byte, lim Limits) error {
	if err := walkText(ctx, inv, data, lim); err != nil {
		return err
	}
	inv.MediaType = "text/html"
	doc := inv.Body
	var sb strings.Builder
	sb.Grow(len(doc) / 2)
	nl := func() {
		if s := sb.String(); sb.Len() > 0 && !strings.HasSuffix(s, "\n") {
			sb.WriteByte('\n')
		}
	}
	space := false
	meta := 0
	for i := 0; i < len(doc); {
		if err := ctx.Err(); err != nil {
			return err
		}
		lt := strings.IndexByte(doc[i:], '<')
		if lt < 0 {
			lt = len(doc) - i
		}
		if lt > 0 {
			htmlText(&sb, doc[i:i+lt], &space)
			i += lt
			continue
		}
		// A tag, comment, doctype or a stray '<'.
		rest := doc[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				inv.Warn("truncated", int64(i), "html: comment not closed")
				i = len(doc)
				continue
			}
			i += 4 + end + 3
			continue
		case strings.HasPrefix(rest, "<!"), strings.HasPrefix(rest, "<?"):
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				i = len(doc)
				continue
			}
			i += end + 1
			continue
		}
		tag, n, ok := htmlParseTag(rest)
		if !ok {
			htmlText(&sb, "<", &space)
			i++
			continue
		}
		off := i
		i += n
		if htmlBlock[tag.name] {
			nl()
			space = false
		}
		if tag.end {
			continue
		}
		switch {
		case tag.name == "meta":
			key := strings.ToLower(firstNonEmptyAttr(tag.attrs, "name", "property", "http-equiv", "itemprop"))
			val, has := tag.attrs["content"]
			if key == "" || !has {
				continue
			}
			if meta >= htmlMaxMeta {
				if meta == htmlMaxMeta {
					inv.Warn("limit", int64(off), "html: more than %d meta tags; the rest ignored", htmlMaxMeta)
				}
				meta++
				continue
			}
			meta++
			inv.Text = append(inv.Text, TextEntry{Source: "html:meta", Key: key, Value: val, Offset: int64(off)})
		case htmlRaw[tag.name] && !tag.selfClosing:
			// Skip to the matching end tag, case-insensitively.
			end := indexFold(doc[i:], "</"+tag.name)
			if end < 0 {
				i = len(doc)
				continue
			}
			i += end
		}
	}
	inv.Body = strings.TrimSpace(sb.String())
	if inv.Body != "" {
		inv.Body += "\n"
	}
	return nil
}

// htmlText appends text content with character references decoded and
// white space collapsed, as a browser renders it outside <pre>.
func htmlText(sb *strings.Builder, s string, space *bool) {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f':
			*space = true
			continue
		}
		if *space && sb.Len() > 0 && !strings.HasSuffix(sb.String(), "\n") {
			sb.WriteByte(' ')
		}
		*space = false
		sb.WriteRune(r)
	}
}

type htmlTag struct {
	name        string
	end         bool
	selfClosing bool
	attrs       map[string]string
}

// htmlParseTag reads one tag at the start of s ("<name attr=value ...>"),
// returning its length. ok is false when s does not start a tag (a '<'
// in text).
func htmlParseTag(s string) (t htmlTag, n int, ok bool) {
	i := 1
	if i < len(s) && s[i] == '/' {
		t.end = true
		i++
	}
	start := i
	for i < len(s) && isTagNameByte(s[i]) {
		i++
	}
	if i == start || !isASCIILetter(s[start]) {
		return t, 0, false
	}
	t.name = strings.ToLower(s[start:i])
	t.attrs = map[string]string{}
	for {
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return t, len(s), true
		}
		switch s[i] {
		case '>':
			return t, i + 1, true
		case '/':
			t.selfClosing = true
			i++
			continue
		}
		ks := i
		for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' {
			i++
		}
		key := strings.ToLower(s[ks:i])
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		val := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && isHTMLSpace(s[i]) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return t, len(s), true
				}
				val = s[i+1 : i+1+end]
				i += end + 2
			} else {
				vs := i
				for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '>' {
					i++
				}
				val = s[vs:i]
			}
		}
		if key == "" {
			i++ // a stray '=' or quote: step over it
			continue
		}
		if _, dup := t.attrs[key]; !dup && len(t.attrs) < htmlMaxAttrs {
			t.attrs[key] = html.UnescapeString(val)
		}
	}
}

func firstNonEmptyAttr(attrs map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(attrs[k]); v != "" {
			return v
		}
	}
	return ""
}

func isTagNameByte(c byte) bool {
	return isASCIILetter(c) || c >= '0' && c <= '9' || c == '-' || c == ':' || c == '_'
}
func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// indexFold finds substr (ASCII) in s ignoring case.
func indexFold(s, substr string) int {
	n := len(substr)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], substr) {
			return i
		}
	}
	return -1
}
