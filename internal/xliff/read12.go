package xliff

import (
	"encoding/xml"
	"strings"
)

// xliff12 reads an XLIFF 1.2 document after its root element.
func (p *parser) xliff12(root xml.StartElement) (*Document, error) {
	if v, _ := attrOf(root, "version"); v != "1.2" {
		return nil, p.fail("XLIFF version %q in the XLIFF 1.2 namespace", truncate(v))
	}
	d := &Document{Format: V12}
	files := 0
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if files == 0 {
				return nil, p.fail("the file has no <file> element")
			}
			return d, nil
		case xml.StartElement:
			if t.Name.Space != NS12 || t.Name.Local != "file" {
				return nil, p.fail("unexpected <%s> in <xliff>", t.Name.Local)
			}
			if files++; files > 1 {
				return nil, p.fail("the file holds more than one <file>; export one version per file")
			}
			orig, _ := attrOf(t, "original")
			src, _ := attrOf(t, "source-language")
			trg, _ := attrOf(t, "target-language")
			if err := p.header(d, orig, src, trg); err != nil {
				return nil, err
			}
			if err := p.container12(d); err != nil {
				return nil, err
			}
		}
	}
}

// container12 reads the content of <file>, <body> or <group>.
func (p *parser) container12(d *Document) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			switch {
			case t.Name.Space == NS12 && t.Name.Local == "trans-unit":
				u, err := p.unit12(t)
				if err != nil {
					return err
				}
				d.Units = append(d.Units, u)
			case t.Name.Space == NS12 && (t.Name.Local == "body" || t.Name.Local == "group"):
				if err := p.container12(d); err != nil {
					return err
				}
			case t.Name.Space == NS12 && t.Name.Local != "header" && t.Name.Local != "bin-unit" && t.Name.Local != "context-group" && t.Name.Local != "note" && t.Name.Local != "count-group" && t.Name.Local != "prop-group":
				return p.fail("unexpected <%s>", t.Name.Local)
			default:
				if err := p.skip(); err != nil {
					return err
				}
			}
		}
	}
}

// code12 is a code of a trans-unit's source, by ID: the native Markdown of a
// placeholder, or of the start and end of a pair.
type code12 struct{ ph, start, end string }

// unit12 reads a <trans-unit>.
func (p *parser) unit12(start xml.StartElement) (Unit, error) {
	id, _ := attrOf(start, "id")
	u := Unit{ID: id, Line: p.line()}
	if err := p.unit(id); err != nil {
		return u, err
	}
	codes := map[string]*code12{}
	copied := false
	for {
		t, err := p.next()
		if err != nil {
			return u, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if copied && u.HasTarget && u.Target == u.Source {
				u.Target, u.HasTarget = "", false // the source copied into the target, not a translation
			}
			return u, nil
		case xml.StartElement:
			if t.Name.Space != NS12 {
				if err := p.skip(); err != nil {
					return u, err
				}
				continue
			}
			var b strings.Builder
			switch t.Name.Local {
			case "source":
				if err := p.inline12(&b, codes, true); err != nil {
					return u, err
				}
				u.Source = b.String()
			case "target":
				if err := p.inline12(&b, codes, false); err != nil {
					return u, err
				}
				u.Target, u.HasTarget = b.String(), true
				state, _ := attrOf(t, "state")
				copied = state == "" || state == "new" || state == "needs-translation"
			default:
				if err := p.skip(); err != nil {
					return u, err
				}
			}
		}
	}
}

// inline12 reads inline content up to the end of the current element,
// writing its Markdown. Codes with native content (bpt, ept, ph, it) give
// it; in the source they are remembered by ID so that a target's <g>, <x/>,
// <bx/> and <ex/> can be resolved to the same Markdown.
func (p *parser) inline12(b *strings.Builder, codes map[string]*code12, source bool) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return nil
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if t.Name.Space != NS12 {
				return p.fail("unexpected <%s> in text", t.Name.Local)
			}
			name := t.Name.Local
			id, _ := attrOf(t, "id")
			if name == "ept" {
				if rid, ok := attrOf(t, "rid"); ok && id == "" {
					id = rid
				}
			}
			lookup := func() (*code12, error) {
				c, ok := codes[id]
				if !ok {
					return nil, p.fail("the inline code <%s id=%q> has no counterpart with native code in the source", name, truncate(id))
				}
				return c, nil
			}
			switch name {
			case "bpt", "ept", "ph", "it":
				native, err := p.native()
				if err != nil {
					return err
				}
				b.WriteString(native)
				if source && id != "" {
					c := codes[id]
					if c == nil {
						c = &code12{}
						codes[id] = c
					}
					switch name {
					case "bpt":
						c.start = native
					case "ept":
						c.end = native
					default:
						c.ph = native
					}
				}
			case "g":
				c, err := lookup()
				if err != nil {
					return err
				}
				b.WriteString(c.start)
				if err := p.inline12(b, codes, source); err != nil {
					return err
				}
				b.WriteString(c.end)
			case "x", "bx", "ex":
				c, err := lookup()
				if err != nil {
					return err
				}
				switch name {
				case "x":
					b.WriteString(c.ph)
				case "bx":
					b.WriteString(c.start)
				case "ex":
					b.WriteString(c.end)
				}
				if err := p.skip(); err != nil {
					return err
				}
			case "mrk":
				if err := p.inline12(b, codes, source); err != nil {
					return err
				}
			default:
				return p.fail("unexpected <%s> in text", name)
			}
		}
	}
}

// native reads the native code inside bpt, ept, ph or it; sub-flows are refused.
func (p *parser) native() (string, error) {
	s, err := p.text()
	if pe, ok := err.(*ParseError); ok && strings.HasPrefix(pe.Reason, "unexpected <") {
		return "", p.fail("inline codes with sub-flows (<sub>) or nested codes are not supported")
	}
	if err != nil {
		return "", err
	}
	return s, nil
}
