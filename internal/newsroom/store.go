package newsroom

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kotormo/kotormo/internal/slug"
)

// NewRelease is the input for creating a release: its metadata and the first
// revision of its source version.
type NewRelease struct {
	Slug         string
	SourceLang   string
	Date         time.Time
	Places       map[string]string
	EmbargoUntil time.Time
	Content      Content
}

// Validate normalises and checks n against the configured languages, making a
// slug from the title when none is given.
func (n *NewRelease) Validate(langs Languages) error {
	if n.SourceLang == "" {
		n.SourceLang = langs.Default()
	}
	if !langs.Has(n.SourceLang) {
		return E(EInvalid, "ErrUnknownLanguage", "Lang", n.SourceLang, "Langs", langs.String())
	}
	n.Content = n.Content.Normalize()
	if err := n.Content.Validate(); err != nil {
		return err
	}
	if strings.TrimSpace(n.Slug) == "" {
		n.Slug = slug.Make(n.Content.Title)
		if n.Slug == "" {
			n.Slug = "release"
		}
	} else {
		s, err := CheckSlug(n.Slug)
		if err != nil {
			return err
		}
		n.Slug = s
	}
	d, err := CheckDate(n.Date)
	if err != nil {
		return err
	}
	n.Date = d
	if n.EmbargoUntil, err = CheckEmbargo(n.EmbargoUntil); err != nil {
		return err
	}
	return validatePlaces(n.Places, langs)
}

func validatePlaces(places map[string]string, langs Languages) error {
	for l, p := range places {
		if !langs.Has(l) {
			return E(EInvalid, "ErrUnknownLanguage", "Lang", l, "Langs", langs.String())
		}
		p = strings.TrimSpace(p)
		if !validPlace(p) {
			return E(EInvalid, "ErrPlaceInvalid", "Lang", l, "Max", MaxPlace)
		}
		places[l] = p
	}
	return nil
}

// validPlace is the one rule for a dateline place, the release's or a
// version's own: valid UTF-8 without NUL, at most MaxPlace characters.
func validPlace(p string) bool {
	return utf8.ValidString(p) && !strings.ContainsRune(p, 0) && utf8.RuneCountInString(p) <= MaxPlace
}

// ReleaseUpdate changes a release's metadata; nil fields stay as they are.
type ReleaseUpdate struct {
	Slug         *string
	Date         *time.Time
	Places       map[string]string // merged: a language given "" is cleared
	EmbargoUntil *time.Time        // a zero time clears the embargo
}

// ReleaseFilter selects releases for a listing.
type ReleaseFilter struct {
	// Lang restricts State and Outdated to that language's version.
	Lang     string
	State    State
	Outdated *bool
	Query    string // a case-insensitive substring of a title or the slug
	Offset   int
	Limit    int
}

// ReleasePage is one page of a listing, newest first.
type ReleasePage struct {
	Releases []*Release
	Total    int
}

// PublishLog tells a reader cache which releases changed since it last looked.
type PublishLog struct {
	// Seq is the log's latest sequence number; pass it to the next call.
	Seq int64
	// ReleaseIDs changed since the sequence number asked for.
	ReleaseIDs []string
	// Complete is false when the log no longer reaches back that far: reload everything.
	Complete bool
}

