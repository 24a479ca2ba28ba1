package editor

import (
	"context"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// qaItem is one quality-check finding as the editor and the review page show it.
type qaItem struct {
	Field     string
	Paragraph int
	Error     bool
	// Where names the place ("Paragraph 3"); Message says what is wrong.
	Where, Message string
}

// qaView is the quality-check findings of a translation's working copy.
type qaView struct {
	Items            []qaItem
	Errors, Warnings int
	// ByParagraph holds the messages per body paragraph, for the rows.
	ByParagraph map[int][]qaItem
}

// checkQuality runs the quality checks on cur, a working copy of lang,
// against the current source text of r: the same check the store runs when
// the text is approved.
func (e *Editor) checkQuality(ctx context.Context, l loc, r *newsroom.Release, lang string, cur newsroom.Content) (*qaView, error) {
	src := r.Versions[r.SourceLang]
	if lang == r.SourceLang || src == nil || src.Rev == 0 {
		return nil, nil
	}
	s, err := e.releases.Revision(ctx, r.ID, r.SourceLang, src.Rev)
	if err != nil {
		return nil, err
	}
	var terms []qa.Term
	if e.glossary != nil {
		if terms, err = e.glossary.Terms(ctx, r.SourceLang, lang); err != nil {
			return nil, err
		}
	}
	rs := qa.Check(qa.Input{
		Source: qa.Text{Lang: r.SourceLang, Content: s.Content}, Target: qa.Text{Lang: lang, Content: cur}, Glossary: terms,
	})
	v := &qaView{Errors: qa.Errors(rs), ByParagraph: map[int][]qaItem{}}
	for _, res := range rs {
		it := qaItem{Field: string(res.Field), Paragraph: res.Paragraph, Error: res.Severity == qa.Error, Message: l.l.T(res.MessageID, res.Args)}
		switch {
		case res.Field == qa.FieldTitle:
			it.Where = l.T("EdQAWhereTitle")
		case res.Field == qa.FieldLead:
			it.Where = l.T("EdQAWhereLead")
		case res.Paragraph < 0:
			it.Where = l.T("EdQAWhereBody")
		default:
			it.Where = l.T("EdQAWhereParagraph", "N", res.Paragraph+1)
			v.ByParagraph[res.Paragraph] = append(v.ByParagraph[res.Paragraph], it)
		}
		v.Items = append(v.Items, it)
		if !it.Error {
			v.Warnings++
		}
	}
	return v, nil
}
