package reader

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// eagerListPages is how many pages of each language's list are rendered with
// every change; later pages are rendered on their first request after it.
const eagerListPages = 5

// snapshot is everything the handlers serve. It is built by the builder
// and never changed afterwards; handlers load it through an atomic pointer.
type snapshot struct {
	// pages maps a request path to its prepared response: release pages and
	// "not in this language" pages, the first list pages, feeds, the sitemap.
	pages map[string]*prepared
	langs map[string]*langSnap
	// sitemapPaths are the keys the sitemap put into pages.
	sitemapPaths []string
}

// langOf returns the part of snap for lang; nil when there is none (also for a nil snap).
func (snap *snapshot) langOf(lang string) *langSnap {
	if snap == nil {
		return nil
	}
	return snap.langs[lang]
}

// langSnap is one language's part of a snapshot: its releases, newest first,
// its search index and its list pages.
type langSnap struct {
	lang    string
	entries []*entry
	byID    map[string]*entry
	// listPages caches rendered list pages; index 0 is page 1. Pages past
	// eagerListPages are filled on first request (any request may store one;
	// two racing requests render the same bytes).
	listPages []atomic.Pointer[prepared]
	// paths are the keys this language put into snapshot.pages.
	paths []string
}

// pageCount returns the number of list pages (at least one).
func (ls *langSnap) pageCount(size int) int {
	return max(1, (len(ls.entries)+size-1)/size)
}

// entry is one visible language version of a release, with what lists,
// feeds and search need of it precomputed.
type entry struct {
	p        *version
	href     string // "/ky/releases/slug"
	dateText string // the dateline's date in the entry's language
	// body caches the rendered body of entries that are in a feed; it is
	// read and written only by the builder, under Site.buildMu.
	body template.HTML
	view *releaseView
}

// relBuild is what was built for one release.
type relBuild struct {
	// visible holds the language versions readers may see now.
	visible map[string]*entry
	// pages are the release's paths: its pages and its "not in this language" pages.
	pages map[string]*prepared
	// embargo is when the release becomes visible, if it is embargoed now.
	embargo time.Time
	// hot is set when the release is among the newest (see hotReleases):
	// its pages are rendered; the others' are placeholders (see lazyPage).
	hot bool
	// bodies holds, during a rebuild only, the Markdown bodies the builder
	// read or was given for this release; the feed reuses them.
	bodies map[string]string
}

// state is the builder's memory, guarded by Site.buildMu.
type state struct {
	raw  map[string]map[string]*version // release ID → lang → snapshot, embargoed ones included
	rels map[string]*relBuild
	// owner maps each release path in the snapshot to its release's ID.
	owner map[string]string
	seq   int64
	// nextEmbargo is the earliest future embargo among raw; zero for none.
	nextEmbargo time.Time
	// fresh holds, during a rebuild only, the bodies the store sent with
	// the snapshots being rebuilt.
	fresh bodies
	// cold is set after a start from a checkpoint until the hot releases'
	// pages have been rendered in the background (see warmUp): until then
	// no release is hot, and every page renders on demand.
	cold bool
	// fullReload is set while a full reload rebuilds (search is indexed
	// apart, by indexAll).
	fullReload bool
	// changedSince counts rebuilds since the last checkpoint was written.
	changedSince int
}

func newState() *state {
	return &state{raw: map[string]map[string]*version{}, rels: map[string]*relBuild{}, owner: map[string]string{}}
}

