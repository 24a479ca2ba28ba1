// Package i18n serves the interface strings of the reader site and the
// editor from go-i18n message files (see the locales folder), with the plural
// forms each language needs.
//
// Build one Catalog at start-up with New and take a Localizer per request:
//
//	cat, err := i18n.New(locales.FS, cfg.Languages)
//	loc := cat.Localizer("ky")
//	loc.T("SearchButton")            // "Издөө"
//	loc.N("ReleasesCount", 5)        // "5 пресс-релиз"
//
// Messages are plain text, not HTML: let html/template escape them.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"

	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/internal/newsroom"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

// Catalog holds every interface string of every configured language. It is
// immutable after New and safe for concurrent use.
type Catalog struct {
	langs      []string
	localizers map[string]*Localizer
}

// New loads active.<lang>.toml from fsys for each configured language; the
// first language is the default and must have a file. A language without a
// file, and any message missing from a language's file, falls back to the
// default language.
func New(fsys fs.FS, langs []string) (*Catalog, error) {
	if len(langs) == 0 {
		return nil, errors.New("i18n: no languages configured")
	}
	codes := make([]string, 0, len(langs))
	for _, l := range langs {
		tag, err := language.Parse(l)
		if err != nil {
			return nil, fmt.Errorf("i18n: language %q: %w", l, err)
		}
		if slices.Contains(codes, tag.String()) {
			return nil, fmt.Errorf("i18n: language %q configured twice", tag)
		}
		codes = append(codes, tag.String())
	}
	def := codes[0]

	bundle := goi18n.NewBundle(language.Make(def))
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{langs: codes, localizers: make(map[string]*Localizer, len(codes))}
	for _, code := range codes {
		path := FileName(code)
		_, err := bundle.LoadMessageFileFS(fsys, path)
		switch {
		case err == nil:
			c.localizers[code] = &Localizer{lang: code, loc: goi18n.NewLocalizer(bundle, code)}
		case errors.Is(err, fs.ErrNotExist) && code != def:
			// Served in the default language until someone translates it.
		default:
			return nil, fmt.Errorf("i18n: loading %s: %w", path, err)
		}
	}
	defLoc := c.localizers[def]
	for _, code := range codes {
		if c.localizers[code] == nil {
			c.localizers[code] = &Localizer{lang: code, loc: defLoc.loc}
		}
	}
	return c, nil
}

// FileName returns the name of the message file for a language code, such
// as "active.ky.toml".
func FileName(lang string) string {
	return "active." + lang + ".toml"
}

// Langs returns the configured language codes, default first.
func (c *Catalog) Langs() []string {
	return slices.Clone(c.langs)
}

// Localizer returns the strings of one language. A language that is not
// configured gets the default language. It is cheap: call it per request.
func (c *Catalog) Localizer(lang string) *Localizer {
	if l, ok := c.localizers[lang]; ok {
		return l
	}
	return c.localizers[c.langs[0]]
}

// Localizer looks up the interface strings of one language. It is immutable
// and safe to share between requests.
type Localizer struct {
	lang string
	loc  *goi18n.Localizer
}

// Lang returns the language code this Localizer was chosen for.
func (l *Localizer) Lang() string {
	return l.lang
}

// T returns the message id filled in with data, for example
// T("ReadIn", map[string]any{"Language": "Кыргызча"}). A message this
// language lacks comes from the default language; an unknown id is
// returned as is, so a missing string shows up on the page, never as a
// panic.
func (l *Localizer) T(id string, data ...map[string]any) string {
	return l.localize(id, nil, data)
}

// N returns the plural message id in the form that count needs in this
// language ("1 релиз", "2 релиза", "5 релизов"). count is also available
// to the message as {{.Count}}, written with the language's digit grouping
// (CLDR: "1,234", «1 234»), next to data.
func (l *Localizer) N(id string, count int, data ...map[string]any) string {
	return l.localize(id, count, data)
}

