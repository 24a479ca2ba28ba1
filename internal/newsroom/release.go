package newsroom

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what a release may hold. They keep every document well under the
// database's limits and the request-body limit.
const (
	MaxTitle = 500
	MaxLead  = 5_000
	MaxBody  = 200_000
	MaxPlace = 200
	MaxNote  = 2_000
)

// Release is one news release: its metadata and one version per language.
type Release struct {
	ID   string
	Slug string
	// OldSlugs are the release's former slugs, oldest first: they stay
	// reserved for it and readers who follow them are sent to Slug.
	OldSlugs   []string
	SourceLang string
	Date       time.Time         // the dateline's date (a calendar day, UTC midnight)
	Places     map[string]string // the dateline's place name per language
	// EmbargoUntil hides every version from readers until then; zero for none.
	EmbargoUntil time.Time
	CreatedAt    time.Time
	CreatedBy    string
	UpdatedAt    time.Time
	// Versions holds the version heads keyed by language, when loaded.
	Versions map[string]*Version
}

// Place returns the dateline's place name in lang, falling back to the source language.
func (r *Release) Place(lang string) string {
	if p := r.Places[lang]; p != "" {
		return p
	}
	return r.Places[r.SourceLang]
}

// PlaceFor returns the dateline's place for lang's version whose own place
// (given by its translator, Content.Place) is own: the version's place
// first, else the release's place in lang.
func (r *Release) PlaceFor(lang, own string) string {
	if own != "" {
		return own
	}
	return r.Place(lang)
}

// Embargoed reports whether readers must not see the release at now.
func (r *Release) Embargoed(now time.Time) bool {
	return !r.EmbargoUntil.IsZero() && now.Before(r.EmbargoUntil)
}

// Content is the text of a version: what translators edit and readers read.
type Content struct {
	Title string `json:"title"`
	Lead  string `json:"lead"`
	Body  string `json:"body"` // Markdown
	// Place is the dateline's place in the version's language, given by its
	// translator; "" uses the release's place (Release.Place).
	Place string `json:"place,omitempty"`
}

// Normalize trims the title and normalises line endings.
func (c Content) Normalize() Content {
	nl := strings.NewReplacer("\r\n", "\n", "\r", "\n")
	return Content{
		Title: strings.TrimSpace(nl.Replace(c.Title)),
		Lead:  strings.TrimSpace(nl.Replace(c.Lead)),
		Body:  strings.TrimRight(nl.Replace(c.Body), " \n\t"),
		Place: strings.Join(strings.Fields(c.Place), " "),
	}
}

// Validate checks the content's size and encoding.
func (c Content) Validate() error {
	for _, f := range []struct {
		name, v string
		max     int
	}{{"title", c.Title, MaxTitle}, {"lead", c.Lead, MaxLead}, {"body", c.Body, MaxBody}, {"place", c.Place, MaxPlace}} {
		if !utf8.ValidString(f.v) {
			return E(EInvalid, "ErrNotUTF8", "Field", Field(f.name))
		}
		if strings.ContainsRune(f.v, 0) {
			return E(EInvalid, "ErrNUL", "Field", Field(f.name))
		}
		if utf8.RuneCountInString(f.v) > f.max {
			return E(EInvalid, "ErrTooLong", "Field", Field(f.name), "Max", f.max)
		}
	}
	if c.Title == "" {
		return E(EInvalid, "ErrTitleRequired")
	}
	return nil
}

// Version is the head of one language version of a release: its working copy's
// state and revision, and what is published.
type Version struct {
	ReleaseID string
	Lang      string
	State     State
	// Rev is the working copy's latest revision; 0 while untranslated.
	Rev int
	// Seq counts every write to the version (saves and transitions); it orders the audit log.
	Seq int
	// LastSaver is the user ID of whoever saved Rev; approval by them is refused.
	LastSaver     string
	LastSaverName string
	// RestoredAuthor is, when the working copy is a restored revision, who
	// wrote those words; they may not approve them either (four-eyes).
	RestoredAuthor string
	// SourceRev is, for a translation, the source revision it was translated from.
	SourceRev int
	// SubstantiveRev is, for the source version, the latest revision whose change
	// translations must follow; PrevSubstantiveRev is what it was before Rev was saved.
	SubstantiveRev     int
	PrevSubstantiveRev int
	PublishedRev       int
	PublishedAt        time.Time
	// Title is the working copy's title, kept on the head for listings.
	Title     string
	UpdatedAt time.Time
	// ReviewSeq is the audit sequence number of the latest submit, approve or
	// request for changes, and ApprovedRev the revision last approved, so
	// that pages find the last review without reading the audit log. Both
	// are 0 when there was none; ReviewKnown says they cover the version's
	// whole history (false for versions written before they were recorded).
	ReviewSeq   int
	ApprovedRev int
	ReviewKnown bool
	// Summary is, for a translation, its progress and quality-check errors
	// as of its last save, kept on the head so that listings show them
	// without reading the text; nil for versions saved before it was kept.
	Summary *Summary
}

// Summary is a translation's progress and open quality-check errors.
type Summary struct {
	// Translated is how many of the source's Paragraphs the text answers.
	Translated, Paragraphs int
	// QAErrors counts the quality-check errors (warnings not included).
	QAErrors int
}

// IsTranslation reports whether v is not the release's source version.
func (v *Version) IsTranslation(r *Release) bool { return v.Lang != r.SourceLang }

// Outdated reports whether a translation was made from a source revision older
// than the source's latest substantive change.
func Outdated(translation, source *Version) bool {
	if translation == nil || source == nil || translation.Lang == source.Lang || translation.Rev == 0 {
		return false
	}
	return translation.SourceRev < source.SubstantiveRev
}

// Revision is one saved state of a version's working copy.
type Revision struct {
	ReleaseID string
	Lang      string
	Rev       int
	Content   Content
	Author    string
	// AuthorName is the author's display name when the revision was saved.
	AuthorName string
	// SourceRev is, for translations, the source revision this text follows.
	SourceRev int
	// RestoredFrom is the revision this one copies, for restores;
	// RestoredAuthor wrote the words it copies.
	RestoredFrom   int
	RestoredAuthor string
	CreatedAt      time.Time
}

// AuditEntry is one line of a release's append-only audit log.
type AuditEntry struct {
	ReleaseID string
	Lang      string // "" for release-level entries
	Seq       int
	Actor     string
	ActorName string
	Action    string
	From      State
	To        State
	Rev       int
	Comment   string
	At        time.Time
}

// Published is what readers see of one language version: the snapshot taken at publish time.
type Published struct {
	ReleaseID string
	Slug      string
	// OldSlugs are the release's former slugs; readers following them are redirected.
	OldSlugs     []string
	Lang         string
	SourceLang   string
	Content      Content
	Place        string
	Date         time.Time
	EmbargoUntil time.Time
	Rev          int
	PublishedAt  time.Time
	// FirstPublishedAt is when this language was first published; corrections keep it.
	FirstPublishedAt time.Time
}
