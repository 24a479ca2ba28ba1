package mongodb

import (
	"context"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// prepareQA counts, for an approval of a translation, the open quality-check
// errors of the text being approved, so that newsroom.Apply can require an
// override reason.
func (s *Store) prepareQA(ctx context.Context, r *newsroom.Release, v, source *newsroom.Version, ch *newsroom.Change) error {
	ch.QAErrors = 0
	if ch.Action != newsroom.ActionApprove || v.Lang == r.SourceLang || v.Rev == 0 {
		return nil
	}
	rs, err := s.VersionQA(ctx, r, v, source)
	if err != nil {
		return err
	}
	ch.QAErrors = qa.Errors(rs)
	return nil
}

// VersionQA runs the quality checks on translation v of r against the
// current text of its source version.
func (s *Store) VersionQA(ctx context.Context, r *newsroom.Release, v, source *newsroom.Version) ([]qa.Result, error) {
	if v.Lang == r.SourceLang || v.Rev == 0 {
		return nil, nil
	}
	var tgt, src revisionDoc
	if _, err := s.db.findByID(ctx, colRevisions, newsroom.RevisionID(r.ID, v.Lang, v.Rev), &tgt); err != nil {
		return nil, err
	}
	if _, err := s.db.findByID(ctx, colRevisions, newsroom.RevisionID(r.ID, source.Lang, source.Rev), &src); err != nil {
		return nil, err
	}
	terms, err := s.Terms(ctx, r.SourceLang, v.Lang)
	if err != nil {
		return nil, err
	}
	return qa.Check(qa.Input{
		Source:   qa.Text{Lang: r.SourceLang, Content: newsroom.Content{Title: src.Title, Lead: src.Lead, Body: src.Body}},
		Target:   qa.Text{Lang: v.Lang, Content: newsroom.Content{Title: tgt.Title, Lead: tgt.Lead, Body: tgt.Body}},
		Glossary: terms,
	}), nil
}

// summarize counts, for a save of translation next with content c, the
// source paragraphs it answers and its quality-check errors, for the head.
// It costs the checks and, unless cached, one revision read (≤ 5 ms for 5 KB). It returns
// nil for the source version, and when the source cannot be read (the
// save goes ahead; listings then show no figures).
func (s *Store) summarize(ctx context.Context, r *newsroom.Release, next *newsroom.Version, c newsroom.Content) *newsroom.Summary {
	if next.Lang == r.SourceLang || next.SourceRev == 0 {
		return nil
	}
	sc, ok, err := s.sourceContent(ctx, newsroom.RevisionID(r.ID, r.SourceLang, next.SourceRev))
	if err != nil || !ok {
		return nil
	}
	terms, err := s.Terms(ctx, r.SourceLang, next.Lang)
	if err != nil {
		return nil
	}
	n, m := qa.Progress(sc, c)
	rs := qa.Check(qa.Input{
		Source:   qa.Text{Lang: r.SourceLang, Content: sc},
		Target:   qa.Text{Lang: next.Lang, Content: c},
		Glossary: terms,
	})
	return &newsroom.Summary{Translated: n, Paragraphs: m, QAErrors: qa.Errors(rs)}
}
