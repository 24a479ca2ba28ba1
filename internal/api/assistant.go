package api

import (
	"context"
	"io"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
	"github.com/kotormo/kotormo/internal/tm"
	"github.com/kotormo/kotormo/internal/tmx"
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
	// ImportGlossary adds terms, all or none; rejected gives, by index,
	// why a term cannot be added, and then nothing is. With commit false it
	// only checks. Errors: EInvalid, EForbidden.
	ImportGlossary(ctx context.Context, actor *newsroom.User, src, tgt string, terms []qa.Term, commit bool) (rejected []error, err error)
	// Matches returns the memory's matches for each segment of a release's
	// current source, for translation into lang. Errors: ENotFound, EInvalid.
	Matches(ctx context.Context, id, lang string) ([]tm.Segment, error)
	// Pretranslate fills empty paragraphs with exact matches as one save.
	// Errors: as a save.
	Pretranslate(ctx context.Context, actor *newsroom.User, id, lang string, baseRev int) (*newsroom.Version, int, error)
	// FromMemory lists the body paragraphs that hold pre-translated text.
	FromMemory(ctx context.Context, releaseID, lang, body string) ([]int, error)
	// MemoryThreshold is the lowest fuzzy score offered, in per cent.
	MemoryThreshold() int
	// ImportTMX adds a TMX document's units to the src → tgt memory.
	// Errors: EInvalid, EForbidden.
	ImportTMX(ctx context.Context, actor *newsroom.User, src, tgt string, r io.Reader) (tmx.Report, error)
	// ExportTMX writes the src → tgt memory as TMX.
	ExportTMX(ctx context.Context, src, tgt string, w io.Writer) error
}
