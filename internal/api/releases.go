package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// Listing page sizes.
const (
	defaultPerPage = 20
	maxPerPage     = 100
)

// releaseJSON is a release as the API shows it. In listings its versions
// carry only their heads; a single release carries their full text.
type releaseJSON struct {
	ID           string                  `json:"id"`
	Slug         string                  `json:"slug"`
	SourceLang   string                  `json:"source_lang"`
	Date         string                  `json:"date"`
	Places       map[string]string       `json:"places"`
	EmbargoUntil *time.Time              `json:"embargo_until"`
	CreatedAt    *time.Time              `json:"created_at"`
	CreatedBy    string                  `json:"created_by"`
	UpdatedAt    *time.Time              `json:"updated_at"`
	Versions     map[string]*versionJSON `json:"versions"`
}

type createReleaseRequest struct {
	Slug         string            `json:"slug"`
	SourceLang   string            `json:"source_lang"`
	Date         *string           `json:"date"`
	Place        *string           `json:"place"`
	Places       map[string]string `json:"places"`
	EmbargoUntil *string           `json:"embargo_until"`
	Title        *string           `json:"title"`
	Lead         string            `json:"lead"`
	Body         *string           `json:"body"`
}

// createRelease handles POST /releases.
func (a *API) createRelease(c *gin.Context) {
	// Who may, before what was sent: the editor answers in the same order.
	if err := newsroom.CanEditRelease(auth.User(c)); err != nil {
		a.fail(c, err)
		return
	}
	var req createReleaseRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	in, err := req.parse(a.langs)
	if err != nil {
		a.fail(c, err)
		return
	}
	r, err := a.releases.CreateRelease(c.Request.Context(), auth.User(c), in)
	if err != nil {
		a.fail(c, err)
		return
	}
	known := map[revKey]newsroom.Content{{r.SourceLang, r.Versions[r.SourceLang].Rev}: in.Content.Normalize()}
	out, err := a.releaseView(c.Request.Context(), r, known, auth.User(c))
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}

func (req *createReleaseRequest) parse(langs newsroom.Languages) (newsroom.NewRelease, error) {
	if err := required("date", req.Date, "title", req.Title, "body", req.Body); err != nil {
		return newsroom.NewRelease{}, err
	}
	in := newsroom.NewRelease{
		Slug: req.Slug, SourceLang: req.SourceLang, Places: map[string]string{},
		Content: newsroom.Content{Title: *req.Title, Lead: req.Lead, Body: *req.Body},
	}
	if in.SourceLang == "" {
		in.SourceLang = langs.Default()
	}
	d, err := parseDate("date", *req.Date)
	if err != nil {
		return in, err
	}
	in.Date = d
	if req.Place != nil && req.Places != nil {
		return in, newsroom.E(newsroom.EInvalid, "ErrPlaceAndPlaces")
	}
	for l, p := range req.Places {
		in.Places[l] = p
	}
	if req.Place != nil {
		in.Places[in.SourceLang] = *req.Place
	}
	if req.EmbargoUntil != nil && *req.EmbargoUntil != "" {
		if in.EmbargoUntil, err = parseTime("embargo_until", *req.EmbargoUntil); err != nil {
			return in, err
		}
	}
	return in, nil
}

// listReleases handles GET /releases.
func (a *API) listReleases(c *gin.Context) {
	f, page, perPage, err := a.parseFilter(c)
	if err != nil {
		a.fail(c, err)
		return
	}
	res, err := a.releases.ListReleases(c.Request.Context(), f)
	if err != nil {
		a.fail(c, err)
		return
	}
	out := make([]*releaseJSON, 0, len(res.Releases))
	for _, r := range res.Releases {
		out = append(out, a.releaseSummary(r))
	}
	c.JSON(http.StatusOK, gin.H{"releases": out, "total": res.Total, "page": page, "per_page": perPage})
}