// store publishes snap to the handlers and wakes the loop, which re-arms
// its embargo timer.
func (s *Site) store(snap *snapshot) {
	s.cur.Store(snap)
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// fullReloadLocked replaces everything with the store's current snapshots,
// reading every one of them with its body (bodies are indexed for search
// and then dropped). It is the start without a checkpoint, and the way
// back when the publish log no longer reaches back far enough.
func (s *Site) fullReloadLocked(ctx context.Context) error {
	// Learn the log position first: whatever is published after it is
	// reported by the next poll, even if the scan already saw it.
	plog, err := s.cfg.Source.PublishChanges(ctx, 0)
	if err != nil {
		return fmt.Errorf("reader: reading the publish log: %w", err)
	}
	raw := map[string]map[string]*version{}
	fresh := bodies{}
	err = s.cfg.Source.EachPublished(ctx, func(p *newsroom.Published) error {
		if !s.cfg.Langs.Has(p.Lang) {
			return nil
		}
		if raw[p.ReleaseID] == nil {
			raw[p.ReleaseID] = map[string]*version{}
			fresh[p.ReleaseID] = map[string]string{}
		}
		v, body := newVersion(p)
		raw[p.ReleaseID][p.Lang] = v
		fresh[p.ReleaseID][p.Lang] = body
		return nil
	})
	if err != nil {
		return fmt.Errorf("reader: loading published releases: %w", err)
	}
	dirty := map[string]bool{}
	for id := range raw {
		dirty[id] = true
	}
	for id := range s.st.rels {
		dirty[id] = true
	}
	s.st.raw = raw
	s.st.seq = plog.Seq
	s.st.fresh = fresh
	s.st.cold = false
	s.indexAll(raw, fresh)
	s.st.fullReload = true
	err = s.rebuildLocked(ctx, dirty)
	s.st.fullReload = false
	if err != nil {
		return err
	}
	s.ready.Store(true)
	s.st.changedSince++
	return nil
}

// refreshLocked reloads ids from the store and rebuilds what changed,
// including releases whose embargo has ended.
func (s *Site) refreshLocked(ctx context.Context, ids []string) error {
	dirty := map[string]bool{}
	fresh := bodies{}
	var errs []error
	for _, id := range ids {
		if err := s.readRelease(ctx, id, s.st.raw, fresh); err != nil {
			errs = append(errs, fmt.Errorf("reader: loading release %s: %w", id, err))
			s.requeue(id) // the loop tries again on its next poll
			continue
		}
		dirty[id] = true
	}
	s.st.fresh = fresh
	if len(dirty) > 0 {
		s.st.changedSince++
	}
	if err := s.rebuildLocked(ctx, dirty); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// readRelease reads the published snapshots of release id from the store
// into raw (removing it when nothing of it is published) and their bodies
// into fresh.
func (s *Site) readRelease(ctx context.Context, id string, raw map[string]map[string]*version, fresh bodies) error {
	ps, err := s.cfg.Source.PublishedOf(ctx, id)
	if err != nil {
		return err
	}
	m := map[string]*version{}
	fresh[id] = map[string]string{}
	for _, p := range ps {
		if p.ReleaseID == id && s.cfg.Langs.Has(p.Lang) {
			v, body := newVersion(p)
			m[p.Lang] = v
			fresh[id][p.Lang] = body
		}
	}
	if len(m) == 0 {
		delete(raw, id)
	} else {
		raw[id] = m
	}
	return nil
}

// rebuildLocked rebuilds the releases in dirty, plus those whose embargo
// ended, and then the lists, feeds, search deltas and sitemap of the
// languages they touch; it stores the new snapshot if anything changed.
// Bodies come from st.fresh, which it clears, or from the store.
func (s *Site) rebuildLocked(ctx context.Context, dirty map[string]bool) error {
	st := s.st
	defer func() {
		st.fresh = nil
		for _, rb := range st.rels {
			rb.bodies = nil
		}
	}()
	now := s.now()
	for id, rb := range st.rels {
		if !rb.embargo.IsZero() && !now.Before(rb.embargo) {
			dirty[id] = true
		}
	}
	// Releases that are hidden entirely by an embargo have no relBuild with
	// visible entries; find them in raw.
	for id, m := range st.raw {
		if _, ok := st.rels[id]; !ok && !dirty[id] {
			if e := embargoOf(m); !e.IsZero() && !now.Before(e) {
				dirty[id] = true
			}
		}
	}
	hot := s.hotReleases(st.raw)
	for id, rb := range st.rels {
		if rb.hot != hot[id] && len(rb.pages) > 0 {
			dirty[id] = true
		}
	}
	ids := slices.Sorted(maps.Keys(dirty))
	results := make([]*relBuild, len(ids))
	errs := make([]error, len(ids))
	work := func(i int) {
		id := ids[i]
		results[i], errs[i] = s.buildRelease(ctx, id, st.raw[id], st.rels[id], now, hot[id], st.fresh[id])
	}
	if workers := min(runtime.GOMAXPROCS(0), len(ids)/64); workers > 1 {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < len(ids); i = int(next.Add(1) - 1) {
					work(i)
				}
			})
		}
		wg.Wait()
	} else {
		for i := range ids {
			work(i)
		}
	}

	old := s.cur.Load()
	changedLangs := map[string]bool{}
	type owned struct {
		id    string
		pages map[string]*prepared
	}
	var removed, added []owned
	for i, id := range ids {
		if errs[i] != nil {
			s.log.Error("reader: rendering a release", "release", id, "err", errs[i])
			continue
		}
		prev, next := st.rels[id], results[i]
		if prev != nil && next != nil && sameVisible(prev, next) {
			if prev.hot == next.hot || len(prev.pages) == 0 {
				prev.embargo = next.embargo
				continue
			}
			// Only rendered or not: swap the pages, the languages stay.
		} else {
			for _, rb := range []*relBuild{prev, next} {
				if rb != nil {
					for l := range rb.visible {
						changedLangs[l] = true
					}
				}
			}
		}
		if prev != nil && len(prev.pages) > 0 {
			removed = append(removed, owned{id, prev.pages})
		}
		if next != nil && len(next.pages) > 0 {
			added = append(added, owned{id, next.pages})
		}
		if next != nil {
			st.rels[id] = next
		} else {
			delete(st.rels, id)
		}
	}
	st.nextEmbargo = time.Time{}
	for _, m := range st.raw {
		if e := embargoOf(m); e.After(now) && (st.nextEmbargo.IsZero() || e.Before(st.nextEmbargo)) {
			st.nextEmbargo = e
		}
	}
	if len(changedLangs) == 0 && len(removed) == 0 && len(added) == 0 && len(old.langs) > 0 {
		return nil
	}

	s.updateSearch(ctx, ids, results, errs, st.fullReload)
	snap, err := s.build(ctx, st, old, changedLangs)
	if err != nil {
		return err
	}
	// A path belongs to one release at a time: removing a release's old
	// paths must not remove another release's page that took over its slug.
	for _, o := range removed {
		for p := range o.pages {
			if st.owner[p] == o.id {
				delete(snap.pages, p)
				delete(st.owner, p)
			}
		}
	}
	for _, o := range added {
		for p, resp := range o.pages {
			if cur, taken := st.owner[p]; taken && cur != o.id {
				if _, alive := st.rels[cur]; alive {
					s.log.Warn("reader: two releases share a path", "path", p, "kept", cur, "skipped", o.id)
					continue
				}
			}
			snap.pages[p] = resp
			st.owner[p] = o.id
		}
	}
	s.store(snap)
	return nil
}

