package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// revisionJSON is one saved state of a version's working copy. Lead and body
// are present only when the content is asked for.
type revisionJSON struct {
	Rev          int        `json:"rev"`
	Author       string     `json:"author"`
	AuthorName   string     `json:"author_name"`
	CreatedAt    *time.Time `json:"created_at"`
	SourceRev    int        `json:"source_rev"`
	RestoredFrom int        `json:"restored_from"`
	Title        string     `json:"title"`
	Lead         *string    `json:"lead,omitzero"`
	Body         *string    `json:"body,omitzero"`
	// Place is the revision's own dateline place, with the content.
	Place *string `json:"place,omitzero"`
}

func revisionView(rv *newsroom.Revision, content bool) revisionJSON {
	j := revisionJSON{
		Rev: rv.Rev, Author: rv.Author, AuthorName: rv.AuthorName, CreatedAt: utc(rv.CreatedAt),
		SourceRev: rv.SourceRev, RestoredFrom: rv.RestoredFrom, Title: rv.Content.Title,
	}
	if content {
		j.Lead, j.Body, j.Place = &rv.Content.Lead, &rv.Content.Body, &rv.Content.Place
	}
	return j
}

// revisions handles GET /releases/{id}/versions/{lang}/revisions[?content=1].
func (a *API) revisions(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok {
		return
	}
	var content bool
	switch s := c.Query("content"); s {
	case "", "0", "false":
	case "1", "true":
		content = true
	default:
		a.fail(c, newsroom.E(newsroom.EInvalid, "ErrParamContent", "Value", s))
		return
	}
	if _, ok := a.readable(c, lang); !ok {
		return
	}
	before, limit, paged, err := pageParams(c, "before")
	if err != nil {
		a.fail(c, err)
		return
	}
	var rvs []*newsroom.Revision
	switch {
	case paged && content:
		rvs, err = a.releases.RevisionsPage(c.Request.Context(), c.Param("id"), lang, before, limit)
	case paged:
		rvs, err = a.releases.RevisionSummaries(c.Request.Context(), c.Param("id"), lang, before, limit)
	default:
		rvs, err = a.releases.Revisions(c.Request.Context(), c.Param("id"), lang)
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	out := make([]revisionJSON, 0, len(rvs))
	for _, rv := range rvs {
		out = append(out, revisionView(rv, content))
	}
	res := gin.H{"revisions": out}
	if paged {
		next := 0
		if n := len(rvs); n == newsroom.HistoryLimit(limit) && rvs[n-1].Rev > 1 {
			next = rvs[n-1].Rev
		}
		res["next_before"] = next
	}
	c.JSON(http.StatusOK, res)
}

// pageParams reads the optional paging parameters limit and a whole-number
// cursor named cursor; paged is false when neither is given.
func pageParams(c *gin.Context, cursor string) (at, limit int, paged bool, err error) {
	if s, ok := c.GetQuery(cursor); ok {
		if at, err = parseCount(cursor, s); err != nil {
			return 0, 0, false, err
		}
		paged = true
	}
	if s, ok := c.GetQuery("limit"); ok {
		if limit, err = parseCount("limit", s); err != nil {
			return 0, 0, false, err
		}
		if limit < 1 || limit > newsroom.MaxHistoryPage {
			return 0, 0, false, newsroom.E(newsroom.EInvalid, "ErrParamLimit", "Max", newsroom.MaxHistoryPage)
		}
		paged = true
	}
	return at, limit, paged, nil
}

// revision handles GET /releases/{id}/versions/{lang}/revisions/{rev}.
func (a *API) revision(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok {
		return
	}
	rev, err := parseCount("rev", c.Param("rev"))
	if err != nil {
		a.fail(c, err)
		return
	}
	if _, ok := a.readable(c, lang); !ok {
		return
	}
	rv, err := a.releases.Revision(c.Request.Context(), c.Param("id"), lang, rev)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, revisionView(rv, true))
}

// fieldDiff compares one field of two revisions. Paragraphs is the
// paragraph-level diff, with a word diff inside each changed paragraph; Words
// is the word-level diff of the whole field, given for the title and lead.
type fieldDiff struct {
	Changed    bool                       `json:"changed"`
	Paragraphs []textdiff.ParagraphChange `json:"paragraphs"`
	Words      []textdiff.Op              `json:"words,omitzero"`
}

type diffJSON struct {
	ReleaseID string    `json:"release_id"`
	Lang      string    `json:"lang"`
	From      int       `json:"from"`
	To        int       `json:"to"`
	Title     fieldDiff `json:"title"`
	Lead      fieldDiff `json:"lead"`
	Body      fieldDiff `json:"body"`
	// Place compares the versions' own dateline places.
	Place fieldDiff `json:"place"`
}

