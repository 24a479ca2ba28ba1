package mongodb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// colGlossary holds glossary terms, one document per term and language pair.
const colGlossary = "glossary"

// Limits on glossary entries.
const (
	maxTermText     = 300
	maxTermVariants = 20
	// MaxGlossaryTerms is the most terms one language pair may hold.
	MaxGlossaryTerms = 5_000
)

type glossaryDoc struct {
	ID            string    `bson:"_id"`
	Src           string    `bson:"src"`
	Tgt           string    `bson:"tgt"`
	Source        string    `bson:"source"`
	Translations  []string  `bson:"translations"`
	Forbidden     []string  `bson:"forbidden,omitempty"`
	Note          string    `bson:"note,omitempty"`
	CaseSensitive bool      `bson:"case_sensitive"`
	WordForms     bool      `bson:"word_forms"`
	UpdatedAt     time.Time `bson:"updated_at"`
	UpdatedBy     string    `bson:"updated_by"`
}

func (d *glossaryDoc) toDomain() *qa.StoredTerm {
	return &qa.StoredTerm{ID: d.ID, SourceLang: d.Src, TargetLang: d.Tgt, UpdatedAt: d.UpdatedAt, UpdatedBy: d.UpdatedBy, Term: qa.Term{
		Source: d.Source, Translations: d.Translations, Forbidden: d.Forbidden, Note: d.Note, CaseSensitive: d.CaseSensitive, WordForms: d.WordForms,
	}}
}

// mayEditGlossary reports whether actor may change the src → tgt glossary
// (newsroom.CanEditGlossary decides).
func mayEditGlossary(actor *newsroom.User, tgt string) bool {
	return newsroom.CanEditGlossary(actor, tgt) == nil
}