// Releases stores releases and runs the workflow on their versions. Every
// method that writes takes the acting user and checks the rules with Apply.
type Releases interface {
	// CreateRelease creates a release with the first revision of its source
	// version and every other language untranslated. Errors: EInvalid,
	// EForbidden, EConflict (slug taken).
	CreateRelease(ctx context.Context, actor *User, in NewRelease) (*Release, error)
	// Release returns a release with its version heads, by ID or slug. Errors: ENotFound.
	Release(ctx context.Context, idOrSlug string) (*Release, error)
	// UpdateRelease changes the metadata. Errors: EInvalid, EForbidden, ENotFound, EConflict.
	UpdateRelease(ctx context.Context, actor *User, id string, in ReleaseUpdate) (*Release, error)
	// ListReleases returns a page of releases, newest dateline first.
	ListReleases(ctx context.Context, f ReleaseFilter) (ReleasePage, error)
	// Save writes a new revision of a version's working copy (ch.Action is
	// save). A save identical to the current text writes nothing. Errors:
	// EInvalid, EForbidden, ENotFound, EConflict (stale BaseRev, with CurrentRev).
	Save(ctx context.Context, actor *User, id, lang string, ch Change) (*Version, error)
	// Transition applies a workflow action that is not a save. Errors:
	// EInvalid, EForbidden, ENotFound, EConflict (with CurrentState).
	Transition(ctx context.Context, actor *User, id, lang string, ch Change) (*Version, error)
	// Restore writes revision rev again as a new draft. Errors as Save.
	Restore(ctx context.Context, actor *User, id, lang string, rev, baseRev int) (*Version, error)
	// PublishAll publishes every approved version of a release and returns
	// the versions it published. Errors: EForbidden, ENotFound, EConflict (none approved).
	PublishAll(ctx context.Context, actor *User, id string) ([]*Version, error)
	// Revision returns one revision with its content. Errors: ENotFound.
	Revision(ctx context.Context, id, lang string, rev int) (*Revision, error)
	// Revisions lists a version's revisions, newest first, with content.
	Revisions(ctx context.Context, id, lang string) ([]*Revision, error)
	// Audit returns a release's audit log, oldest first.
	Audit(ctx context.Context, id string) ([]AuditEntry, error)
	// RevisionsPage lists at most limit (bounded by HistoryLimit) revisions
	// of a version older than before (0: from the newest), newest first,
	// with content. Its cost depends on the page, not on the history's length.
	RevisionsPage(ctx context.Context, id, lang string, before, limit int) ([]*Revision, error)
	// RevisionSummaries is RevisionsPage without the texts: each revision's
	// content holds its title only. It is what history lists read.
	RevisionSummaries(ctx context.Context, id, lang string, before, limit int) ([]*Revision, error)
	// AuditPage returns one page of a release's audit log, newest first.
	// Errors: ENotFound, EInvalid (a bad cursor or stream).
	AuditPage(ctx context.Context, id string, q AuditQuery) (AuditPage, error)

	// AllPublished returns every published snapshot (embargoed ones included).
	AllPublished(ctx context.Context) ([]*Published, error)
	// PublishedOf returns the published snapshots of one release.
	PublishedOf(ctx context.Context, id string) ([]*Published, error)
	// PublishChanges returns what changed for readers since seq.
	PublishChanges(ctx context.Context, seq int64) (PublishLog, error)
}

// UserUpdate changes a user; nil fields stay as they are.
type UserUpdate struct {
	Name     *string
	Roles    []Role
	Langs    []string
	UILang   *string
	Disabled *bool
	Password *string
}

// APIToken describes a bearer token; the secret itself is shown once at creation.
type APIToken struct {
	ID        string
	UserID    string
	Name      string
	CreatedAt time.Time
	LastUsed  time.Time
}

// Users stores people, their sessions and their API tokens.
type Users interface {
	// CreateUser creates a user. Errors: EInvalid, EConflict (email taken).
	CreateUser(ctx context.Context, in NewUser) (*User, error)
	// User returns a user by ID. Errors: ENotFound.
	User(ctx context.Context, id string) (*User, error)
	// ListUsers returns every user, by email.
	ListUsers(ctx context.Context) ([]*User, error)
	// UpdateUser changes a user. Errors: EInvalid, ENotFound.
	UpdateUser(ctx context.Context, id string, in UserUpdate) (*User, error)
	// HasAdmin reports whether any enabled admin exists.
	HasAdmin(ctx context.Context) (bool, error)
	// Authenticate checks an email and password. Errors: EUnauthorized.
	Authenticate(ctx context.Context, email, password string) (*User, error)
	// CreateSession starts a session and returns its secret.
	CreateSession(ctx context.Context, userID string, ttl time.Duration) (string, error)
	// SessionUser returns the user of a live session. Errors: EUnauthorized.
	SessionUser(ctx context.Context, secret string) (*User, error)
	// DeleteSession ends a session.
	DeleteSession(ctx context.Context, secret string) error
	// CreateToken creates an API token and returns its secret once.
	CreateToken(ctx context.Context, userID, name string) (string, *APIToken, error)
	// TokenUser returns the user of an API token. Errors: EUnauthorized.
	TokenUser(ctx context.Context, secret string) (*User, error)
	// ListTokens lists every token (without secrets).
	ListTokens(ctx context.Context) ([]*APIToken, error)
	// DeleteToken revokes a token. Errors: ENotFound.
	DeleteToken(ctx context.Context, id string) error
	// RevokeToken ends the API token with this secret, if there is one
	// (logout with a bearer API token).
	RevokeToken(ctx context.Context, secret string) error
}