// build assembles a snapshot from st, reusing old's pages and the languages
// not in changed. With old nil every language is built.
func (s *Site) build(ctx context.Context, st *state, old *snapshot, changed map[string]bool) (*snapshot, error) {
	snap := &snapshot{langs: map[string]*langSnap{}}
	if old != nil {
		snap.pages = maps.Clone(old.pages)
	} else {
		snap.pages = map[string]*prepared{}
	}
	anyChanged := old == nil
	for _, lang := range s.langs {
		prev := old.langOf(lang)
		if prev != nil && !changed[lang] {
			snap.langs[lang] = prev
			continue
		}
		anyChanged = true
		if prev != nil {
			for _, p := range prev.paths {
				delete(snap.pages, p)
			}
		}
		ls, pages, err := s.buildLang(ctx, lang, st)
		if err != nil {
			return nil, err
		}
		snap.langs[lang] = ls
		maps.Copy(snap.pages, pages)
	}
	if anyChanged {
		if old != nil {
			for _, p := range old.sitemapPaths {
				delete(snap.pages, p)
			}
		}
		pages, err := s.buildSitemap()
		if err != nil {
			return nil, err
		}
		maps.Copy(snap.pages, pages)
		snap.sitemapPaths = slices.Collect(maps.Keys(pages))
		snap.pages["/robots.txt"] = s.robots()
	} else {
		snap.sitemapPaths = old.sitemapPaths
	}
	return snap, nil
}