// parseFilter reads the listing's query parameters.
func (a *API) parseFilter(c *gin.Context) (f newsroom.ReleaseFilter, page, perPage int, err error) {
	q := c.Request.URL.Query()
	page, perPage = 1, defaultPerPage
	if s := q.Get("state"); s != "" {
		if f.State, err = newsroom.ParseState(s); err != nil {
			return f, 0, 0, err
		}
	}
	if f.Lang = q.Get("lang"); f.Lang != "" && !a.langs.Has(f.Lang) {
		return f, 0, 0, newsroom.E(newsroom.EInvalid, "ErrLangFilter", "Lang", f.Lang, "Langs", a.langs.String())
	}
	switch s := q.Get("outdated"); s {
	case "":
	case "true", "false":
		b := s == "true"
		f.Outdated = &b
	default:
		return f, 0, 0, newsroom.E(newsroom.EInvalid, "ErrParamOutdated", "Value", s)
	}
	f.Query = q.Get("q")
	if !utf8.ValidString(f.Query) || utf8.RuneCountInString(f.Query) > newsroom.MaxTitle {
		return f, 0, 0, newsroom.E(newsroom.EInvalid, "ErrSearchText", "Max", newsroom.MaxTitle)
	}
	if s := q.Get("page"); s != "" {
		if page, err = parseCount("page", s); err != nil {
			return f, 0, 0, err
		}
		if page < 1 {
			return f, 0, 0, newsroom.E(newsroom.EInvalid, "ErrParamPage")
		}
	}
	if s := q.Get("per_page"); s != "" {
		if perPage, err = parseCount("per_page", s); err != nil {
			return f, 0, 0, err
		}
		if perPage < 1 {
			return f, 0, 0, newsroom.E(newsroom.EInvalid, "ErrParamPerPage")
		}
		perPage = min(perPage, maxPerPage)
	}
	f.Offset, f.Limit = (page-1)*perPage, perPage
	return f, page, perPage, nil
}