// validTerm normalises and checks a term.
func validTerm(t qa.Term) (qa.Term, error) {
	clean := func(ss []string) []string {
		var out []string
		for _, s := range ss {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	t.Source = strings.TrimSpace(t.Source)
	t.Note = strings.TrimSpace(t.Note)
	t.Translations, t.Forbidden = clean(t.Translations), clean(t.Forbidden)
	if t.Source == "" || len(t.Translations) == 0 {
		return t, newsroom.E(newsroom.EInvalid, "ErrTermIncomplete")
	}
	if len(t.Translations) > maxTermVariants || len(t.Forbidden) > maxTermVariants {
		return t, newsroom.E(newsroom.EInvalid, "ErrTermTooManyVariants", "Max", maxTermVariants)
	}
	for _, s := range append(append([]string{t.Source, t.Note}, t.Translations...), t.Forbidden...) {
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxTermText || strings.ContainsRune(s, 0) {
			return t, newsroom.E(newsroom.EInvalid, "ErrTermText", "Max", maxTermText)
		}
	}
	return t, nil
}

// glossaryTTL is how long Terms reuses a glossary it read: changes made
// through this process show at once, those of other instances within it.
const glossaryTTL = 10 * time.Second

// glossaryCache holds recently read glossaries for the quality checks, which
// run on every save.
type glossaryCache struct {
	mu    sync.Mutex
	pairs map[string]cachedTerms
}

type cachedTerms struct {
	terms []qa.Term
	at    time.Time
}

// Terms returns the src → tgt glossary, by source term. It implements qa.Glossaries.
func (s *Store) Terms(ctx context.Context, src, tgt string) ([]qa.Term, error) {
	key := src + ">" + tgt
	s.glossary.mu.Lock()
	c, ok := s.glossary.pairs[key]
	s.glossary.mu.Unlock()
	if ok && s.now().Sub(c.at) < glossaryTTL {
		return c.terms, nil
	}
	ts, err := s.GlossaryTerms(ctx, src, tgt)
	if err != nil {
		return nil, err
	}
	out := make([]qa.Term, len(ts))
	for i, t := range ts {
		out[i] = t.Term
	}
	s.glossary.mu.Lock()
	if s.glossary.pairs == nil {
		s.glossary.pairs = map[string]cachedTerms{}
	}
	s.glossary.pairs[key] = cachedTerms{terms: out, at: s.now()}
	s.glossary.mu.Unlock()
	return out, nil
}

// forgetGlossary drops the cached src → tgt glossary after a change.
func (s *Store) forgetGlossary(src, tgt string) {
	s.glossary.mu.Lock()
	delete(s.glossary.pairs, src+">"+tgt)
	s.glossary.mu.Unlock()
}

// GlossaryTerms returns the stored terms of the src → tgt glossary, by source term.
func (s *Store) GlossaryTerms(ctx context.Context, src, tgt string) ([]*qa.StoredTerm, error) {
	cur, err := s.db.c(colGlossary).Find(ctx, bson.D{{Key: "src", Value: src}, {Key: "tgt", Value: tgt}}, options.Find().SetLimit(MaxGlossaryTerms))
	if err != nil {
		return nil, fmt.Errorf("mongodb: glossary: %w", err)
	}
	var docs []glossaryDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("mongodb: glossary: %w", err)
	}
	out := make([]*qa.StoredTerm, len(docs))
	for i := range docs {
		out[i] = docs[i].toDomain()
	}
	slices.SortFunc(out, func(a, b *qa.StoredTerm) int {
		return strings.Compare(strings.ToLower(a.Source), strings.ToLower(b.Source))
	})
	return out, nil
}

// PutGlossaryTerm creates (id "") or replaces a term of the src → tgt
// glossary. Errors: EInvalid, EForbidden, ENotFound (no such id).
func (s *Store) PutGlossaryTerm(ctx context.Context, actor *newsroom.User, src, tgt, id string, t qa.Term) (*qa.StoredTerm, error) {
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
	t, err := validTerm(t)
	if err != nil {
		return nil, err
	}
	defer s.forgetGlossary(src, tgt)
	d := glossaryDoc{ID: id, Src: src, Tgt: tgt, Source: t.Source, Translations: t.Translations, Forbidden: t.Forbidden, Note: t.Note,
		CaseSensitive: t.CaseSensitive, WordForms: t.WordForms, UpdatedAt: s.clock(), UpdatedBy: actor.ID}
	if id == "" {
		n, err := s.db.c(colGlossary).CountDocuments(ctx, bson.D{{Key: "src", Value: src}, {Key: "tgt", Value: tgt}})
		if err != nil {
			return nil, fmt.Errorf("mongodb: glossary: %w", err)
		}
		if n >= MaxGlossaryTerms {
			return nil, newsroom.E(newsroom.EInvalid, "ErrGlossaryFull", "Max", MaxGlossaryTerms)
		}
		d.ID = newID()
		if _, err := s.db.c(colGlossary).InsertOne(ctx, d); err != nil {
			return nil, fmt.Errorf("mongodb: glossary: %w", err)
		}
		return d.toDomain(), nil
	}
	res, err := s.db.c(colGlossary).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "src", Value: src}, {Key: "tgt", Value: tgt}}, d)
	if err != nil {
		return nil, fmt.Errorf("mongodb: glossary: %w", err)
	}
	if res.MatchedCount == 0 {
		return nil, newsroom.E(newsroom.ENotFound, "ErrNoTerm")
	}
	return d.toDomain(), nil
}

// DeleteGlossaryTerm removes a term. Errors: EForbidden, ENotFound.
func (s *Store) DeleteGlossaryTerm(ctx context.Context, actor *newsroom.User, src, tgt, id string) error {
	if !mayEditGlossary(actor, tgt) {
		return newsroom.E(newsroom.EForbidden, "ErrGlossaryForbidden", "Lang", tgt)
	}
	defer s.forgetGlossary(src, tgt)
	res, err := s.db.c(colGlossary).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "src", Value: src}, {Key: "tgt", Value: tgt}})
	if err != nil {
		return fmt.Errorf("mongodb: glossary: %w", err)
	}
	if res.DeletedCount == 0 {
		return newsroom.E(newsroom.ENotFound, "ErrNoTerm")
	}
	return nil
}