func (l *Localizer) localize(id string, count any, data []map[string]any) string {
	var td map[string]any
	if len(data) > 0 || count != nil {
		td = make(map[string]any)
		for _, d := range data {
			maps.Copy(td, d)
		}
		if n, ok := count.(int); ok {
			// Shown with the language's digit grouping: «1 234 пресс-релиза».
			td["Count"] = locale.FormatNumber(l.lang, int64(n))
		} else if count != nil {
			td["Count"] = count
		}
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id, PluralCount: count}
	if td != nil {
		cfg.TemplateData = td
	}
	// go-i18n returns the best text it has along with an error when it had
	// to fall back (to the default language or to the "other" form).
	msg, _ := l.loc.Localize(cfg)
	if msg == "" {
		return id
	}
	return msg
}

// Pairs turns alternating keys and values, as templates pass them
// ({{.L.T "Revision" "Rev" 4}}), into placeholder data; a key that is not a
// string is skipped with its value.
func Pairs(args ...any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			m[k] = args[i+1]
		}
	}
	return m
}

// Error returns err's message in this language: a coded domain error's
// catalogue entry filled with its arguments (state, action and role names
// localized too), the English sentence of an error that has no entry yet,
// and a generic message for internal errors.
func (l *Localizer) Error(err error) string {
	e, ok := newsroom.AsError(err)
	switch {
	case err == nil:
		return ""
	case !ok || e.Code == newsroom.EInternal:
		return l.T("EdInternalError")
	case e.ID == "" && e.Code == newsroom.EUnavailable:
		return l.T("EdUnavailable")
	case e.ID == "":
		return e.Message
	}
	data := make(map[string]any, len(e.Args))
	for k, v := range e.Args {
		switch v := v.(type) {
		case newsroom.State:
			data[k] = l.State(v)
		case newsroom.Action:
			data[k] = l.Action(string(v))
		case newsroom.Role:
			data[k] = l.Role(v)
		case newsroom.Field:
			if id, ok := fieldIDs[v]; ok {
				data[k] = l.T(id)
			} else {
				data[k] = string(v)
			}
		default:
			data[k] = v
		}
	}
	return l.T(e.ID, data)
}

// State returns the name of a workflow state.
func (l *Localizer) State(s newsroom.State) string {
	if id, ok := stateIDs[s]; ok {
		return l.T(id)
	}
	return string(s)
}

// Role returns the name of a role.
func (l *Localizer) Role(r newsroom.Role) string {
	if id, ok := roleIDs[r]; ok {
		return l.T(id)
	}
	return string(r)
}

// Action returns the name of a workflow action or audit-log action.
func (l *Localizer) Action(a string) string {
	if id, ok := actionIDs[a]; ok {
		return l.T(id)
	}
	return a
}

var stateIDs = map[newsroom.State]string{
	newsroom.StateUntranslated: "StateUntranslated", newsroom.StateDraft: "StateDraft",
	newsroom.StateInReview: "StateInReview", newsroom.StateChangesRequested: "StateChangesRequested",
	newsroom.StateApproved: "StateApproved", newsroom.StatePublished: "StatePublished",
}

var roleIDs = map[newsroom.Role]string{
	newsroom.RoleAdmin: "EdRoleAdmin", newsroom.RoleEditor: "EdRoleEditor",
	newsroom.RoleTranslator: "EdRoleTranslator", newsroom.RoleReviewer: "EdRoleReviewer",
}

var actionIDs = map[string]string{
	"create": "EdAuditCreate", "update": "EdAuditUpdate",
	string(newsroom.ActionSave): "Save", string(newsroom.ActionRestore): "Restore",
	string(newsroom.ActionSubmit): "SubmitForReview", string(newsroom.ActionApprove): "Approve",
	string(newsroom.ActionRequestChanges): "RequestChanges", string(newsroom.ActionPublish): "Publish",
	string(newsroom.ActionUnpublish): "Unpublish", string(newsroom.ActionMarkNotSubstantive): "MarkNotSubstantive",
}

var fieldIDs = map[newsroom.Field]string{"title": "FieldTitle", "lead": "FieldLead", "body": "FieldBody", "place": "FieldPlace"}
