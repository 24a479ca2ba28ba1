package api

import (
	"context"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// addQA runs the quality checks on a translation's working copy cur against
// the current source text src, with the language pair's glossary.
func (a *API) addQA(ctx context.Context, j *versionJSON, r *newsroom.Release, v *newsroom.Version, src, cur newsroom.Content) error {
	if v.Lang == r.SourceLang || v.Rev == 0 {
		return nil
	}
	var terms []qa.Term
	if a.assistant != nil {
		var err error
		if terms, err = a.assistant.Terms(ctx, r.SourceLang, v.Lang); err != nil {
			return internal(err)
		}
	}
	j.QA = qa.Check(qa.Input{
		Source: qa.Text{Lang: r.SourceLang, Content: src}, Target: qa.Text{Lang: v.Lang, Content: cur}, Glossary: terms,
	})
	if j.QA == nil {
		j.QA = []qa.Result{}
	}
	n := qa.Errors(j.QA)
	j.QAErrors = &n
	done, total := qa.Progress(src, cur)
	j.Translated, j.Paragraphs = &done, &total
	if a.assistant != nil {
		from, err := a.assistant.FromMemory(ctx, r.ID, v.Lang, cur.Body)
		if err != nil {
			return internal(err)
		}
		j.FromMemory = from
	}
	return nil
}
