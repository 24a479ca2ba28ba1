// Package tmx reads and writes TMX 1.4b translation memories for one
// language pair. Reading is streamed: units are handed to a callback one at a
// time, so a file's size never decides the memory used. Each unit is
// validated; a unit that fails is reported with its position and the reason,
// and the rest of the file is still read. What is read is written back the
// same: unit IDs, dates, authors, properties, notes and the segments' inline
// markup survive an import and an export.
package tmx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Bounds on what one unit may hold.
const (
	// MaxSegment is the most characters a segment's text may have.
	MaxSegment = 20_000
	// MaxRejected is the most rejected units reported one by one.
	MaxRejected = 1_000
)

// Prop is a <prop type="…">value</prop> of a unit.
type Prop struct {
	Type  string `xml:"type,attr" json:"type"`
	Value string `xml:",chardata" json:"value"`
}

// Unit is one translation unit of a language pair.
type Unit struct {
	TUID         string   `json:"tuid,omitzero"`
	CreationDate string   `json:"creationdate,omitzero"`
	CreationID   string   `json:"creationid,omitzero"`
	ChangeDate   string   `json:"changedate,omitzero"`
	ChangeID     string   `json:"changeid,omitzero"`
	Props        []Prop   `json:"props,omitzero"`
	Notes        []string `json:"notes,omitzero"`
	// SourceXML and TargetXML are the segments as written, inline markup
	// included; Source and Target are their plain text.
	SourceXML string `json:"-"`
	TargetXML string `json:"-"`
	Source    string `json:"source"`
	Target    string `json:"target"`
}

// Rejected is a unit that was not imported.
type Rejected struct {
	// Unit is the unit's position in the file, from 1.
	Unit   int    `json:"unit"`
	TUID   string `json:"tuid,omitzero"`
	Reason string `json:"reason"`
}

// Report says what a Read did.
type Report struct {
	Units    int        `json:"units"`
	Imported int        `json:"imported"`
	Rejected []Rejected `json:"rejected"`
	// RejectedCount counts every rejected unit, also past MaxRejected.
	RejectedCount int `json:"rejected_count"`
}

// ErrNotTMX is returned when the input is not a TMX document.
var ErrNotTMX = errors.New("tmx: not a TMX 1.4 document")

type xmlTU struct {
	TUID         string   `xml:"tuid,attr"`
	CreationDate string   `xml:"creationdate,attr"`
	CreationID   string   `xml:"creationid,attr"`
	ChangeDate   string   `xml:"changedate,attr"`
	ChangeID     string   `xml:"changeid,attr"`
	Props        []Prop   `xml:"prop"`
	Notes        []string `xml:"note"`
	TUVs         []xmlTUV `xml:"tuv"`
}

type xmlTUV struct {
	Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	OldLang string `xml:"lang,attr"` // TMX 1.1 wrote lang=
	Seg     struct {
		Inner string `xml:",innerxml"`
	} `xml:"seg"`
}

// sameLang reports whether a TMX language tag ("en-US") is lang ("en").
func sameLang(tag, lang string) bool {
	tag, lang = strings.ToLower(tag), strings.ToLower(lang)
	return tag == lang || strings.HasPrefix(tag, lang+"-") || strings.HasPrefix(tag, lang+"_")
}

// Read reads a TMX document from r and calls fn with every valid unit that
// has a segment in src and one in tgt. A unit that fails validation is
// counted and reported, not passed on. An error from fn stops the read.
func Read(r io.Reader, src, tgt string, fn func(Unit) error) (Report, error) {
	rep := Report{Rejected: []Rejected{}}
	d := xml.NewDecoder(r)
	d.Strict = true
	sawRoot, sawHeader := false, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, fmt.Errorf("tmx: line %d: %w", lineOf(d), err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "tmx":
			sawRoot = true
			if v := attr(se, "version"); v != "" && !strings.HasPrefix(v, "1.") {
				return rep, fmt.Errorf("%w: version %q", ErrNotTMX, v)
			}
		case "header":
			sawHeader = true
		case "tu":
			if !sawRoot {
				return rep, ErrNotTMX
			}
			rep.Units++
			var tu xmlTU
			if err := d.DecodeElement(&tu, &se); err != nil {
				return rep, fmt.Errorf("tmx: unit %d: %w", rep.Units, err)
			}
			u, reason := unitOf(&tu, src, tgt)
			if reason != "" {
				rep.RejectedCount++
				if len(rep.Rejected) < MaxRejected {
					rep.Rejected = append(rep.Rejected, Rejected{Unit: rep.Units, TUID: tu.TUID, Reason: reason})
				}
				continue
			}
			if err := fn(u); err != nil {
				return rep, err
			}
			rep.Imported++
		}
	}
	if !sawRoot || !sawHeader {
		return rep, ErrNotTMX
	}
	return rep, nil
}

func lineOf(d *xml.Decoder) int { l, _ := d.InputPos(); return l }

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// unitOf checks a unit and picks its src and tgt segments, or says why not.
func unitOf(tu *xmlTU, src, tgt string) (Unit, string) {
	u := Unit{TUID: tu.TUID, CreationDate: tu.CreationDate, CreationID: tu.CreationID, ChangeDate: tu.ChangeDate, ChangeID: tu.ChangeID, Props: tu.Props, Notes: tu.Notes}
	var haveS, haveT bool
	for _, v := range tu.TUVs {
		lang := v.Lang
		if lang == "" {
			lang = v.OldLang
		}
		if lang == "" {
			return u, "a <tuv> has no xml:lang"
		}
		text, err := plain(v.Seg.Inner)
		if err != nil {
			return u, "a segment is not well-formed: " + err.Error()
		}
		switch {
		case sameLang(lang, src) && !haveS:
			u.SourceXML, u.Source, haveS = v.Seg.Inner, text, true
		case sameLang(lang, tgt) && !haveT:
			u.TargetXML, u.Target, haveT = v.Seg.Inner, text, true
		}
	}
	switch {
	case !haveS:
		return u, "no segment in the source language " + src
	case !haveT:
		return u, "no segment in the target language " + tgt
	case strings.TrimSpace(u.Source) == "" || strings.TrimSpace(u.Target) == "":
		return u, "an empty segment"
	case utf8.RuneCountInString(u.Source) > MaxSegment || utf8.RuneCountInString(u.Target) > MaxSegment:
		return u, fmt.Sprintf("a segment longer than %d characters", MaxSegment)
	case strings.ContainsRune(u.Source+u.Target, 0):
		return u, "a NUL character"
	}
	return u, ""
}

// plain returns the text of a segment's inner XML, inline codes dropped
// (<bpt>, <ept>, <ph>, <it> hold native codes; <hi> and <sub> keep text).
func plain(inner string) (string, error) {
	if !strings.ContainsAny(inner, "<&") {
		return inner, nil
	}
	d := xml.NewDecoder(strings.NewReader("<seg>" + inner + "</seg>"))
	d.Strict = true
	var b strings.Builder
	skip := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "bpt", "ept", "ph", "it", "ut":
				skip++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "bpt", "ept", "ph", "it", "ut":
				skip--
			}
		case xml.CharData:
			if skip == 0 {
				b.Write(t)
			}
		}
	}
}