// buildLang builds one language's list, feed and search index.
func (s *Site) buildLang(ctx context.Context, lang string, st *state) (*langSnap, map[string]*prepared, error) {
	ls := &langSnap{lang: lang, byID: map[string]*entry{}}
	for id, rb := range st.rels {
		if e := rb.visible[lang]; e != nil {
			ls.entries = append(ls.entries, e)
			ls.byID[id] = e
		}
	}
	slices.SortFunc(ls.entries, compareEntries)
	ls.listPages = make([]atomic.Pointer[prepared], ls.pageCount(s.cfg.PageSize))
	pages := map[string]*prepared{}
	for n := 1; n <= min(eagerListPages, len(ls.listPages)); n++ {
		p, err := s.renderListPage(ls, n)
		if err != nil {
			return nil, nil, err
		}
		ls.listPages[n-1].Store(p)
		pages[listPath(lang, n)] = p
	}
	feed, err := s.buildFeed(ctx, ls)
	if err != nil {
		return nil, nil, err
	}
	pages["/"+lang+"/feed.atom"] = feed
	ls.paths = slices.Collect(maps.Keys(pages))
	return ls, pages, nil
}

// compareEntries orders releases newest first: by dateline date, then by
// when they were first published, then by ID so the order is stable.
func compareEntries(a, b *entry) int {
	if c := b.p.Date.Compare(a.p.Date); c != 0 {
		return c
	}
	if c := b.p.FirstPublishedAt.Compare(a.p.FirstPublishedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.p.ReleaseID, b.p.ReleaseID)
}

// listPath is the path of page n of lang's list.
func listPath(lang string, n int) string {
	if n <= 1 {
		return "/" + lang + "/"
	}
	return fmt.Sprintf("/%s/page/%d", lang, n)
}

// embargoOf returns the latest embargo among a release's snapshots: nothing
// of a release is shown before every embargo it carries has ended.
func embargoOf(m map[string]*version) time.Time {
	var e time.Time
	for _, p := range m {
		if p.EmbargoUntil.After(e) {
			e = p.EmbargoUntil
		}
	}
	return e
}

// buildRelease renders the pages of one release from its snapshots, reusing
// prev's entries for snapshots that did not change. It returns nil when
// nothing of the release exists any more. The pages of a hot release are
// rendered from have's bodies or the store's; when the store cannot be
// read they are left to be rendered on demand.
func (s *Site) buildRelease(ctx context.Context, id string, raw map[string]*version, prev *relBuild, now time.Time, hot bool, have map[string]string) (*relBuild, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	rb := &relBuild{visible: map[string]*entry{}, pages: map[string]*prepared{}, hot: hot, bodies: map[string]string{}}
	maps.Copy(rb.bodies, have)
	if e := embargoOf(raw); e.After(now) {
		rb.embargo = e
		return rb, nil
	}
	for lang, p := range raw {
		if prev != nil {
			if e := prev.visible[lang]; e != nil && samePublished(e.p, p) {
				rb.visible[lang] = e
				continue
			}
		}
		rb.visible[lang] = s.newEntry(p)
	}
	if sameVisible(prev, rb) && prev.hot == hot {
		rb.pages = prev.pages
		return rb, nil
	}
	var ph *prepared // the release's placeholder, made on first need
	placeholder := func() *prepared {
		if ph == nil {
			ph = lazy(rb)
		}
		return ph
	}
	for _, lang := range s.langs {
		var (
			p   *prepared
			err error
		)
		var slug string
		e := rb.visible[lang]
		switch {
		case !hot:
			p = placeholder()
		case e != nil:
			var body string
			if body, err = s.bodyOf(ctx, e.p, rb.bodies); err != nil {
				s.log.Warn("reader: a release's body is not available; its page will be rendered on demand", "release", id, "lang", lang, "err", err)
				p, err = placeholder(), nil
				break
			}
			rb.bodies[lang] = body
			p, err = s.renderRelease(rb, lang, s.md.Markdown(body))
		default:
			p, err = s.renderUnavailable(rb, lang)
		}
		if e != nil {
			slug = e.p.Slug
		} else {
			slug = s.slugOf(rb)
		}
		if err != nil {
			return nil, err
		}
		rb.pages[releasePath(lang, slug)] = p
		// A language version published under another slug (the slug changed
		// between publishes) is also reachable under the release's main slug.
		if main := s.slugOf(rb); main != slug {
			rb.pages[releasePath(lang, main)] = p
		}
		// Former slugs stay with the release: links already shared lead on.
		if e := rb.visible[lang]; e != nil {
			for _, old := range e.p.OldSlugs {
				if path := releasePath(lang, old); rb.pages[path] == nil {
					rb.pages[path] = movedTo(releasePath(lang, slug))
				}
			}
		}
	}
	return rb, nil
}

