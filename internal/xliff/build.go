package xliff

import (
	"slices"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// Input is what Build makes a Document of: one translation of a release.
type Input struct {
	Format     Format
	ReleaseID  string
	SourceLang string
	TargetLang string
	Source     newsroom.Content
	SourceRev  int
	Target     newsroom.Content
	// TargetRev and TargetState are the translation's revision and state.
	TargetRev   int
	TargetState newsroom.State
	// Outdated says which units changed in the source since the translation's
	// pinned source revision: indexes of body paragraphs, and the title and lead.
	OutdatedParagraphs []int
	OutdatedTitle      bool
	OutdatedLead       bool
	// Note is the reviewer's last comment.
	Note string
}

// Build makes the units of a translation: the title, the lead (when either
// side has one) and one unit per source paragraph, each with the target
// paragraph in the same position, as the side-by-side editor pairs them.
func Build(in Input) *Document {
	d := &Document{
		Format: in.Format, ReleaseID: in.ReleaseID, SourceLang: in.SourceLang, TargetLang: in.TargetLang,
		BaseRev: in.TargetRev, SourceRev: in.SourceRev, Note: in.Note,
	}
	state := StateOf(in.TargetState)
	add := func(id, src, tgt string, outdated bool) {
		u := Unit{ID: id, Source: src, Target: tgt, HasTarget: tgt != "", State: StateInitial}
		if u.HasTarget {
			u.State = state
			u.Outdated = outdated
		}
		d.Units = append(d.Units, u)
	}
	add(UnitTitle, in.Source.Title, in.Target.Title, in.OutdatedTitle)
	if in.Source.Lead != "" || in.Target.Lead != "" {
		add(UnitLead, in.Source.Lead, in.Target.Lead, in.OutdatedLead)
	}
	src, tgt := textdiff.Paragraphs(in.Source.Body), textdiff.Paragraphs(in.Target.Body)
	for i, p := range src {
		t := ""
		if i < len(tgt) {
			t = tgt[i]
		}
		add(ParagraphID(i), p, t, slices.Contains(in.OutdatedParagraphs, i))
	}
	return d
}
