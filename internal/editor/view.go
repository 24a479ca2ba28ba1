package editor

import (
	"slices"
	"strings"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// canSee reports whether u may look at language lang of a release whose
// source is src: the domain's visibility rule.
func canSee(u *newsroom.User, lang, src string) bool { return newsroom.CanRead(u, lang, src) == nil }

// worksOnReleases reports whether u has any role that deals with releases.
func worksOnReleases(u *newsroom.User) bool { return newsroom.CanSeeReleases(u) == nil }

// canReview reports whether u may open the review page of lang: whoever may
// read it; the decision buttons follow newsroom.Check.
func canReview(u *newsroom.User, lang, src string) bool { return canSee(u, lang, src) }

// may reports whether u may take action on language lang of r now: the
// domain's decision (newsroom.Check), asked to choose which buttons to show.
func may(u *newsroom.User, r *newsroom.Release, lang string, action newsroom.Action) bool {
	v, src := r.Versions[lang], r.Versions[r.SourceLang]
	return v != nil && src != nil && newsroom.Check(u, r, v, src, action) == nil
}

// paragraphs splits a body into its paragraphs.
func paragraphs(body string) []string { return textdiff.Paragraphs(body) }

// joinParagraphs makes a Markdown body of paragraphs typed in separate
// boxes, dropping empty ones.
func joinParagraphs(ps []string) string {
	var out []string
	for _, p := range ps {
		p = strings.ReplaceAll(strings.ReplaceAll(p, "\r\n", "\n"), "\r", "\n")
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// row is one line of the side-by-side editor: a source paragraph and the
// target paragraph in the same position.
type row struct {
	N       int // 1-based paragraph number
	Source  string
	Target  string
	Changed bool // the source paragraph changed since the translation's pinned revision
}

// alignRows pairs source and target paragraphs by position, adding one
// empty row at the end for a new paragraph.
func alignRows(src, tgt []string, changed []int) []row {
	n := max(len(src), len(tgt))
	rows := make([]row, 0, n+1)
	for i := range n {
		r := row{N: i + 1}
		if i < len(src) {
			r.Source = src[i]
			r.Changed = slices.Contains(changed, i)
		}
		if i < len(tgt) {
			r.Target = tgt[i]
		}
		rows = append(rows, r)
	}
	rows = append(rows, row{N: n + 1})
	return rows
}

// block is one paragraph of a rendered diff.
type block struct {
	Kind string // equal, added, removed, changed
	Text string // the paragraph, for equal, added and removed
	Ops  []textdiff.Op
}

// textDiff is a diff of two texts: title, lead and body.
type textDiff struct {
	Title, Lead []textdiff.Op
	// TitleKind and LeadKind say how the field changed: equal, added, removed or changed.
	TitleKind, LeadKind string
	Body                []block
	Changes             int // changed units: title, lead and body paragraphs
	// Place is the version's own dateline place, PlaceKind how it changed
	// (counted in Changes too).
	Place     []textdiff.Op
	PlaceKind string
}

// diffContent compares two versions of a text.
func diffContent(a, b newsroom.Content) textDiff {
	d := textDiff{
		Title: textdiff.Words(a.Title, b.Title), TitleKind: unitKind(a.Title, b.Title),
		Lead: textdiff.Words(a.Lead, b.Lead), LeadKind: unitKind(a.Lead, b.Lead),
		Place: textdiff.Words(a.Place, b.Place), PlaceKind: unitKind(a.Place, b.Place),
	}
	if !d.TitleSame() {
		d.Changes++
	}
	if !d.PlaceSame() {
		d.Changes++
	}
	if !d.LeadSame() {
		d.Changes++
	}
	for _, ch := range textdiff.Diff(paragraphs(a.Body), paragraphs(b.Body)) {
		bl := block{Kind: ch.Kind.String()}
		switch ch.Kind {
		case textdiff.ParaEqual:
			bl.Text = ch.To
		case textdiff.ParaAdded:
			bl.Text = ch.To
		case textdiff.ParaRemoved:
			bl.Text = ch.From
		case textdiff.ParaChanged:
			bl.Ops = ch.Words
		}
		if ch.Kind != textdiff.ParaEqual {
			d.Changes++
		}
		d.Body = append(d.Body, bl)
	}
	return d
}

// TitleSame and LeadSame report an unchanged title or lead.
func (d textDiff) TitleSame() bool { return d.TitleKind == "equal" }
func (d textDiff) LeadSame() bool  { return d.LeadKind == "equal" }

// PlaceSame reports an unchanged own place.
func (d textDiff) PlaceSame() bool { return d.PlaceKind == "equal" }

// HasPlace reports whether either side has an own place, for full diffs.
func (d textDiff) HasPlace() bool { return len(d.Place) > 0 }

// unitKind says how a unit of text changed from a to b.
func unitKind(a, b string) string {
	switch {
	case a == b:
		return "equal"
	case a == "":
		return "added"
	case b == "":
		return "removed"
	}
	return "changed"
}

// onlyChanges drops the unchanged paragraphs of a diff, for the outdated banner.
func (d textDiff) onlyChanges() textDiff {
	out := d
	out.Body = nil
	for _, b := range d.Body {
		if b.Kind != "equal" {
			out.Body = append(out.Body, b)
		}
	}
	return out
}
