package xliff

import (
	"context"
	"fmt"
	"io"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// ImportComment is the audit comment of a revision saved from an XLIFF file.
const ImportComment = "imported from XLIFF"

// Exchange exports translations to XLIFF and imports them back through the
// store's ordinary Save, so that every rule of a save applies.
type Exchange struct {
	Releases newsroom.Releases
}

// MayExport reports whether actor may export language lang of a release
// whose source is src: whoever may save or review that language.
func MayExport(actor *newsroom.User, lang, src string) bool {
	return lang != src && (newsroom.Permitted(actor, newsroom.ActionSave, lang, src) || newsroom.Permitted(actor, newsroom.ActionApprove, lang, src))
}

// Export builds the document of one translation. Errors: ENotFound,
// EForbidden, EInvalid (the source language has nothing to translate).
func (x Exchange) Export(ctx context.Context, actor *newsroom.User, idOrSlug, lang string, f Format) (*Document, *newsroom.Release, error) {
	r, err := x.Releases.Release(ctx, idOrSlug)
	if err != nil {
		return nil, nil, err
	}
	d, err := x.export(ctx, actor, r, lang, f)
	return d, r, err
}

// ExportAll builds the documents of every translation of a release the
// actor may export, in the order of langs. Errors: ENotFound, EForbidden
// (none may be exported).
func (x Exchange) ExportAll(ctx context.Context, actor *newsroom.User, idOrSlug string, langs []string, f Format) ([]*Document, *newsroom.Release, error) {
	r, err := x.Releases.Release(ctx, idOrSlug)
	if err != nil {
		return nil, nil, err
	}
	var out []*Document
	for _, l := range langs {
		if r.Versions[l] == nil || !MayExport(actor, l, r.SourceLang) {
			continue
		}
		d, err := x.export(ctx, actor, r, l, f)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, nil, newsroom.Errorf(newsroom.EForbidden, "You may not export any translation of this release.")
	}
	return out, r, nil
}

func (x Exchange) export(ctx context.Context, actor *newsroom.User, r *newsroom.Release, lang string, f Format) (*Document, error) {
	v, src := r.Versions[lang], r.Versions[r.SourceLang]
	if v == nil || src == nil {
		return nil, newsroom.Errorf(newsroom.ENotFound, "This release has no %s version.", lang)
	}
	if lang == r.SourceLang {
		return nil, newsroom.Errorf(newsroom.EInvalid, "XLIFF carries translations; %s is this release's source language.", lang)
	}
	if !MayExport(actor, lang, r.SourceLang) {
		return nil, newsroom.Errorf(newsroom.EForbidden, "Only the %s translators and reviewers and editors may export this version.", lang)
	}
	in := Input{Format: f, ReleaseID: r.ID, SourceLang: r.SourceLang, TargetLang: lang,
		SourceRev: src.Rev, TargetRev: v.Rev, TargetState: v.State}
	var err error
	if in.Source, err = x.content(ctx, r.ID, r.SourceLang, src.Rev); err != nil {
		return nil, err
	}
	if in.Target, err = x.content(ctx, r.ID, lang, v.Rev); err != nil {
		return nil, err
	}
	if newsroom.Outdated(v, src) {
		pinned, err := x.content(ctx, r.ID, r.SourceLang, v.SourceRev)
		if err != nil {
			return nil, err
		}
		in.OutdatedParagraphs = textdiff.ChangedIndexes(textdiff.Paragraphs(pinned.Body), textdiff.Paragraphs(in.Source.Body))
		in.OutdatedTitle, in.OutdatedLead = pinned.Title != in.Source.Title, pinned.Lead != in.Source.Lead
	}
	if in.Note, err = x.lastReview(ctx, r.ID, lang); err != nil {
		return nil, err
	}
	return Build(in), nil
}

func (x Exchange) content(ctx context.Context, id, lang string, rev int) (newsroom.Content, error) {
	if rev == 0 {
		return newsroom.Content{}, nil
	}
	rv, err := x.Releases.Revision(ctx, id, lang, rev)
	if err != nil {
		return newsroom.Content{}, fmt.Errorf("read %s/%s revision %d: %w", id, lang, rev, err)
	}
	return rv.Content, nil
}

// lastReview returns the comment of the latest request for changes to lang,
// unless the version was approved or published since.
func (x Exchange) lastReview(ctx context.Context, id, lang string) (string, error) {
	entries, err := x.Releases.Audit(ctx, id)
	if err != nil {
		return "", err
	}
	for i := len(entries) - 1; i >= 0; i-- {
		a := entries[i]
		if a.Lang != lang {
			continue
		}
		switch newsroom.Action(a.Action) {
		case newsroom.ActionApprove, newsroom.ActionPublish:
			return "", nil
		case newsroom.ActionRequestChanges:
			return a.Comment, nil
		}
	}
	return "", nil
}

// Imported is the outcome of an import.
type Imported struct {
	Doc    *Document
	Result Result
	// Before is the translation the file was applied to; Result.Content is after.
	Before newsroom.Content
	// Version is the version's head after the import.
	Version *newsroom.Version
	// Saved is false when the file changed nothing ("no change").
	Saved bool
}

// StaleError refuses a file made from older revisions than the current ones.
// It carries what the import would have saved, for a diff.
type StaleError struct {
	FileRev, FileSourceRev       int
	CurrentRev, CurrentSourceRev int
	Imported                     *Imported
	state                        newsroom.State
}

// Unwrap gives the conflict as a domain error, so that code that knows only
// domain errors answers 409 with the current revision.
func (e *StaleError) Unwrap() error {
	return &newsroom.Error{Code: newsroom.EConflict, CurrentRev: e.CurrentRev, CurrentState: e.state, Message: e.Message()}
}

// Message says what is stale, in a sentence safe to show.
func (e *StaleError) Message() string {
	return fmt.Sprintf("This file was made from revision %d of the translation and revision %d of the source; they are now at revisions %d and %d. Import it anyway to save it on top, or cancel.",
		e.FileRev, e.FileSourceRev, e.CurrentRev, e.CurrentSourceRev)
}

// Error implements error.
func (e *StaleError) Error() string {
	return "conflict: " + e.Message()
}

// Import reads an XLIFF file and saves the targets it carries as a new
// revision of the translation, audited as ImportComment. A file that changes
// nothing saves nothing. A file made from older revisions of the translation
// or the source gives a *StaleError, unless force, which saves on top of the
// current revision. Errors: *ParseError (as EInvalid via its Domain method),
// EInvalid (another release or language), EForbidden, ENotFound, EConflict.
func (x Exchange) Import(ctx context.Context, actor *newsroom.User, idOrSlug, lang string, file io.Reader, force bool) (*Imported, error) {
	r, err := x.Releases.Release(ctx, idOrSlug)
	if err != nil {
		return nil, err
	}
	v, src := r.Versions[lang], r.Versions[r.SourceLang]
	if v == nil || src == nil {
		return nil, newsroom.Errorf(newsroom.ENotFound, "This release has no %s version.", lang)
	}
	if lang == r.SourceLang {
		return nil, newsroom.Errorf(newsroom.EInvalid, "XLIFF carries translations; %s is this release's source language.", lang)
	}
	if !newsroom.Permitted(actor, newsroom.ActionSave, lang, r.SourceLang) {
		return nil, newsroom.Errorf(newsroom.EForbidden, "Only the %s translators and editors may import into this version.", lang)
	}
	d, err := Read(file)
	if err != nil {
		if pe, ok := err.(*ParseError); ok {
			return nil, pe.Domain()
		}
		return nil, err
	}
	if err := d.Check(r.ID, r.SourceLang, lang); err != nil {
		return nil, err
	}
	if d.SourceRev > src.Rev || d.BaseRev > v.Rev {
		return nil, newsroom.Errorf(newsroom.EInvalid, "This file names revisions (%d of the translation, %d of the source) that do not exist yet.", d.BaseRev, d.SourceRev)
	}
	before, err := x.content(ctx, r.ID, lang, v.Rev)
	if err != nil {
		return nil, err
	}
	source, err := x.content(ctx, r.ID, r.SourceLang, src.Rev)
	if err != nil {
		return nil, err
	}
	out := &Imported{Doc: d, Before: before, Version: v}
	out.Result = Apply(d, before, len(textdiff.Paragraphs(source.Body)))
	if (d.BaseRev != v.Rev || d.SourceRev != src.Rev) && !force {
		return nil, &StaleError{FileRev: d.BaseRev, FileSourceRev: d.SourceRev, CurrentRev: v.Rev, CurrentSourceRev: src.Rev, Imported: out, state: v.State}
	}
	if len(out.Result.Changed) == 0 {
		return out, nil
	}
	next, err := x.Releases.Save(ctx, actor, r.ID, lang, newsroom.Change{
		Action: newsroom.ActionSave, BaseRev: v.Rev, Content: out.Result.Content,
		SourceRev: d.SourceRev, Comment: ImportComment,
	})
	if err != nil {
		return nil, err
	}
	out.Version, out.Saved = next, next.Rev > v.Rev
	return out, nil
}
