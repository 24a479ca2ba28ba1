package api

import (
	"context"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// Assistant is the store of the translator's assistant: the glossaries and
// the translation memory. The store implements it.
type Assistant interface {
	qa.Glossaries
	// GlossaryTerms lists the src → tgt glossary.
	GlossaryTerms(ctx context.Context, src, tgt string) ([]*qa.StoredTerm, error)
	// PutGlossaryTerm creates (id "") or replaces a term. Errors: EInvalid,
	// EForbidden, ENotFound.
	PutGlossaryTerm(ctx context.Context, actor *newsroom.User, src, tgt, id string, t qa.Term) (*qa.StoredTerm, error)
	// DeleteGlossaryTerm removes a term. Errors: EForbidden, ENotFound.
	DeleteGlossaryTerm(ctx context.Context, actor *newsroom.User, src, tgt, id string) error
}