// diff handles GET /releases/{id}/versions/{lang}/diff?from=&to=. Revision 0
// stands for the empty text before the first save.
func (a *API) diff(c *gin.Context) {
	lang, ok := a.checkLang(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	var from, to int
	var err error
	if s, ok := c.GetQuery("to"); ok {
		if to, err = parseCount("to", s); err != nil {
			a.fail(c, err)
			return
		}
	}
	if s, ok := c.GetQuery("from"); ok {
		if from, err = parseCount("from", s); err != nil {
			a.fail(c, err)
			return
		}
	}
	r, ok := a.readable(c, lang)
	if !ok {
		return
	}
	if _, ok := c.GetQuery("to"); !ok {
		to = r.Versions[lang].Rev
	}
	if _, ok := c.GetQuery("from"); !ok {
		from = max(to-1, 0)
	}
	texts := map[int]newsroom.Content{}
	for _, rev := range []int{from, to} {
		if rev == 0 {
			continue
		}
		rv, err := a.releases.Revision(ctx, r.ID, lang, rev)
		if err != nil {
			a.fail(c, err)
			return
		}
		texts[rev] = rv.Content
	}
	old, cur := texts[from], texts[to]
	c.JSON(http.StatusOK, diffJSON{
		ReleaseID: r.ID, Lang: lang, From: from, To: to,
		Title: compare(old.Title, cur.Title, true),
		Lead:  compare(old.Lead, cur.Lead, true),
		Body:  compare(old.Body, cur.Body, false),
		Place: compare(old.Place, cur.Place, true),
	})
}

func compare(from, to string, words bool) fieldDiff {
	d := fieldDiff{Changed: from != to, Paragraphs: textdiff.Diff(textdiff.Paragraphs(from), textdiff.Paragraphs(to))}
	if d.Paragraphs == nil {
		d.Paragraphs = []textdiff.ParagraphChange{}
	}
	if words {
		d.Words = append([]textdiff.Op{}, textdiff.Words(from, to)...)
	}
	return d
}

// auditJSON is one line of a release's audit log.
type auditJSON struct {
	Actor     string     `json:"actor"`
	ActorName string     `json:"actor_name"`
	Action    string     `json:"action"`
	Lang      string     `json:"lang"`
	Seq       int        `json:"seq"`
	From      string     `json:"from"`
	To        string     `json:"to"`
	Rev       int        `json:"rev"`
	Comment   string     `json:"comment"`
	At        *time.Time `json:"at"`
}

// audit handles GET /releases/{id}/audit[?limit=&cursor=&stream=]: the whole
// log oldest first, or, with limit or cursor, one page newest first.
func (a *API) audit(c *gin.Context) {
	r, err := a.releases.Release(c.Request.Context(), c.Param("id"))
	if err != nil {
		a.fail(c, err)
		return
	}
	_, limit, paged, err := pageParams(c, "")
	if err != nil {
		a.fail(c, err)
		return
	}
	cursor, hasCursor := c.GetQuery("cursor")
	u := auth.User(c)
	var entries []newsroom.AuditEntry
	var next string
	if paged || hasCursor {
		// Only the streams the caller may read: the release's own and
		// the languages newsroom.CanRead allows.
		asked := []string{newsroom.ReleaseStream}
		asked = append(asked, a.langs.Codes()...)
		if s := c.Query("stream"); s != "" {
			asked = strings.Split(s, ",")
		}
		q := newsroom.AuditQuery{Cursor: cursor, Limit: limit}
		for _, st := range asked {
			if st == newsroom.ReleaseStream || newsroom.CanRead(u, st, r.SourceLang) == nil {
				q.Streams = append(q.Streams, st)
			}
		}
		page, err := a.releases.AuditPage(c.Request.Context(), r.ID, q)
		if err != nil {
			a.fail(c, err)
			return
		}
		entries, next = page.Entries, page.Next
	} else if entries, err = a.releases.Audit(c.Request.Context(), r.ID); err != nil {
		a.fail(c, err)
		return
	}
	out := make([]auditJSON, 0, len(entries))
	for _, e := range entries {
		// Entries of languages the caller may not read are left out;
		// release-level entries (lang "") are for everyone on the release.
		if e.Lang != "" && newsroom.CanRead(u, e.Lang, r.SourceLang) != nil {
			continue
		}
		out = append(out, auditJSON{
			Actor: e.Actor, ActorName: e.ActorName, Action: e.Action, Lang: e.Lang, Seq: e.Seq,
			From: string(e.From), To: string(e.To), Rev: e.Rev, Comment: e.Comment, At: utc(e.At),
		})
	}
	res := gin.H{"entries": out}
	if paged || hasCursor {
		res["next_cursor"] = next
	}
	c.JSON(http.StatusOK, res)
}

// readable loads the release of the request and answers 403 unless the
// caller may read language lang of it (newsroom.CanRead).
func (a *API) readable(c *gin.Context, lang string) (*newsroom.Release, bool) {
	r, err := a.releases.Release(c.Request.Context(), c.Param("id"))
	if err == nil {
		err = newsroom.CanRead(auth.User(c), lang, r.SourceLang)
	}
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	return r, true
}