// slugOf returns the release's slug as its default-most visible version has it.
func (s *Site) slugOf(rb *relBuild) string {
	if e := s.primary(rb); e != nil {
		return e.p.Slug
	}
	return ""
}

// primary is the version x-default points to: the default language's if
// visible, else the source language's, else the first visible in configured order.
func (s *Site) primary(rb *relBuild) *entry {
	if e := rb.visible[s.def]; e != nil {
		return e
	}
	for _, l := range s.langs {
		if e := rb.visible[l]; e != nil {
			if src := rb.visible[e.p.SourceLang]; src != nil {
				return src
			}
			break
		}
	}
	for _, l := range s.langs {
		if e := rb.visible[l]; e != nil {
			return e
		}
	}
	return nil
}

func releasePath(lang, slug string) string { return "/" + lang + "/releases/" + slug }

// sameVisible reports whether a and b show the same versions (so their pages are the same).
func sameVisible(a, b *relBuild) bool {
	if a == nil || b == nil {
		return a == b
	}
	if len(a.visible) != len(b.visible) || (a.embargo.IsZero() != b.embargo.IsZero()) {
		return false
	}
	for l, e := range a.visible {
		if b.visible[l] != e {
			return false
		}
	}
	return true
}

// samePublished reports whether two snapshots show readers the same thing.
func samePublished(a, b *version) bool {
	return a.sum == b.sum && a.ReleaseID == b.ReleaseID && a.Slug == b.Slug && slices.Equal(a.OldSlugs, b.OldSlugs) && a.Lang == b.Lang &&
		a.SourceLang == b.SourceLang && a.Content == b.Content && a.Place == b.Place &&
		a.Date.Equal(b.Date) && a.EmbargoUntil.Equal(b.EmbargoUntil) && a.Rev == b.Rev &&
		a.PublishedAt.Equal(b.PublishedAt) && a.FirstPublishedAt.Equal(b.FirstPublishedAt)
}

// hotReleases returns the IDs of the cfg.HotReleases newest releases, in
// the order of the lists: their pages stay rendered, the others' are
// rendered on demand into the page cache.
func (s *Site) hotReleases(raw map[string]map[string]*version) map[string]bool {
	if s.st.cold {
		return map[string]bool{}
	}
	type rel struct {
		id          string
		date, first time.Time
	}
	all := make([]rel, 0, len(raw))
	for id, m := range raw {
		for _, l := range s.langs {
			if p := m[l]; p != nil {
				all = append(all, rel{id, p.Date, p.FirstPublishedAt})
				break
			}
		}
	}
	hot := make(map[string]bool, min(len(all), s.cfg.HotReleases))
	if len(all) <= s.cfg.HotReleases {
		for _, r := range all {
			hot[r.id] = true
		}
		return hot
	}
	slices.SortFunc(all, func(a, b rel) int {
		if c := b.date.Compare(a.date); c != 0 {
			return c
		}
		if c := b.first.Compare(a.first); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	for _, r := range all[:s.cfg.HotReleases] {
		hot[r.id] = true
	}
	return hot
}
