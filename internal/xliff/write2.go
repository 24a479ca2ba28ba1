package xliff

import (
	"bufio"
	"strconv"
	"strings"
)

// pcTypes maps paired-code kinds to XLIFF 2 type and subType.
var pcTypes = map[string][2]string{
	TypeStrong: {"fmt", "xlf:b"},
	TypeEm:     {"fmt", "xlf:i"},
	TypeLink:   {"link", ""},
	TypeImage:  {"image", ""},
}

func write2(b *bufio.Writer, d *Document) error {
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xliff xmlns="` + NS2 + `" version="2.1"`)
	attr(b, "srcLang", d.SourceLang)
	attr(b, "trgLang", d.TargetLang)
	b.WriteString(">\n <file id=\"f1\"")
	attr(b, "original", d.original())
	b.WriteString(">\n")
	if d.Note != "" {
		b.WriteString(`  <notes><note category="review">`)
		if err := escape(b, noteText(d.Note), false); err != nil {
			return err
		}
		b.WriteString("</note></notes>\n")
	}
	for i := range d.Units {
		if err := writeUnit2(b, &d.Units[i]); err != nil {
			return err
		}
	}
	b.WriteString(" </file>\n</xliff>\n")
	return nil
}

func writeUnit2(b *bufio.Writer, u *Unit) error {
	src := ParseInline(u.Source)
	var tgt []Node
	pieces := []piece{{nodes: src}}
	if u.HasTarget {
		tgt = ParseInline(u.Target)
	} else {
		pieces = segment(u.Source, src)
	}
	c := newCodes()
	// Encode the content first: it fills the original data, which comes first.
	var content strings.Builder
	cw := bufio.NewWriter(&content)
	seg := 0
	for _, p := range pieces {
		if p.ignorable {
			cw.WriteString("   <ignorable><source>")
			if err := inline2(cw, c, p.nodes, true); err != nil {
				return err
			}
			cw.WriteString("</source></ignorable>\n")
			continue
		}
		seg++
		cw.WriteString(`   <segment id="s` + strconv.Itoa(seg) + `"`)
		if u.HasTarget {
			if u.Outdated {
				// Needs translation again: initial, with the reason.
				cw.WriteString(` state="initial" subState="kotormo:outdated"`)
			} else {
				cw.WriteString(` state="` + string(u.State) + `"`)
			}
		}
		cw.WriteString("><source>")
		if err := inline2(cw, c, p.nodes, true); err != nil {
			return err
		}
		cw.WriteString("</source>")
		if u.HasTarget {
			cw.WriteString("<target>")
			if err := inline2(cw, c, tgt, false); err != nil {
				return err
			}
			cw.WriteString("</target>")
		}
		cw.WriteString("</segment>\n")
	}
	if err := cw.Flush(); err != nil {
		return err
	}

	b.WriteString(`  <unit id="` + u.ID + `" xml:space="preserve">` + "\n")
	if u.Outdated {
		b.WriteString(`   <notes><note category="outdated">The source changed since this was translated: check the translation.</note></notes>` + "\n")
	}
	if len(c.order) > 0 {
		b.WriteString("   <originalData>")
		for i, m := range c.order {
			b.WriteString(`<data id="d` + strconv.Itoa(i+1) + `">`)
			if err := escape(b, m, true); err != nil {
				return err
			}
			b.WriteString("</data>")
		}
		b.WriteString("</originalData>\n")
	}
	b.WriteString(content.String())
	b.WriteString("  </unit>\n")
	return nil
}

// inline2 writes nodes as XLIFF 2 content: text, <ph/> and <pc>.
func inline2(b *bufio.Writer, c *codes, nodes []Node, source bool) error {
	for _, n := range nodes {
		switch n.Kind {
		case Text:
			if err := escape(b, n.Text, true); err != nil {
				return err
			}
			continue
		}
		id := 0
		if source {
			id = c.sourceID(n)
		} else {
			id = c.targetID(n)
		}
		if n.Kind == Ph {
			b.WriteString(`<ph id="` + strconv.Itoa(id) + `" dataRef="` + c.dataID(n.Text) + `"/>`)
			continue
		}
		b.WriteString(`<pc id="` + strconv.Itoa(id) + `" dataRefStart="` + c.dataID(n.Start) + `" dataRefEnd="` + c.dataID(n.End) + `"`)
		if t, ok := pcTypes[n.Type]; ok {
			b.WriteString(` type="` + t[0] + `"`)
			if t[1] != "" {
				b.WriteString(` subType="` + t[1] + `"`)
			}
		}
		b.WriteString(">")
		if err := inline2(b, c, n.Children, source); err != nil {
			return err
		}
		b.WriteString("</pc>")
	}
	return nil
}
