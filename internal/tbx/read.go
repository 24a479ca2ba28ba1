package tbx

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// Read reads a TBX document of the src → tgt pair from r, keeping every
// entry that has a term in src and an approved term in tgt and rejecting,
// with the reason, those that do not. A document that is not well-formed
// TBX, is longer than MaxInput, nests deeper than MaxDepth or holds more
// than MaxEntries entries is refused with a coded error (EInvalid, or
// ETooLarge for its size). Language tags match by prefix: "ky-KG" is ky.
func Read(r io.Reader, src, tgt string) (*Result, error) {
	lim := &limited{r: r, n: MaxInput}
	d := xml.NewDecoder(lim)
	d.Strict = true
	res := &Result{}
	var (
		depth    int
		sawRoot  bool
		cur      *entryState
		entryAt  int // depth of the current entry element
		capture  *strings.Builder
		capAt    int // depth of the element being captured
		capLimit bool
	)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if lim.over {
				return nil, errLarge()
			}
			line, _ := d.InputPos()
			return nil, newsroom.E(newsroom.EInvalid, "ErrTBXMalformed", "Line", line, "Detail", clip(err.Error()))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > MaxDepth {
				return nil, newsroom.E(newsroom.EInvalid, "ErrTBXTooDeep", "Max", MaxDepth)
			}
			if depth == 1 {
				if t.Name.Local != "tbx" && t.Name.Local != "martif" {
					return nil, errNotTBX()
				}
				sawRoot = true
				continue
			}
			name := t.Name.Local
			if cur == nil {
				if name == "conceptEntry" || name == "termEntry" {
					res.Count++
					if res.Count > MaxEntries {
						return nil, newsroom.E(newsroom.EInvalid, "ErrTBXTooManyEntries", "Max", MaxEntries)
					}
					cur = &entryState{index: res.Count, id: attr(t, "", "id")}
					entryAt = depth
				}
				continue
			}
			if capture != nil {
				continue // inline markup (<hi>) inside a captured text
			}
			switch {
			case name == "note" && depth == entryAt+1:
				if len(cur.notes) >= MaxTerms {
					cur.tooMany = true
					continue
				}
				capture, capAt = cur.newNote(), depth
			case name == "langSec" || name == "langSet":
				cur.lang = attr(t, xmlNamespace, "lang")
				if cur.lang == "" {
					cur.lang = attr(t, "xml", "lang")
				}
			case name == "termSec" || name == "tig" || name == "ntig":
				if cur.term == nil {
					cur.term = &termState{lang: cur.lang}
				}
			case name == "term" && cur.term != nil:
				capture, capAt = &cur.term.text, depth
			case name == "termNote" && cur.term != nil && attr(t, "", "type") == "administrativeStatus":
				capture, capAt = &cur.term.status, depth
			}
		case xml.EndElement:
			if capture != nil && depth == capAt {
				if capture.Len() > MaxText {
					capLimit = true
				}
				capture = nil
			}
			if cur != nil {
				switch name := t.Name.Local; {
				case depth == entryAt:
					switch {
					case cur.tooMany:
						res.reject(cur.index, cur.id, newsroom.E(newsroom.EInvalid, "ErrTBXTooManyTerms", "Max", MaxTerms))
					case capLimit:
						res.reject(cur.index, cur.id, newsroom.E(newsroom.EInvalid, "ErrTBXTextTooLong", "Max", MaxText))
					default:
						if term, err := cur.build(src, tgt); err != nil {
							res.reject(cur.index, cur.id, err)
						} else {
							res.Entries = append(res.Entries, Entry{Index: cur.index, ID: cur.id, Term: term})
						}
					}
					cur, capLimit = nil, false
				case (name == "termSec" || name == "tig" || name == "ntig") && cur.term != nil:
					if len(cur.terms) < MaxTerms {
						cur.terms = append(cur.terms, cur.term)
					} else {
						cur.tooMany = true
					}
					cur.term = nil
				case name == "langSec" || name == "langSet":
					cur.lang = ""
				}
			}
			depth--
		case xml.CharData:
			if capture != nil && capture.Len() <= MaxText {
				capture.Write(t[:min(len(t), MaxText+1-capture.Len())])
			}
		}
	}
	if !sawRoot {
		return nil, errNotTBX()
	}
	return res, nil
}

