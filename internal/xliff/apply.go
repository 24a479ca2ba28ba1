package xliff

import (
	"slices"
	"strings"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// Check refuses a document made for another release, language or source language.
func (d *Document) Check(releaseID, sourceLang, targetLang string) error {
	switch {
	case d.ReleaseID != releaseID:
		return newsroom.Errorf(newsroom.EInvalid, "This XLIFF file belongs to release %q, not to this one (%s).", truncate(d.ReleaseID), releaseID)
	case d.TargetLang != targetLang:
		return newsroom.Errorf(newsroom.EInvalid, "This XLIFF file is for language %q, not %q.", truncate(d.TargetLang), targetLang)
	case d.SourceLang != sourceLang:
		return newsroom.Errorf(newsroom.EInvalid, "This XLIFF file translates from %q, but the release's source language is %q.", truncate(d.SourceLang), sourceLang)
	}
	return nil
}

// Result is what importing a document does to a translation.
type Result struct {
	// Content is the translation with the file's targets filled in.
	Content newsroom.Content
	// Changed lists the units whose target differs from the translation.
	Changed []string
	// Unknown lists units of the file that the release does not have.
	Unknown []string
	// Incomplete lists units whose segments were only partly translated; they are left as they were.
	Incomplete []string
}

// Apply fills the targets d carries into target, the translation of a
// release whose source has sourceParagraphs body paragraphs. Units without a
// target, or with an empty one, leave their text as it is. Paragraphs are
// replaced in place, so everything the file does not change stays byte for
// byte; a paragraph beyond the translation's last one is appended.
func Apply(d *Document, target newsroom.Content, sourceParagraphs int) Result {
	res := Result{Content: target}
	spans := paragraphSpans(target.Body)
	replace := map[int]string{}
	for _, u := range d.Units {
		idx, _ := ParseUnitID(u.ID)
		if idx >= sourceParagraphs {
			res.Unknown = append(res.Unknown, u.ID)
			continue
		}
		if u.Incomplete {
			res.Incomplete = append(res.Incomplete, u.ID)
			continue
		}
		// Targets are trimmed as a save trims the title and the lead and as
		// paragraphs are split, so white space a CAT tool adds changes nothing.
		tgt := strings.TrimSpace(u.Target)
		if !u.HasTarget || tgt == "" {
			continue
		}
		switch u.ID {
		case UnitTitle:
			if tgt != target.Title {
				res.Content.Title = tgt
				res.Changed = append(res.Changed, u.ID)
			}
		case UnitLead:
			if tgt != target.Lead {
				res.Content.Lead = tgt
				res.Changed = append(res.Changed, u.ID)
			}
		default:
			old := ""
			if idx < len(spans) {
				old = target.Body[spans[idx][0]:spans[idx][1]]
			}
			if tgt != old {
				replace[idx] = tgt
				res.Changed = append(res.Changed, u.ID)
			}
		}
	}
	if len(replace) > 0 {
		res.Content.Body = replaceParagraphs(target.Body, spans, replace)
	}
	return res
}

// paragraphSpans returns the byte ranges of the paragraphs of body, as
// textdiff.Paragraphs splits them.
func paragraphSpans(body string) [][2]int {
	var spans [][2]int
	at := 0
	for _, p := range textdiff.Paragraphs(body) {
		i := strings.Index(body[at:], p)
		if i < 0 { // cannot happen for a normalised body; keep what was found
			break
		}
		spans = append(spans, [2]int{at + i, at + i + len(p)})
		at += i + len(p)
	}
	return spans
}

func replaceParagraphs(body string, spans [][2]int, replace map[int]string) string {
	var b strings.Builder
	at := 0
	for i, sp := range spans {
		b.WriteString(body[at:sp[0]])
		if r, ok := replace[i]; ok {
			b.WriteString(r)
		} else {
			b.WriteString(body[sp[0]:sp[1]])
		}
		at = sp[1]
	}
	b.WriteString(body[at:])
	var extra []int
	for i := range replace {
		if i >= len(spans) {
			extra = append(extra, i)
		}
	}
	slices.Sort(extra)
	out := strings.TrimRight(b.String(), " \t\n")
	for _, i := range extra {
		if out != "" {
			out += "\n\n"
		}
		out += replace[i]
	}
	if len(extra) == 0 {
		return b.String()
	}
	return out
}
