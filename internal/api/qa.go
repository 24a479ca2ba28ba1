package api

import (
	"context"
	"sync"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// addQA runs the quality checks on a translation's working copy cur against
// the current source text src, with the language pair's glossary.
func (a *API) addQA(ctx context.Context, j *versionJSON, r *newsroom.Release, v, s *newsroom.Version, texts map[revKey]newsroom.Content, cur newsroom.Content) error {
	if v.Lang == r.SourceLang || v.Rev == 0 {
		return nil
	}
	src, err := a.sourceText(ctx, r.ID, s, texts)
	if err != nil {
		return err
	}
	var terms []qa.Term
	if a.assistant != nil {
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

// sourceText returns the text of source head s: from the texts already
// loaded, else from a small cache of revisions (they never change), else
// from the store. A translator's autosaves all check against the same
// source revision, so the cache spares each save a read.
func (a *API) sourceText(ctx context.Context, releaseID string, s *newsroom.Version, texts map[revKey]newsroom.Content) (newsroom.Content, error) {
	if c, ok := texts[revKey{s.Lang, s.Rev}]; ok {
		return c, nil
	}
	key := newsroom.RevisionID(releaseID, s.Lang, s.Rev)
	if c, ok := a.revCache.get(key); ok {
		return c, nil
	}
	rv, err := a.releases.Revision(ctx, releaseID, s.Lang, s.Rev)
	if err != nil {
		return newsroom.Content{}, internal(err)
	}
	a.revCache.put(key, rv.Content)
	return rv.Content, nil
}

// revisionCache holds up to maxCachedRevisions revision texts, oldest out first.
type revisionCache struct {
	mu    sync.Mutex
	texts map[string]newsroom.Content
	order []string
}

// maxCachedRevisions bounds the cache (source texts are at most MaxBody).
const maxCachedRevisions = 256

func (c *revisionCache) get(k string) (newsroom.Content, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.texts[k]
	return t, ok
}

func (c *revisionCache) put(k string, t newsroom.Content) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.texts == nil {
		c.texts = map[string]newsroom.Content{}
	}
	if _, ok := c.texts[k]; ok {
		return
	}
	if len(c.order) >= maxCachedRevisions {
		delete(c.texts, c.order[0])
		c.order = c.order[1:]
	}
	c.texts[k] = t
	c.order = append(c.order, k)
}
