package mongodb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
	"github.com/kotormo/kotormo/internal/tm"
)

// colFills records which paragraphs of a translation pre-translation filled
// from the memory, and with what text.
const colFills = "memory_fills"

type fillDoc struct {
	ID         string            `bson:"_id"` // release/lang
	Rev        int               `bson:"rev"`
	Paragraphs map[string]string `bson:"paragraphs"` // body paragraph index → text inserted
}

// MemoryThreshold returns the lowest fuzzy score the memory offers, in per cent.
func (s *Store) MemoryThreshold() int { return s.memory.Threshold() }

// Matches returns the memory's matches for every segment of the current
// source text of release id, for translation into lang. Errors: ENotFound, EInvalid.
func (s *Store) Matches(ctx context.Context, id, lang string) ([]tm.Segment, error) {
	r, src, err := s.sourceText(ctx, id, lang)
	if err != nil {
		return nil, err
	}
	if err := s.syncMemory(ctx); err != nil {
		return nil, err
	}
	return s.memory.LookupRelease(r.SourceLang, lang, src), nil
}

// sourceText loads release id and its current source text, checking that
// lang is one of its translations.
func (s *Store) sourceText(ctx context.Context, id, lang string) (*newsroom.Release, newsroom.Content, error) {
	if err := s.langs.Check(lang); err != nil {
		return nil, newsroom.Content{}, err
	}
	r, err := s.Release(ctx, id)
	if err != nil {
		return nil, newsroom.Content{}, err
	}
	if lang == r.SourceLang {
		return nil, newsroom.Content{}, newsroom.Errorf(newsroom.EInvalid, "The memory offers translations; %s is this release's source language.", lang)
	}
	rev, err := s.Revision(ctx, r.ID, r.SourceLang, r.Versions[r.SourceLang].Rev)
	if err != nil {
		return nil, newsroom.Content{}, err
	}
	return r, rev.Content, nil
}

// Pretranslate fills every empty paragraph of translation lang (and an empty
// title or lead) that has an exact memory match, as one ordinary save based
// on baseRev, and returns the version and how many segments it filled. To
// keep paragraphs in line with the source, an empty paragraph before a
// filled one gets a copy of its source paragraph (the quality checks flag it
// as untranslated). Nothing to fill writes nothing. Errors: as Save.
func (s *Store) Pretranslate(ctx context.Context, actor *newsroom.User, id, lang string, baseRev int) (*newsroom.Version, int, error) {
	ctx = newsroom.WithoutPageReads(ctx) // a write reads the current state
	r, src, err := s.sourceText(ctx, id, lang)
	if err != nil {
		return nil, 0, err
	}
	if err := s.syncMemory(ctx); err != nil {
		return nil, 0, err
	}
	v := r.Versions[lang]
	if baseRev != v.Rev {
		return nil, 0, &newsroom.Error{Code: newsroom.EConflict, CurrentRev: v.Rev, CurrentState: v.State,
			Message: "This version was changed by someone else: your text is based on revision " + strconv.Itoa(baseRev) + ", the current one is " + strconv.Itoa(v.Rev) + "."}
	}
	var cur newsroom.Content
	if v.Rev > 0 {
		rev, err := s.Revision(ctx, r.ID, lang, v.Rev)
		if err != nil {
			return nil, 0, err
		}
		cur = rev.Content
	}
	exact := func(text string) string {
		for _, m := range s.memory.Lookup(r.SourceLang, lang, text) {
			if m.Score >= 100 {
				return m.Entry.Target
			}
		}
		return ""
	}
	filled := 0
	next := cur
	if strings.TrimSpace(cur.Title) == "" {
		if t := exact(src.Title); t != "" {
			next.Title, filled = t, filled+1
		}
	}
	if strings.TrimSpace(cur.Lead) == "" && strings.TrimSpace(src.Lead) != "" {
		if t := exact(src.Lead); t != "" {
			next.Lead, filled = t, filled+1
		}
	}
	sp, tp := textdiff.Paragraphs(src.Body), textdiff.Paragraphs(cur.Body)
	out := make([]string, max(len(sp), len(tp)))
	copy(out, tp)
	fills := map[string]string{}
	for i, p := range sp {
		if strings.TrimSpace(out[i]) != "" {
			continue
		}
		if t := exact(p); t != "" {
			out[i], fills[strconv.Itoa(i)] = t, t
			filled++
		}
	}
	if filled == 0 {
		return v, 0, nil
	}
	last := len(out) - 1
	for last >= 0 && strings.TrimSpace(out[last]) == "" {
		last--
	}
	for i := 0; i < last; i++ {
		if strings.TrimSpace(out[i]) == "" && i < len(sp) {
			out[i] = sp[i]
		}
	}
	next.Body = strings.Join(out[:last+1], "\n\n")
	if strings.TrimSpace(next.Title) == "" {
		next.Title = src.Title
	}
	nv, err := s.Save(ctx, actor, r.ID, lang, newsroom.Change{BaseRev: baseRev, Content: next, SourceRev: r.Versions[r.SourceLang].Rev})
	if err != nil {
		return nil, 0, err
	}
	// Paragraphs filled by an earlier pre-translation stay marked while unchanged.
	var old fillDoc
	if _, err := s.db.findByID(ctx, colFills, newsroom.VersionID(r.ID, lang), &old); err != nil {
		return nil, 0, err
	}
	for k, t := range old.Paragraphs {
		if _, ok := fills[k]; !ok {
			fills[k] = t
		}
	}
	d := fillDoc{ID: newsroom.VersionID(r.ID, lang), Rev: nv.Rev, Paragraphs: fills}
	if _, err := s.db.c(colFills).ReplaceOne(ctx, bson.D{{Key: "_id", Value: d.ID}}, d, options.Replace().SetUpsert(true)); err != nil {
		return nil, 0, fmt.Errorf("mongodb: record pre-translation: %w", err)
	}
	return nv, filled, nil
}

// FromMemory returns the indexes of the body paragraphs of a translation's
// text that still hold what pre-translation put there from the memory.
func (s *Store) FromMemory(ctx context.Context, releaseID, lang, body string) ([]int, error) {
	var d fillDoc
	ok, err := s.db.findByID(ctx, colFills, newsroom.VersionID(releaseID, lang), &d)
	if err != nil || !ok {
		return []int{}, err
	}
	out := []int{}
	for i, p := range textdiff.Paragraphs(body) {
		if t, ok := d.Paragraphs[strconv.Itoa(i)]; ok && strings.TrimSpace(t) == p {
			out = append(out, i)
		}
	}
	return out, nil
}
