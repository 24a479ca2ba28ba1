package xliff

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// xliff2 reads an XLIFF 2.0 or 2.1 document after its root element.
func (p *parser) xliff2(root xml.StartElement) (*Document, error) {
	v, _ := attrOf(root, "version")
	if v != "2.0" && v != "2.1" {
		return nil, p.fail("XLIFF version %q in the XLIFF 2 namespace; 2.0 and 2.1 are read", truncate(v))
	}
	d := &Document{Format: V21}
	src, _ := attrOf(root, "srcLang")
	trg, _ := attrOf(root, "trgLang")
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
			if t.Name.Space != NS2 || t.Name.Local != "file" {
				return nil, p.fail("unexpected <%s> in <xliff>", t.Name.Local)
			}
			if files++; files > 1 {
				return nil, p.fail("the file holds more than one <file>; export one version per file")
			}
			orig, _ := attrOf(t, "original")
			if err := p.header(d, orig, src, trg); err != nil {
				return nil, err
			}
			if err := p.container2(d); err != nil {
				return nil, err
			}
		}
	}
}

// container2 reads the content of <file> or <group>.
func (p *parser) container2(d *Document) error {
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
			case t.Name.Space == NS2 && t.Name.Local == "unit":
				u, err := p.unit2(t)
				if err != nil {
					return err
				}
				d.Units = append(d.Units, u)
			case t.Name.Space == NS2 && t.Name.Local == "group":
				if err := p.container2(d); err != nil {
					return err
				}
			case t.Name.Space == NS2 && t.Name.Local != "notes" && t.Name.Local != "skeleton":
				return p.fail("unexpected <%s>", t.Name.Local)
			default:
				if err := p.skip(); err != nil {
					return err
				}
			}
		}
	}
}

// unit2 reads a <unit>: its original data, then its segments and ignorables.
func (p *parser) unit2(start xml.StartElement) (Unit, error) {
	id, _ := attrOf(start, "id")
	u := Unit{ID: id, Line: p.line()}
	if err := p.unit(id); err != nil {
		return u, err
	}
	data := map[string]string{}
	var src, tgt strings.Builder
	segs, withTarget := 0, 0
	for {
		t, err := p.next()
		if err != nil {
			return u, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			u.Source = src.String()
			switch {
			case withTarget == 0:
			case withTarget < segs:
				u.Incomplete = true
			default:
				u.Target, u.HasTarget = tgt.String(), true
			}
			return u, nil
		case xml.StartElement:
			if t.Name.Space != NS2 {
				if err := p.skip(); err != nil {
					return u, err
				}
				continue
			}
			switch t.Name.Local {
			case "notes":
				if err := p.skip(); err != nil {
					return u, err
				}
			case "originalData":
				if err := p.originalData(data); err != nil {
					return u, err
				}
			case "segment", "ignorable":
				isSeg := t.Name.Local == "segment"
				if isSeg {
					segs++
				}
				s, tg, has, err := p.segment2(data)
				if err != nil {
					return u, err
				}
				if state, _ := attrOf(t, "state"); isSeg && has && tg == s && (state == "" || state == string(StateInitial)) {
					has = false // the source copied into the target by the CAT tool, not a translation
				}
				src.WriteString(s)
				switch {
				case has:
					if isSeg {
						withTarget++
					}
					tgt.WriteString(tg)
				case !isSeg:
					tgt.WriteString(s)
				}
			default:
				return u, p.fail("unexpected <%s> in unit %q", t.Name.Local, id)
			}
		}
	}
}

// originalData reads <data> elements into data.
func (p *parser) originalData(data map[string]string) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if t.Name.Space != NS2 || t.Name.Local != "data" {
				return p.fail("unexpected <%s> in <originalData>", t.Name.Local)
			}
			id, _ := attrOf(t, "id")
			var b strings.Builder
			if err := p.inline2(&b, nil, true); err != nil {
				return err
			}
			data[id] = b.String()
		}
	}
}

// segment2 reads the source and target of a <segment> or <ignorable>.
func (p *parser) segment2(data map[string]string) (src, tgt string, hasTarget bool, err error) {
	for {
		t, err := p.next()
		if err != nil {
			return "", "", false, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return src, tgt, hasTarget, nil
		case xml.StartElement:
			var b strings.Builder
			if t.Name.Space != NS2 || (t.Name.Local != "source" && t.Name.Local != "target") {
				return "", "", false, p.fail("unexpected <%s> in a segment", t.Name.Local)
			}
			if err := p.inline2(&b, data, false); err != nil {
				return "", "", false, err
			}
			if t.Name.Local == "source" {
				src = b.String()
			} else {
				tgt, hasTarget = b.String(), true
			}
		}
	}
}

// inline2 reads inline content up to the end of the current element,
// writing its Markdown: text, code points, and each code's original data.
// In original data itself (onlyCP) only <cp> may appear.
func (p *parser) inline2(b *strings.Builder, data map[string]string, onlyCP bool) error {
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
			if t.Name.Space != NS2 {
				return p.fail("unexpected <%s> in text", t.Name.Local)
			}
			name := t.Name.Local
			if onlyCP && name != "cp" {
				return p.fail("unexpected <%s> in <data>", name)
			}
			ref := func(attr string) (string, error) {
				r, _ := attrOf(t, attr)
				v, ok := data[r]
				if !ok {
					return "", p.fail("the inline code <%s> refers to original data %q that the unit does not have", name, truncate(r))
				}
				return v, nil
			}
			switch name {
			case "cp":
				h, _ := attrOf(t, "hex")
				n, err := strconv.ParseUint(h, 16, 32)
				if err != nil || len(h) > 6 || (n >= 0xD800 && n <= 0xDFFF) || n > 0x10FFFF {
					return p.fail("<cp hex=%q> is not a Unicode code point", truncate(h))
				}
				b.WriteRune(rune(n))
			case "ph", "sc", "ec":
				v, err := ref("dataRef")
				if err != nil {
					return err
				}
				b.WriteString(v)
			case "pc":
				v, err := ref("dataRefStart")
				if err != nil {
					return err
				}
				b.WriteString(v)
				if err := p.inline2(b, data, false); err != nil {
					return err
				}
				if v, err = ref("dataRefEnd"); err != nil {
					return err
				}
				b.WriteString(v)
				continue
			case "mrk":
				if err := p.inline2(b, data, false); err != nil {
					return err
				}
				continue
			case "sm", "em":
			default:
				return p.fail("unexpected <%s> in text", name)
			}
			// Empty elements: read their end.
			if err := p.skip(); err != nil {
				return err
			}
		}
	}
}
