package mongodb

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// ImportGlossary adds terms to the src → tgt glossary, all or none. Each
// term is checked by the same rules as PutGlossaryTerm; when any fails,
// nothing is written and rejected holds, at each failing term's index, the
// reason (nil for the terms that pass). With commit false the terms are
// only checked (the caller found other entries it cannot import and wants
// every reason in one answer). Errors: EInvalid (languages, or a glossary
// that would exceed MaxGlossaryTerms), EForbidden.
func (s *Store) ImportGlossary(ctx context.Context, actor *newsroom.User, src, tgt string, terms []qa.Term, commit bool) (rejected []error, err error) {
	if err := s.langs.Check(src); err != nil {
		return nil, err
	}
	if err := s.langs.Check(tgt); err != nil {
		return nil, err
	}
	if src == tgt {
		return nil, newsroom.E(newsroom.EInvalid, "ErrGlossarySameLang")
	}
	if !mayEditGlossary(actor, tgt) {
		return nil, newsroom.E(newsroom.EForbidden, "ErrGlossaryForbidden", "Lang", tgt)
	}
	docs := make([]glossaryDoc, 0, len(terms))
	now := s.clock()
	for i, t := range terms {
		t, err := validTerm(t)
		if err != nil {
			if rejected == nil {
				rejected = make([]error, len(terms))
			}
			rejected[i] = err
			continue
		}
		docs = append(docs, glossaryDoc{ID: newID(), Src: src, Tgt: tgt, Source: t.Source, Translations: t.Translations, Forbidden: t.Forbidden,
			Note: t.Note, CaseSensitive: t.CaseSensitive, WordForms: t.WordForms, UpdatedAt: now, UpdatedBy: actor.ID})
	}
	if rejected != nil || !commit || len(docs) == 0 {
		return rejected, nil
	}
	pair := bson.D{{Key: "src", Value: src}, {Key: "tgt", Value: tgt}}
	n, err := s.db.c(colGlossary).CountDocuments(ctx, pair)
	if err != nil {
		return nil, fmt.Errorf("mongodb: glossary: %w", err)
	}
	if n+int64(len(docs)) > MaxGlossaryTerms {
		return nil, newsroom.E(newsroom.EInvalid, "ErrGlossaryFull", "Max", MaxGlossaryTerms)
	}
	defer s.forgetGlossary(src, tgt)
	if _, err := s.db.c(colGlossary).InsertMany(ctx, docs); err != nil {
		// Take back what went in before the failure: all or none.
		ids := make(bson.A, len(docs))
		for i, d := range docs {
			ids[i] = d.ID
		}
		if _, derr := s.db.c(colGlossary).DeleteMany(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}); derr != nil {
			return nil, fmt.Errorf("mongodb: glossary import: %w (and removing its partial write: %v)", err, derr)
		}
		return nil, fmt.Errorf("mongodb: glossary import: %w", err)
	}
	return nil, nil
}