// getRelease handles GET /releases/{id-or-slug}.
func (a *API) getRelease(c *gin.Context) {
	r, err := a.releases.Release(c.Request.Context(), c.Param("id"))
	if err != nil {
		a.fail(c, err)
		return
	}
	out, err := a.releaseView(c.Request.Context(), r, nil, auth.User(c))
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

type updateReleaseRequest struct {
	Slug   *string           `json:"slug"`
	Date   *string           `json:"date"`
	Places map[string]string `json:"places"`
	// EmbargoUntil is absent (unchanged), null or "" (lifted), or an RFC 3339 time.
	EmbargoUntil json.RawMessage `json:"embargo_until"`
}

// updateRelease handles PATCH /releases/{id}.
func (a *API) updateRelease(c *gin.Context) {
	if err := newsroom.CanEditRelease(auth.User(c)); err != nil {
		a.fail(c, err)
		return
	}
	var req updateReleaseRequest
	if err := decode(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	in, err := req.parse()
	if err != nil {
		a.fail(c, err)
		return
	}
	r, err := a.releases.UpdateRelease(c.Request.Context(), auth.User(c), c.Param("id"), in)
	if err != nil {
		a.fail(c, err)
		return
	}
	out, err := a.releaseView(c.Request.Context(), r, nil, auth.User(c))
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (req *updateReleaseRequest) parse() (newsroom.ReleaseUpdate, error) {
	in := newsroom.ReleaseUpdate{Slug: req.Slug, Places: req.Places}
	if req.Date != nil {
		d, err := parseDate("date", *req.Date)
		if err != nil {
			return in, err
		}
		in.Date = &d
	}
	set, t, err := optionalTime("embargo_until", req.EmbargoUntil)
	if err != nil {
		return in, err
	}
	if set {
		in.EmbargoUntil = &t
	}
	return in, nil
}

// publishAll handles POST /releases/{id}/publish.
func (a *API) publishAll(c *gin.Context) {
	if err := decode(c, &struct{}{}, true); err != nil {
		a.fail(c, err)
		return
	}
	vs, err := a.releases.PublishAll(c.Request.Context(), auth.User(c), c.Param("id"))
	if err != nil {
		a.fail(c, err)
		return
	}
	out, err := a.writtenVersions(c.Request.Context(), vs, nil)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"published": out})
}

// releaseSummary renders a release for listings: version heads without text.
func (a *API) releaseSummary(r *newsroom.Release) *releaseJSON {
	out := releaseMeta(r)
	src := r.Versions[r.SourceLang]
	for _, l := range a.langs.Codes() {
		if v := r.Versions[l]; v != nil {
			out.Versions[l] = versionHead(r, v, src)
		}
	}
	return out
}

// releaseView renders a release with the full text of every version u may
// read (newsroom.CanRead) and, for outdated translations, which source
// paragraphs changed; the other versions show their heads only. known holds
// texts the caller already has, to spare reading them again.
func (a *API) releaseView(ctx context.Context, r *newsroom.Release, known map[revKey]newsroom.Content, u *newsroom.User) (*releaseJSON, error) {
	out := releaseMeta(r)
	var vs []*newsroom.Version
	src := r.Versions[r.SourceLang]
	for _, l := range a.langs.Codes() {
		v := r.Versions[l]
		switch {
		case v == nil:
		case newsroom.CanRead(u, l, r.SourceLang) != nil:
			out.Versions[l] = versionHead(r, v, src)
		default:
			vs = append(vs, v)
		}
	}
	views, err := a.versionViews(ctx, r, vs, known)
	if err != nil {
		return nil, err
	}
	for _, v := range views {
		out.Versions[v.Lang] = v
	}
	return out, nil
}

func releaseMeta(r *newsroom.Release) *releaseJSON {
	places := r.Places
	if places == nil {
		places = map[string]string{}
	}
	return &releaseJSON{
		ID: r.ID, Slug: r.Slug, SourceLang: r.SourceLang, Date: r.Date.Format(time.DateOnly),
		Places: places, EmbargoUntil: utc(r.EmbargoUntil), CreatedAt: utc(r.CreatedAt), CreatedBy: r.CreatedBy,
		UpdatedAt: utc(r.UpdatedAt), Versions: make(map[string]*versionJSON, len(r.Versions)),
	}
}

// versionViews renders versions vs of release r (whose Versions hold the
// current heads, for the source) with their text.
func (a *API) versionViews(ctx context.Context, r *newsroom.Release, vs []*newsroom.Version, known map[revKey]newsroom.Content) ([]*versionJSON, error) {
	src := r.Versions[r.SourceLang]
	var need []revKey
	for _, v := range vs {
		s := src
		if v.Lang == r.SourceLang {
			s = v
		}
		need = append(need, revKey{v.Lang, v.Rev})
		if newsroom.Outdated(v, s) {
			need = append(need, revKey{s.Lang, v.SourceRev}, revKey{s.Lang, s.Rev})
		}
	}
	texts, err := a.loadTexts(ctx, r.ID, need, known)
	if err != nil {
		return nil, err
	}
	out := make([]*versionJSON, 0, len(vs))
	for _, v := range vs {
		s := src
		if v.Lang == r.SourceLang {
			s = v
		}
		j := versionHead(r, v, s)
		cur := texts[revKey{v.Lang, v.Rev}]
		j.Title, j.Lead, j.Body, j.Place = cur.Title, &cur.Lead, &cur.Body, &cur.Place
		changed := []int{}
		var titleChanged, leadChanged bool
		if j.Outdated {
			from, to := texts[revKey{s.Lang, v.SourceRev}], texts[revKey{s.Lang, s.Rev}]
			changed = append(changed, textdiff.ChangedIndexes(textdiff.Paragraphs(from.Body), textdiff.Paragraphs(to.Body))...)
			titleChanged, leadChanged = from.Title != to.Title, from.Lead != to.Lead
		}
		j.ChangedParagraphs, j.ChangedTitle, j.ChangedLead = changed, &titleChanged, &leadChanged
		if err := a.addQA(ctx, j, r, v, s, texts, cur); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}

// writtenVersions renders versions a write just returned, reading their
// release for the source version's head.
func (a *API) writtenVersions(ctx context.Context, vs []*newsroom.Version, known map[revKey]newsroom.Content) ([]*versionJSON, error) {
	if len(vs) == 0 {
		return []*versionJSON{}, nil
	}
	r, err := a.releases.Release(ctx, vs[0].ReleaseID)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v.Lang == r.SourceLang {
			if cur := r.Versions[v.Lang]; cur == nil || cur.Seq < v.Seq {
				r.Versions[v.Lang] = v
			}
		}
	}
	return a.versionViews(ctx, r, vs, known)
}

// revKey names one revision of one language of a release; revision 0 is the
// empty text of an untranslated version.
type revKey struct {
	lang string
	rev  int
}

// loadTexts reads the texts of the revisions in keys that known lacks, a few
// at a time.
func (a *API) loadTexts(ctx context.Context, releaseID string, keys []revKey, known map[revKey]newsroom.Content) (map[revKey]newsroom.Content, error) {
	out := make(map[revKey]newsroom.Content, len(keys))
	var missing []revKey
	for _, k := range keys {
		if c, ok := known[k]; ok {
			out[k] = c
		} else if _, dup := out[k]; !dup && k.rev > 0 {
			out[k] = newsroom.Content{}
			missing = append(missing, k)
		}
	}
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		first error
		sem   = make(chan struct{}, 4)
	)
	for _, k := range missing {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			rv, err := a.releases.Revision(ctx, releaseID, k.lang, k.rev)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil && first == nil:
				// A head names a revision that must exist: its absence is not the client's 404.
				first = fmt.Errorf("read %s/%s revision %d: %w", releaseID, k.lang, k.rev, internal(err))
			case err == nil:
				out[k] = rv.Content
			}
		})
	}
	wg.Wait()
	return out, first
}

// internal hides a not-found error's code so that it is reported as an
// internal inconsistency rather than as a missing resource.
func internal(err error) error {
	if newsroom.ErrorCode(err) == newsroom.ENotFound {
		return fmt.Errorf("%s", strings.TrimSpace(newsroom.ErrorMessage(err)))
	}
	return err
}
