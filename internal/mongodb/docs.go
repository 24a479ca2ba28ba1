package mongodb

import (
	"fmt"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// The bson shapes of the stored documents, and their conversions.

type releaseDoc struct {
	ID           string            `bson:"_id"`
	Slug         string            `bson:"slug"`
	OldSlugs     []string          `bson:"old_slugs,omitempty"`
	SourceLang   string            `bson:"source_lang"`
	Date         time.Time         `bson:"date"`
	Places       map[string]string `bson:"places,omitempty"`
	EmbargoUntil *time.Time        `bson:"embargo_until,omitempty"`
	Seq          int               `bson:"seq"` // release-level audit sequence
	CreatedAt    time.Time         `bson:"created_at"`
	CreatedBy    string            `bson:"created_by"`
	UpdatedAt    time.Time         `bson:"updated_at"`
}

func (d *releaseDoc) toDomain() *newsroom.Release {
	r := &newsroom.Release{
		ID: d.ID, Slug: d.Slug, OldSlugs: d.OldSlugs, SourceLang: d.SourceLang, Date: d.Date.UTC(),
		Places: d.Places, CreatedAt: d.CreatedAt, CreatedBy: d.CreatedBy, UpdatedAt: d.UpdatedAt,
	}
	if r.Places == nil {
		r.Places = map[string]string{}
	}
	if d.EmbargoUntil != nil {
		r.EmbargoUntil = d.EmbargoUntil.UTC()
	}
	return r
}

// releaseDocFrom stores r's metadata on top of base (which keeps the
// sequence number and creation fields).
func releaseDocFrom(r *newsroom.Release, base releaseDoc) releaseDoc {
	d := base
	d.Slug, d.OldSlugs, d.Date, d.Places, d.EmbargoUntil = r.Slug, r.OldSlugs, r.Date, r.Places, nil
	if !r.EmbargoUntil.IsZero() {
		t := r.EmbargoUntil.UTC()
		d.EmbargoUntil = &t
	}
	return d
}

// slugDoc reserves a slug for a release. Rows are never deleted: a former
// slug stays with its release, so links already shared keep working.
type slugDoc struct {
	ID        string `bson:"_id"`
	ReleaseID string `bson:"release_id"`
}

type versionDoc struct {
	ID                 string      `bson:"_id"`
	ReleaseID          string      `bson:"release_id"`
	Lang               string      `bson:"lang"`
	State              string      `bson:"state"`
	Rev                int         `bson:"rev"`
	Seq                int         `bson:"seq"`
	LastSaver          string      `bson:"last_saver,omitempty"`
	LastSaverName      string      `bson:"last_saver_name,omitempty"`
	RestoredAuthor     string      `bson:"restored_author,omitempty"`
	SourceRev          int         `bson:"source_rev,omitempty"`
	SubstantiveRev     int         `bson:"substantive_rev,omitempty"`
	PrevSubstantiveRev int         `bson:"prev_substantive_rev,omitempty"`
	PublishedRev       int         `bson:"published_rev,omitempty"`
	PublishedAt        *time.Time  `bson:"published_at,omitempty"`
	Title              string      `bson:"title,omitempty"`
	UpdatedAt          time.Time   `bson:"updated_at"`
	ReviewSeq          int         `bson:"review_seq,omitempty"`
	ApprovedRev        int         `bson:"approved_rev,omitempty"`
	ReviewKnown        bool        `bson:"review_known,omitempty"`
	Summary            *summaryDoc `bson:"summary,omitempty"`
}

// summaryDoc is newsroom.Summary as stored on a version head.
type summaryDoc struct {
	Translated int `bson:"n"`
	Paragraphs int `bson:"m"`
	QAErrors   int `bson:"qa"`
}

func versionToDoc(v *newsroom.Version) versionDoc {
	d := versionDoc{
		ID: newsroom.VersionID(v.ReleaseID, v.Lang), ReleaseID: v.ReleaseID, Lang: v.Lang,
		State: string(v.State), Rev: v.Rev, Seq: v.Seq, LastSaver: v.LastSaver, LastSaverName: v.LastSaverName, RestoredAuthor: v.RestoredAuthor,
		SourceRev: v.SourceRev, SubstantiveRev: v.SubstantiveRev, PrevSubstantiveRev: v.PrevSubstantiveRev,
		PublishedRev: v.PublishedRev, Title: v.Title, UpdatedAt: v.UpdatedAt,
		ReviewSeq: v.ReviewSeq, ApprovedRev: v.ApprovedRev, ReviewKnown: v.ReviewKnown,
	}
	if !v.PublishedAt.IsZero() {
		t := v.PublishedAt
		d.PublishedAt = &t
	}
	if m := v.Summary; m != nil {
		d.Summary = &summaryDoc{Translated: m.Translated, Paragraphs: m.Paragraphs, QAErrors: m.QAErrors}
	}
	return d
}

func (d *versionDoc) toDomain() *newsroom.Version {
	v := &newsroom.Version{
		ReleaseID: d.ReleaseID, Lang: d.Lang, State: newsroom.State(d.State), Rev: d.Rev, Seq: d.Seq,
		LastSaver: d.LastSaver, LastSaverName: d.LastSaverName, RestoredAuthor: d.RestoredAuthor, SourceRev: d.SourceRev,
		SubstantiveRev: d.SubstantiveRev, PrevSubstantiveRev: d.PrevSubstantiveRev,
		PublishedRev: d.PublishedRev, Title: d.Title, UpdatedAt: d.UpdatedAt,
		ReviewSeq: d.ReviewSeq, ApprovedRev: d.ApprovedRev, ReviewKnown: d.ReviewKnown,
	}
	if d.PublishedAt != nil {
		v.PublishedAt = d.PublishedAt.UTC()
	}
	if m := d.Summary; m != nil {
		v.Summary = &newsroom.Summary{Translated: m.Translated, Paragraphs: m.Paragraphs, QAErrors: m.QAErrors}
	}
	return v
}

type revisionDoc struct {
	ID           string `bson:"_id"`
	ReleaseID    string `bson:"release_id"`
	Lang         string `bson:"lang"`
	Rev          int    `bson:"rev"`
	Title        string `bson:"title"`
	Lead         string `bson:"lead"`
	Body         string `bson:"body"`
	Author       string `bson:"author"`
	AuthorName   string `bson:"author_name"`
	SourceRev    int    `bson:"source_rev,omitempty"`
	RestoredFrom int    `bson:"restored_from,omitempty"`
	// RestoredAuthor wrote the words a restore copies.
	RestoredAuthor string    `bson:"restored_author,omitempty"`
	CreatedAt      time.Time `bson:"created_at"`
	// Place is the version's own dateline place, "" for the release's.
	Place string `bson:"place,omitempty"`
}

func revisionToDoc(r *newsroom.Revision) revisionDoc {
	return revisionDoc{
		ID: newsroom.RevisionID(r.ReleaseID, r.Lang, r.Rev), ReleaseID: r.ReleaseID, Lang: r.Lang, Rev: r.Rev,
		Title: r.Content.Title, Lead: r.Content.Lead, Body: r.Content.Body, Place: r.Content.Place,
		Author: r.Author, AuthorName: r.AuthorName, SourceRev: r.SourceRev, RestoredFrom: r.RestoredFrom,
		RestoredAuthor: r.RestoredAuthor, CreatedAt: r.CreatedAt,
	}
}

func (d *revisionDoc) toDomain() *newsroom.Revision {
	return &newsroom.Revision{
		ReleaseID: d.ReleaseID, Lang: d.Lang, Rev: d.Rev,
		Content: newsroom.Content{Title: d.Title, Lead: d.Lead, Body: d.Body, Place: d.Place},
		Author:  d.Author, AuthorName: d.AuthorName, SourceRev: d.SourceRev, RestoredFrom: d.RestoredFrom,
		RestoredAuthor: d.RestoredAuthor, CreatedAt: d.CreatedAt.UTC(),
	}
}

// auditDoc is one audit line. Its _id, release/lang/seq, is unique: inserting
// it is how a writer claims the next sequence number of a version. Head is the
// version head the write leads to, so that a write interrupted after the
// claim can be rolled forward by the next writer.
type auditDoc struct {
	ID        string      `bson:"_id"`
	ReleaseID string      `bson:"release_id"`
	Lang      string      `bson:"lang,omitempty"`
	Seq       int         `bson:"seq"`
	Actor     string      `bson:"actor"`
	ActorName string      `bson:"actor_name"`
	Action    string      `bson:"action"`
	From      string      `bson:"from,omitempty"`
	To        string      `bson:"to,omitempty"`
	Rev       int         `bson:"rev,omitempty"`
	Comment   string      `bson:"comment,omitempty"`
	At        time.Time   `bson:"at"`
	Head      *versionDoc `bson:"head,omitempty"`
	// Release is, for a release-level update, the document it leads to.
	Release *releaseDoc `bson:"release,omitempty"`
	// Aborted marks a claim that was voided because its writer died before
	// the write happened: the audit log does not show it.
	Aborted bool `bson:"aborted,omitempty"`
}

func auditID(releaseID, lang string, seq int) string {
	if lang == "" {
		lang = "_"
	}
	return newsroom.RevisionID(releaseID, lang, seq)
}

func (d *auditDoc) toDomain() newsroom.AuditEntry {
	return newsroom.AuditEntry{
		ReleaseID: d.ReleaseID, Lang: d.Lang, Seq: d.Seq, Actor: d.Actor, ActorName: d.ActorName,
		Action: d.Action, From: newsroom.State(d.From), To: newsroom.State(d.To), Rev: d.Rev, Comment: d.Comment, At: d.At.UTC(),
	}
}

type publishedDoc struct {
	ID               string     `bson:"_id"`
	ReleaseID        string     `bson:"release_id"`
	Slug             string     `bson:"slug"`
	OldSlugs         []string   `bson:"old_slugs,omitempty"`
	Lang             string     `bson:"lang"`
	SourceLang       string     `bson:"source_lang"`
	Title            string     `bson:"title"`
	Lead             string     `bson:"lead"`
	Body             string     `bson:"body"`
	Place            string     `bson:"place"`
	Date             time.Time  `bson:"date"`
	EmbargoUntil     *time.Time `bson:"embargo_until,omitempty"`
	Rev              int        `bson:"rev"`
	PublishedAt      time.Time  `bson:"published_at"`
	FirstPublishedAt time.Time  `bson:"first_published_at"`
	// VersionPlace is the published revision's own place (Content.Place);
	// Place is it, or else the release's place, kept in step by syncPublished.
	VersionPlace string `bson:"version_place,omitempty"`
}

func (d *publishedDoc) toDomain() *newsroom.Published {
	p := &newsroom.Published{
		ReleaseID: d.ReleaseID, Slug: d.Slug, OldSlugs: d.OldSlugs, Lang: d.Lang, SourceLang: d.SourceLang,
		Content: newsroom.Content{Title: d.Title, Lead: d.Lead, Body: d.Body, Place: d.VersionPlace},
		Place:   d.Place, Date: d.Date.UTC(), Rev: d.Rev, PublishedAt: d.PublishedAt.UTC(), FirstPublishedAt: d.FirstPublishedAt.UTC(),
	}
	if d.EmbargoUntil != nil {
		p.EmbargoUntil = d.EmbargoUntil.UTC()
	}
	return p
}

// logDoc is one entry of a sequenced log (the publish log, the changes log):
// release ReleaseID changed. _id is a dense sequence number claimed by a unique insert, stored
// as a zero-padded string: the embedded server looks up only string and
// ObjectID _ids without reading the whole collection.
type logDoc struct {
	ID        string    `bson:"_id"`
	ReleaseID string    `bson:"release_id"`
	At        time.Time `bson:"at"`
}

// logID is the _id of log entry seq.
func logID(seq int64) string { return fmt.Sprintf("%020d", seq) }
