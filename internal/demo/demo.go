// Package demo loads an original sample release and one user per role into an
// empty database, so that a new installation has something to look at.
package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// ErrNotEmpty is returned when the database already holds releases or users.
var ErrNotEmpty = errors.New("demo: the database is not empty")

// Login is a demo user's credentials, printed at start-up.
type Login struct {
	Role     string
	Email    string
	Password string
}

// Store is what the demo needs from the store.
type Store interface {
	newsroom.Releases
	newsroom.Users
	Langs() newsroom.Languages
}

// Load creates the demo users and the sample release: the English source
// published, Russian approved and published, Kyrgyz in review. Languages
// configured beyond those three stay untranslated.
func Load(ctx context.Context, s Store) ([]Login, error) {
	page, err := s.ListReleases(ctx, newsroom.ReleaseFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	users, err := s.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	if page.Total > 0 || len(users) > 0 {
		return nil, ErrNotEmpty
	}
	langs := s.Langs()
	var workLangs []string
	for _, l := range langs.Codes() {
		if l != "en" {
			workLangs = append(workLangs, l)
		}
	}
	reviewLangs := langs.Codes()
	logins := []Login{
		{"admin", "admin@kotormo.local", "demo-admin-password"},
		{"editor", "editor@kotormo.local", "demo-editor-password"},
		{"translator", "translator@kotormo.local", "demo-translator-password"},
		{"reviewer", "reviewer@kotormo.local", "demo-reviewer-password"},
	}
	specs := []struct {
		name  string
		roles []newsroom.Role
		langs []string
	}{
		{"Aida Admin", []newsroom.Role{newsroom.RoleAdmin}, nil},
		{"Elena Editor", []newsroom.Role{newsroom.RoleEditor}, nil},
		{"Tilek Translator", []newsroom.Role{newsroom.RoleTranslator}, workLangs},
		{"Roza Reviewer", []newsroom.Role{newsroom.RoleReviewer}, reviewLangs},
	}
	made := map[string]*newsroom.User{}
	for i, sp := range specs {
		u, err := s.CreateUser(ctx, newsroom.NewUser{Email: logins[i].Email, Name: sp.name, Password: logins[i].Password, Roles: sp.roles, Langs: sp.langs})
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", logins[i].Email, err)
		}
		made[logins[i].Role] = u
	}
	editor, translator, reviewer := made["editor"], made["translator"], made["reviewer"]

	source := "en"
	if !langs.Has(source) {
		source = langs.Default()
	}
	text := func(lang string) newsroom.Content {
		if c, ok := texts[lang]; ok {
			return c
		}
		return texts["en"]
	}
	r, err := s.CreateRelease(ctx, editor, newsroom.NewRelease{
		Slug: "solar-water-naryn", SourceLang: source,
		Date:    time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC),
		Places:  filterPlaces(map[string]string{"en": "Naryn", "ru": "Нарын", "ky": "Нарын"}, langs),
		Content: text(source),
	})
	if err != nil {
		return nil, fmt.Errorf("demo release: %w", err)
	}
	act := func(u *newsroom.User, lang string, a newsroom.Action) error {
		_, err := s.Transition(ctx, u, r.ID, lang, newsroom.Change{Action: a})
		return err
	}
	steps := []func() error{
		func() error { return act(editor, source, newsroom.ActionSubmit) },
		func() error { return act(reviewer, source, newsroom.ActionApprove) },
		func() error { return act(editor, source, newsroom.ActionPublish) },
	}
	if langs.Has("ru") && source != "ru" {
		steps = append(steps,
			func() error {
				_, err := s.Save(ctx, translator, r.ID, "ru", newsroom.Change{Content: text("ru")})
				return err
			},
			func() error { return act(translator, "ru", newsroom.ActionSubmit) },
			func() error { return act(reviewer, "ru", newsroom.ActionApprove) },
			func() error { return act(editor, "ru", newsroom.ActionPublish) },
		)
	}
	if langs.Has("ky") && source != "ky" {
		steps = append(steps,
			func() error {
				_, err := s.Save(ctx, translator, r.ID, "ky", newsroom.Change{Content: text("ky")})
				return err
			},
			func() error { return act(translator, "ky", newsroom.ActionSubmit) },
		)
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("demo workflow: %w", err)
		}
	}
	if err := loadMore(ctx, s, editor, translator, reviewer); err != nil {
		return nil, err
	}
	return logins, nil
}

func filterPlaces(m map[string]string, langs newsroom.Languages) map[string]string {
	out := map[string]string{}
	for l, p := range m {
		if slices.Contains(langs.Codes(), l) {
			out[l] = p
		}
	}
	return out
}
