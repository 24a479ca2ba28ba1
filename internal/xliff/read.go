package xliff

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Limits on a file that is read. A version holds at most newsroom.MaxBody
// characters of body (up to 800 KB of UTF-8) plus its title and lead; a file
// carries it twice (source and target) with markup around.
const (
	// MaxFileBytes bounds the size of a file that is read.
	MaxFileBytes = 4 << 20
	// MaxUnits bounds the number of units in a file.
	MaxUnits = 10_000
	// MaxDepth bounds the nesting of elements.
	MaxDepth = 32
	// MaxAttrs bounds the attributes of one element.
	MaxAttrs = 64
)

// Read reads an XLIFF 2.x or 1.2 file, whichever it is, strictly: one file
// element, the right namespace and version, no DTD or entity declarations,
// valid UTF-8, at most MaxFileBytes, MaxUnits units and MaxDepth levels of
// elements. A refused file gives a *ParseError with the line and the reason.
// Units keep their Markdown; codes are resolved through the file's own
// original data or native code.
func Read(r io.Reader) (*Document, error) {
	lr := &io.LimitedReader{R: r, N: MaxFileBytes + 1}
	p := &parser{lr: lr}
	br := bufio.NewReader(lr)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3) // a UTF-8 byte-order mark, as CAT tools on Windows write
	}
	p.d = xml.NewDecoder(br)
	p.d.Strict = true
	p.d.Entity = nil
	p.d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") {
			return input, nil
		}
		return nil, errors.New("only UTF-8 files are accepted, not " + label)
	}
	doc, err := p.document()
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return nil, pe
		}
		return nil, p.fail("%s", err.Error())
	}
	return doc, nil
}

// parser reads tokens with the limits applied.
type parser struct {
	d     *xml.Decoder
	lr    *io.LimitedReader
	depth int
	units int
	seen  map[string]bool
}

func (p *parser) line() int {
	l, _ := p.d.InputPos()
	return l
}

func (p *parser) fail(format string, args ...any) *ParseError {
	return &ParseError{Line: p.line(), Reason: fmt.Sprintf(format, args...)}
}

// next returns the next token that matters: elements and text. It refuses
// DTDs and over-limit input, and skips comments and processing instructions.
func (p *parser) next() (xml.Token, error) {
	for {
		t, err := p.d.Token()
		if p.lr.N <= 0 {
			return nil, &ParseError{Line: p.line(), Reason: fmt.Sprintf("the file is larger than %d bytes", MaxFileBytes)}
		}
		if err != nil {
			if err == io.EOF {
				return nil, p.fail("the file ends too early")
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				if se.Msg == "unexpected EOF" {
					return nil, &ParseError{Line: se.Line, Reason: "the file ends too early"}
				}
				return nil, &ParseError{Line: se.Line, Reason: "malformed XML: " + se.Msg}
			}
			return nil, p.fail("malformed XML: %v", err)
		}
		switch t := t.(type) {
		case xml.Directive:
			return nil, p.fail("DTDs, DOCTYPE and entity declarations are not accepted")
		case xml.Comment:
			continue
		case xml.ProcInst:
			if t.Target != "xml" {
				continue
			}
			continue
		case xml.StartElement:
			p.depth++
			if p.depth > MaxDepth {
				return nil, p.fail("elements are nested more than %d deep", MaxDepth)
			}
			if len(t.Attr) > MaxAttrs {
				return nil, p.fail("an element has more than %d attributes", MaxAttrs)
			}
			return t, nil
		case xml.EndElement:
			p.depth--
			return t, nil
		case xml.CharData:
			if !utf8.Valid(t) {
				return nil, p.fail("the text is not valid UTF-8")
			}
			return xml.CharData(bytes.Clone(t)), nil
		}
	}
}

// skip reads up to the end of the element just started.
func (p *parser) skip() error {
	for depth := 1; depth > 0; {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// text reads the text of an element without children elements.
func (p *parser) text() (string, error) {
	var b strings.Builder
	for {
		t, err := p.next()
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			return "", p.fail("unexpected <%s> inside text", t.Name.Local)
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

// document reads the prologue and the root element.
func (p *parser) document() (*Document, error) {
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, p.fail("text before the root element")
			}
		case xml.StartElement:
			if t.Name.Local != "xliff" {
				return nil, p.fail("the root element is <%s>, not <xliff>", t.Name.Local)
			}
			var doc *Document
			switch t.Name.Space {
			case NS2:
				doc, err = p.xliff2(t)
			case NS12:
				doc, err = p.xliff12(t)
			default:
				return nil, p.fail("the namespace %q is not XLIFF 2 (%s) or XLIFF 1.2 (%s)", t.Name.Space, NS2, NS12)
			}
			if err != nil {
				return nil, err
			}
			return doc, p.end()
		default:
			return nil, p.fail("unexpected content before the root element")
		}
	}
}

// end checks that nothing but white space follows the root element.
func (p *parser) end() error {
	for {
		t, err := p.d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return p.fail("malformed XML after the root element: %v", err)
		}
		switch t := t.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return p.fail("text after the root element")
			}
		case xml.Comment, xml.ProcInst:
		default:
			return p.fail("content after the root element")
		}
	}
}

// attr returns the attribute local (in no namespace, or in the XML namespace when xmlNS).
func attrOf(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local && (a.Name.Space == "" || a.Name.Space == "http://www.w3.org/XML/1998/namespace" && local == "lang") {
			return a.Value, true
		}
	}
	return "", false
}

// unit checks a unit's ID and counts it.
func (p *parser) unit(id string) error {
	if p.units++; p.units > MaxUnits {
		return p.fail("the file has more than %d units", MaxUnits)
	}
	if _, ok := ParseUnitID(id); !ok {
		return p.fail("unit ID %q is not one of title, lead, p1, p2, …", truncate(id))
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	if p.seen[id] {
		return p.fail("unit ID %q appears twice", id)
	}
	p.seen[id] = true
	return nil
}

// header fills the document's release, language and revisions from the
// file's original attribute and checks the languages.
func (p *parser) header(d *Document, original, srcLang, trgLang string) error {
	if !d.parseOriginal(original) {
		return p.fail("the file's original attribute %q does not name a Kotormo release version (kotormo:releases/ID/versions/LANG?rev=N&source_rev=N)", truncate(original))
	}
	if srcLang == "" || trgLang == "" {
		return p.fail("the file must name its source and target languages")
	}
	if !strings.EqualFold(trgLang, d.TargetLang) {
		return p.fail("the target language %q is not the language %q the file was made for", truncate(trgLang), d.TargetLang)
	}
	d.SourceLang, d.TargetLang = strings.ToLower(srcLang), strings.ToLower(trgLang)
	return nil
}

func truncate(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}
