package newsroom_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestNewReleaseValidate(t *testing.T) {
	langs := newsroom.MustLanguages("en,ru,ky,uz")
	bishkek := time.FixedZone("Asia/Bishkek", 6*3600)
	valid := func() newsroom.NewRelease {
		return newsroom.NewRelease{
			Date:    time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC),
			Places:  map[string]string{"en": "Bishkek", "ru": "Бишкек", "ky": "Бишкек"},
			Content: newsroom.Content{Title: "UN Launches $62 Million Programme in Kyrgyzstan", Lead: "Lead.", Body: "Body."},
		}
	}
	tests := []struct {
		name     string
		edit     func(n *newsroom.NewRelease)
		wantMsg  string // a substring of the invalid error's message; "" for valid
		wantSlug string
		wantSrc  string
		wantDate time.Time
	}{
		{name: "a slug is made from the title when none is given", edit: func(n *newsroom.NewRelease) {},
			wantSlug: "un-launches-62-million-programme-in-kyrgyzstan", wantSrc: "en"},
		{name: "a Kyrgyz title makes a transliterated slug", edit: func(n *newsroom.NewRelease) {
			n.SourceLang, n.Content.Title = "ky", "Кыргызстан жаңы БУУ 20 жылдык өнөктөштүк"
		}, wantSlug: "kyrgyzstan-zhangy-buu-20-zhyldyk-onoktoshtuk", wantSrc: "ky"},
		{name: "a title without letters makes the slug release", edit: func(n *newsroom.NewRelease) { n.Content.Title = "!!! …" },
			wantSlug: "release", wantSrc: "en"},
		{name: "a given slug is trimmed and kept", edit: func(n *newsroom.NewRelease) { n.Slug = "  un-20-years " },
			wantSlug: "un-20-years", wantSrc: "en"},
		{name: "a slug with upper case and spaces is invalid", edit: func(n *newsroom.NewRelease) { n.Slug = "UN 20 Years" }, wantMsg: "ErrSlugInvalid"},
		{name: "a slug with a double hyphen is invalid", edit: func(n *newsroom.NewRelease) { n.Slug = "un--20" }, wantMsg: "ErrSlugInvalid"},
		{name: "a slug with Cyrillic letters is invalid", edit: func(n *newsroom.NewRelease) { n.Slug = "бишкек" }, wantMsg: "ErrSlugInvalid"},
		{name: "the source language defaults to the first configured one", edit: func(n *newsroom.NewRelease) { n.SourceLang = "" },
			wantSlug: "un-launches-62-million-programme-in-kyrgyzstan", wantSrc: "en"},
		{name: "a fourth configured language may be the source", edit: func(n *newsroom.NewRelease) { n.SourceLang = "uz" },
			wantSlug: "un-launches-62-million-programme-in-kyrgyzstan", wantSrc: "uz"},
		{name: "an unknown source language is invalid", edit: func(n *newsroom.NewRelease) { n.SourceLang = "fr" }, wantMsg: "ErrUnknownLanguage map[Lang:fr"},
		{name: "a source language in upper case is invalid", edit: func(n *newsroom.NewRelease) { n.SourceLang = "EN" }, wantMsg: "ErrUnknownLanguage map[Lang:EN"},
		{name: "a missing date is invalid", edit: func(n *newsroom.NewRelease) { n.Date = time.Time{} }, wantMsg: "ErrDateRequired"},
		{name: "a date with a time and a zone becomes that calendar day at UTC midnight", edit: func(n *newsroom.NewRelease) {
			n.Date = time.Date(2016, 10, 14, 23, 30, 0, 0, bishkek)
		}, wantSlug: "un-launches-62-million-programme-in-kyrgyzstan", wantSrc: "en", wantDate: time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC)},
		{name: "a missing title is invalid", edit: func(n *newsroom.NewRelease) { n.Content.Title = "" }, wantMsg: "ErrTitleRequired"},
		{name: "a blank title is invalid", edit: func(n *newsroom.NewRelease) { n.Content.Title = " \r\n " }, wantMsg: "ErrTitleRequired"},
		{name: "a title of the maximum length in Cyrillic is accepted", edit: func(n *newsroom.NewRelease) {
			n.Content.Title = strings.Repeat("ы", newsroom.MaxTitle)
		}, wantSlug: strings.Repeat("y", 80), wantSrc: "en"},
		{name: "a title one character too long is invalid", edit: func(n *newsroom.NewRelease) {
			n.Content.Title = strings.Repeat("ы", newsroom.MaxTitle+1)
		}, wantMsg: "ErrTooLong map[Field:title Max:500]"},
		{name: "a lead that is too long is invalid", edit: func(n *newsroom.NewRelease) {
			n.Content.Lead = strings.Repeat("a", newsroom.MaxLead+1)
		}, wantMsg: "ErrTooLong map[Field:lead"},
		{name: "a body that is too long is invalid", edit: func(n *newsroom.NewRelease) {
			n.Content.Body = strings.Repeat("a", newsroom.MaxBody+1)
		}, wantMsg: "ErrTooLong map[Field:body"},
		{name: "a title that is not UTF-8 is invalid", edit: func(n *newsroom.NewRelease) { n.Content.Title = "Bishkek \xff\xfe" }, wantMsg: "ErrNotUTF8"},
		{name: "a body that is not UTF-8 is invalid", edit: func(n *newsroom.NewRelease) { n.Content.Body = "ok \xc3" }, wantMsg: "ErrNotUTF8"},
		{name: "a NUL in the title is invalid", edit: func(n *newsroom.NewRelease) { n.Content.Title = "UN\x00" }, wantMsg: "ErrNUL"},
		{name: "a NUL in the body is invalid", edit: func(n *newsroom.NewRelease) { n.Content.Body = "a\x00b" }, wantMsg: "ErrNUL"},
		{name: "a place in an unknown language is invalid", edit: func(n *newsroom.NewRelease) { n.Places["fr"] = "Bichkek" }, wantMsg: "ErrUnknownLanguage map[Lang:fr"},
		{name: "a place name that is too long is invalid", edit: func(n *newsroom.NewRelease) {
			n.Places["ru"] = strings.Repeat("я", newsroom.MaxPlace+1)
		}, wantMsg: "ErrPlaceInvalid map[Lang:ru"},
		{name: "a place name that is not UTF-8 is invalid", edit: func(n *newsroom.NewRelease) { n.Places["ru"] = "\xff" }, wantMsg: "ErrPlaceInvalid map[Lang:ru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := valid()
			tt.edit(&n)
			err := n.Validate(langs)
			if tt.wantMsg != "" {
				if newsroom.ErrorCode(err) != newsroom.EInvalid || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("Validate error = %v, want invalid mentioning %q", err, tt.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if n.Slug != tt.wantSlug {
				t.Errorf("slug = %q, want %q", n.Slug, tt.wantSlug)
			}
			if n.SourceLang != tt.wantSrc {
				t.Errorf("source language = %q, want %q", n.SourceLang, tt.wantSrc)
			}
			wantDate := tt.wantDate
			if wantDate.IsZero() {
				wantDate = time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC)
			}
			if !n.Date.Equal(wantDate) || n.Date.Location() != time.UTC {
				t.Errorf("date = %v, want %v", n.Date, wantDate)
			}
		})
	}

	t.Run("validation normalises the content and trims place names", func(t *testing.T) {
		n := valid()
		n.Content = newsroom.Content{Title: "  Title\r\n", Lead: "Lead\r\n", Body: "a\r\nb\r\n\r\n"}
		n.Places["en"] = "  Bishkek "
		if err := n.Validate(langs); err != nil {
			t.Fatal(err)
		}
		want := newsroom.Content{Title: "Title", Lead: "Lead", Body: "a\nb"}
		if n.Content != want || n.Places["en"] != "Bishkek" {
			t.Errorf("content = %+v, place = %q", n.Content, n.Places["en"])
		}
	})
}

func TestContentNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   newsroom.Content
		want newsroom.Content
	}{
		{"Windows line endings become newlines",
			newsroom.Content{Title: "T", Lead: "one\r\ntwo", Body: "para 1\r\n\r\npara 2"},
			newsroom.Content{Title: "T", Lead: "one\ntwo", Body: "para 1\n\npara 2"}},
		{"old Mac line endings become newlines",
			newsroom.Content{Title: "T", Body: "a\rb"},
			newsroom.Content{Title: "T", Body: "a\nb"}},
		{"the title and lead are trimmed on both sides",
			newsroom.Content{Title: " \tBishkek\r\n", Lead: "\n Lead \n"},
			newsroom.Content{Title: "Bishkek", Lead: "Lead"}},
		{"the body keeps its leading indentation, which is Markdown, and loses trailing space",
			newsroom.Content{Title: "T", Body: "    code block\r\n\r\n  \t\r\n"},
			newsroom.Content{Title: "T", Body: "    code block"}},
		{"normalised content is unchanged",
			newsroom.Content{Title: "T", Lead: "L", Body: "a\n\nb"},
			newsroom.Content{Title: "T", Lead: "L", Body: "a\n\nb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Normalize(); got != tt.want {
				t.Errorf("Normalize() = %q, want %q", got, tt.want)
			}
			if got := tt.in.Normalize().Normalize(); got != tt.want {
				t.Errorf("Normalize is not idempotent: %q", got)
			}
		})
	}
}

func TestReleasePlaceAndEmbargo(t *testing.T) {
	embargo := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	r := &newsroom.Release{SourceLang: "en", Places: map[string]string{"en": "Bishkek", "ru": "Бишкек"}, EmbargoUntil: embargo}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"the place is given in the language asked for", r.Place("ru"), "Бишкек"},
		{"a language without a place falls back to the source language", r.Place("ky"), "Bishkek"},
		{"a release is embargoed before the embargo time", r.Embargoed(embargo.Add(-time.Second)), true},
		{"a release is visible at the embargo time", r.Embargoed(embargo), false},
		{"a release is visible after the embargo time", r.Embargoed(embargo.Add(time.Second)), false},
		{"a release without an embargo is never embargoed", (&newsroom.Release{}).Embargoed(embargo), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}
