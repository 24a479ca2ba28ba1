package tmx

import (
	"bufio"
	"encoding/xml"
	"io"
)

// Writer writes a TMX 1.4b document for one language pair, one unit at a time.
type Writer struct {
	w        *bufio.Writer
	src, tgt string
	err      error
}

// NewWriter starts a TMX document whose units go from src to tgt.
func NewWriter(w io.Writer, src, tgt string) *Writer {
	tw := &Writer{w: bufio.NewWriter(w), src: src, tgt: tgt}
	tw.str(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<tmx version="1.4">` + "\n" +
		`<header creationtool="Kotormo" creationtoolversion="1" segtype="sentence" o-tmf="kotormo" adminlang="en" srclang="`)
	tw.esc(src)
	tw.str(`" datatype="plaintext"/>` + "\n<body>\n")
	return tw
}

func (tw *Writer) str(s string) {
	if tw.err == nil {
		_, tw.err = tw.w.WriteString(s)
	}
}

func (tw *Writer) esc(s string) {
	if tw.err == nil {
		tw.err = xml.EscapeText(tw.w, []byte(s))
	}
}

func (tw *Writer) attr(name, v string) {
	if v != "" {
		tw.str(" " + name + `="`)
		tw.esc(v)
		tw.str(`"`)
	}
}

// seg writes a segment: its inner XML as read, or its text escaped.
func (tw *Writer) seg(lang, inner, text string) {
	tw.str(`<tuv xml:lang="`)
	tw.esc(lang)
	tw.str(`"><seg>`)
	if inner != "" {
		tw.str(inner)
	} else {
		tw.esc(text)
	}
	tw.str("</seg></tuv>")
}

// Write adds a unit.
func (tw *Writer) Write(u Unit) error {
	tw.str("<tu")
	tw.attr("tuid", u.TUID)
	tw.attr("creationdate", u.CreationDate)
	tw.attr("creationid", u.CreationID)
	tw.attr("changedate", u.ChangeDate)
	tw.attr("changeid", u.ChangeID)
	tw.str(">")
	for _, n := range u.Notes {
		tw.str("<note>")
		tw.esc(n)
		tw.str("</note>")
	}
	for _, p := range u.Props {
		tw.str(`<prop type="`)
		tw.esc(p.Type)
		tw.str(`">`)
		tw.esc(p.Value)
		tw.str("</prop>")
	}
	tw.seg(tw.src, u.SourceXML, u.Source)
	tw.seg(tw.tgt, u.TargetXML, u.Target)
	tw.str("</tu>\n")
	return tw.err
}

// Close ends the document and flushes it.
func (tw *Writer) Close() error {
	tw.str("</body>\n</tmx>\n")
	if tw.err != nil {
		return tw.err
	}
	return tw.w.Flush()
}