// entryState gathers one entry while it is read.
type entryState struct {
	index   int
	id      string
	lang    string // of the langSec being read
	notes   []*strings.Builder
	term    *termState
	terms   []*termState
	tooMany bool // more than MaxTerms terms or notes
}

type termState struct {
	lang         string
	text, status strings.Builder
}

func (e *entryState) newNote() *strings.Builder {
	b := &strings.Builder{}
	e.notes = append(e.notes, b)
	return b
}

// build turns the entry into a term, or says why it cannot.
func (e *entryState) build(src, tgt string) (qa.Term, error) {
	var t qa.Term
	var notes []string
	for _, n := range e.notes {
		s := strings.TrimSpace(n.String())
		var flag *bool
		var v string
		switch {
		case s == "":
			continue
		case strings.HasPrefix(s, FlagCaseSensitive):
			flag, v = &t.CaseSensitive, strings.TrimPrefix(s, FlagCaseSensitive)
		case strings.HasPrefix(s, FlagWordForms):
			flag, v = &t.WordForms, strings.TrimPrefix(s, FlagWordForms)
		default:
			notes = append(notes, s)
			continue
		}
		switch v {
		case "true":
			*flag = true
		case "false":
			*flag = false
		default:
			return t, newsroom.E(newsroom.EInvalid, "ErrTBXFlag", "Name", strings.TrimSuffix(s[:len(s)-len(v)], "="), "Value", clip(v))
		}
	}
	t.Note = strings.Join(notes, "\n")
	var srcAlt, preferred, admitted []string
	for i := range e.terms {
		x := e.terms[i]
		text, status := strings.TrimSpace(x.text.String()), strings.TrimSpace(x.status.String())
		if text == "" {
			continue
		}
		switch {
		case sameLang(x.lang, src):
			switch status {
			case Preferred:
				if t.Source == "" {
					t.Source = text
				}
			case Deprecated, Superseded:
			default:
				srcAlt = append(srcAlt, text)
			}
		case sameLang(x.lang, tgt):
			switch status {
			case Preferred:
				preferred = append(preferred, text)
			case Deprecated, Superseded:
				t.Forbidden = append(t.Forbidden, text)
			default:
				admitted = append(admitted, text)
			}
		}
	}
	if t.Source == "" && len(srcAlt) > 0 {
		t.Source = srcAlt[0]
	}
	t.Translations = append(preferred, admitted...)
	switch {
	case t.Source == "":
		return t, newsroom.E(newsroom.EInvalid, "ErrTBXNoSource", "Lang", src)
	case len(t.Translations) == 0:
		return t, newsroom.E(newsroom.EInvalid, "ErrTBXNoTranslation", "Lang", tgt)
	}
	return t, nil
}

// sameLang reports whether a language tag ("ky-KG") is lang ("ky").
func sameLang(tag, lang string) bool {
	tag, lang = strings.ToLower(tag), strings.ToLower(lang)
	return lang != "" && (tag == lang || strings.HasPrefix(tag, lang+"-") || strings.HasPrefix(tag, lang+"_"))
}

func attr(se xml.StartElement, space, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// limited reads at most n bytes and then reports that there was more.
type limited struct {
	r    io.Reader
	n    int64
	over bool
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		for range 100 { // io.Reader may answer (0, nil) now and then
			k, err := l.r.Read(one[:])
			if k > 0 {
				l.over = true
				return 0, errors.New("tbx: input too long")
			}
			if err != nil {
				return 0, err
			}
		}
		return 0, io.ErrNoProgress
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}
