package tbx

import (
	"bufio"
	"encoding/xml"
	"io"
	"unicode"
)

// Write writes entries as a TBX-Basic document of the src → tgt pair (see
// the package comment for the mapping). Each entry's ID, when it is a
// valid XML name, becomes the conceptEntry's id. A document without
// entries has an empty body, which the TBX-Basic grammar does not allow
// (it asks for at least one conceptEntry); tools read it as an empty
// glossary all the same.
func Write(w io.Writer, src, tgt string, entries []Entry) error {
	b := bufio.NewWriter(w)
	p := func(ss ...string) {
		for _, s := range ss {
			_, _ = b.WriteString(s)
		}
	}
	text := func(s string) { _ = xml.EscapeText(b, []byte(s)) }
	p(`<?xml version="1.0" encoding="UTF-8"?>`, "\n")
	p(`<tbx type="TBX-Basic" style="dca" xml:lang="`)
	text(src)
	p(`" xmlns="`, Namespace, `">`, "\n")
	p("<tbxHeader><fileDesc><sourceDesc><p>Kotormo glossary ")
	text(src + " → " + tgt)
	p("</p></sourceDesc></fileDesc></tbxHeader>\n<text>\n<body>\n")
	termSec := func(term, status string) {
		p("<termSec><term>")
		text(term)
		p(`</term><termNote type="administrativeStatus">`, status, "</termNote></termSec>\n")
	}
	for _, e := range entries {
		p("<conceptEntry")
		if validID(e.ID) {
			p(` id="`)
			text(e.ID)
			p(`"`)
		}
		p(">\n")
		if e.Note != "" {
			p("<note>")
			text(e.Note)
			p("</note>\n")
		}
		if e.CaseSensitive {
			p("<note>", FlagCaseSensitive, "true</note>\n")
		}
		if e.WordForms {
			p("<note>", FlagWordForms, "true</note>\n")
		}
		p(`<langSec xml:lang="`)
		text(src)
		p(`">`, "\n")
		termSec(e.Source, Preferred)
		p("</langSec>\n", `<langSec xml:lang="`)
		text(tgt)
		p(`">`, "\n")
		for _, t := range e.Translations {
			termSec(t, Preferred)
		}
		for _, t := range e.Forbidden {
			termSec(t, Deprecated)
		}
		p("</langSec>\n</conceptEntry>\n")
	}
	p("</body>\n</text>\n</tbx>\n")
	return b.Flush()
}

// validID reports whether s can be an xml:id-like ID (an NCName).
func validID(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return true
}
