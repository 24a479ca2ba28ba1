package xliff

import (
	"bufio"
	"strconv"
)

// ctypes12 maps code kinds to XLIFF 1.2 ctype values (bpt, then ph).
var ctypes12 = map[string]string{
	TypeStrong: "bold",
	TypeEm:     "italic",
	TypeLink:   "link",
	TypeImage:  "x-image",
	TypeCode:   "x-code",
	TypeHTML:   "x-html",
	TypeBlock:  "x-block",
}

func write12(b *bufio.Writer, d *Document) error {
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xliff xmlns="` + NS12 + `" version="1.2">` + "\n <file")
	attr(b, "original", d.original())
	attr(b, "source-language", d.SourceLang)
	attr(b, "target-language", d.TargetLang)
	b.WriteString(` datatype="plaintext">` + "\n")
	if d.Note != "" {
		b.WriteString(`  <header><note from="reviewer">`)
		if err := escape(b, noteText(d.Note), false); err != nil {
			return err
		}
		b.WriteString("</note></header>\n")
	}
	b.WriteString("  <body>\n")
	for i := range d.Units {
		if err := writeUnit12(b, &d.Units[i]); err != nil {
			return err
		}
	}
	b.WriteString("  </body>\n </file>\n</xliff>\n")
	return nil
}

func writeUnit12(b *bufio.Writer, u *Unit) error {
	src := ParseInline(u.Source)
	c := newCodes()
	b.WriteString(`   <trans-unit id="` + u.ID + `" xml:space="preserve">` + "\n    <source>")
	if err := inline12(b, c, src, true); err != nil {
		return err
	}
	b.WriteString("</source>\n")
	if !u.HasTarget {
		if pieces := segment(u.Source, src); len(pieces) > 1 {
			// The same codes again: seg-source repeats source with segment marks.
			c2 := newCodes()
			b.WriteString("    <seg-source>")
			mid := 0
			for _, p := range pieces {
				if !p.ignorable {
					mid++
					b.WriteString(`<mrk mtype="seg" mid="` + strconv.Itoa(mid) + `">`)
				}
				if err := inline12(b, c2, p.nodes, true); err != nil {
					return err
				}
				if !p.ignorable {
					b.WriteString("</mrk>")
				}
			}
			b.WriteString("</seg-source>\n")
		}
	} else {
		b.WriteString(`    <target state="` + state12(u.State, u.Outdated) + `">`)
		if err := inline12(b, c, ParseInline(u.Target), false); err != nil {
			return err
		}
		b.WriteString("</target>\n")
	}
	if u.Outdated {
		b.WriteString("    <note>The source changed since this was translated: check the translation.</note>\n")
	}
	b.WriteString("   </trans-unit>\n")
	return nil
}

// inline12 writes nodes as XLIFF 1.2 content: paired codes as <bpt>/<ept>
// and standalone ones as <ph>, each carrying its Markdown as native code.
func inline12(b *bufio.Writer, c *codes, nodes []Node, source bool) error {
	for _, n := range nodes {
		if n.Kind == Text {
			if err := escape(b, n.Text, false); err != nil {
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
		ids := strconv.Itoa(id)
		ctype := ""
		if t, ok := ctypes12[n.Type]; ok {
			ctype = ` ctype="` + t + `"`
		}
		if n.Kind == Ph {
			if n.Type == TypeStrong || n.Type == TypeEm || n.Type == TypeLink {
				ctype = ""
			}
			b.WriteString(`<ph id="` + ids + `"` + ctype + ">")
			if err := escape(b, n.Text, false); err != nil {
				return err
			}
			b.WriteString("</ph>")
			continue
		}
		b.WriteString(`<bpt id="` + ids + `"` + ctype + ">")
		if err := escape(b, n.Start, false); err != nil {
			return err
		}
		b.WriteString("</bpt>")
		if err := inline12(b, c, n.Children, source); err != nil {
			return err
		}
		b.WriteString(`<ept id="` + ids + `">`)
		if err := escape(b, n.End, false); err != nil {
			return err
		}
		b.WriteString("</ept>")
	}
	return nil
}
