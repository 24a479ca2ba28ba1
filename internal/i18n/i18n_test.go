package i18n

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/locales"
)

func mustCatalog(t *testing.T, langs ...string) *Catalog {
	t.Helper()
	c, err := New(locales.FS, langs)
	if err != nil {
		t.Fatalf("New(locales.FS, %q): %v", langs, err)
	}
	return c
}

func TestPlurals(t *testing.T) {
	c := mustCatalog(t, "en", "ru", "ky")
	tests := []struct {
		name  string
		lang  string
		count int
		want  string
	}{
		{"English says 1 release", "en", 1, "1 release"},
		{"English says 2 releases", "en", 2, "2 releases"},
		{"English says 0 releases", "en", 0, "0 releases"},
		{"Russian says 1 пресс-релиз", "ru", 1, "1 пресс-релиз"},
		{"Russian says 2 пресс-релиза", "ru", 2, "2 пресс-релиза"},
		{"Russian says 4 пресс-релиза", "ru", 4, "4 пресс-релиза"},
		{"Russian says 5 пресс-релизов", "ru", 5, "5 пресс-релизов"},
		{"Russian says 11 пресс-релизов, not пресс-релиз", "ru", 11, "11 пресс-релизов"},
		{"Russian says 12 пресс-релизов, not пресс-релиза", "ru", 12, "12 пресс-релизов"},
		{"Russian says 21 пресс-релиз", "ru", 21, "21 пресс-релиз"},
		{"Russian says 22 пресс-релиза", "ru", 22, "22 пресс-релиза"},
		{"Russian says 25 пресс-релизов", "ru", 25, "25 пресс-релизов"},
		{"Russian says 111 пресс-релизов", "ru", 111, "111 пресс-релизов"},
		{"Russian says 0 пресс-релизов", "ru", 0, "0 пресс-релизов"},
		{"Kyrgyz says 1 пресс-релиз", "ky", 1, "1 пресс-релиз"},
		{"Kyrgyz says 5 пресс-релиз, without a plural ending after a number", "ky", 5, "5 пресс-релиз"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Localizer(tt.lang).N("ReleasesCount", tt.count); got != tt.want {
				t.Errorf("N(ReleasesCount, %d) in %s = %q, want %q", tt.count, tt.lang, got, tt.want)
			}
		})
	}
}

func TestLocalizer(t *testing.T) {
	c := mustCatalog(t, "en", "ru", "ky")
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"a simple message is translated", c.Localizer("ky").T("SearchButton"), "Издөө"},
		{"template data fills placeholders", c.Localizer("en").T("ReadIn", map[string]any{"Language": "Кыргызча"}), "Read in Кыргызча"},
		{"several data maps are merged", c.Localizer("en").T("PaginationPageOf", map[string]any{"Page": 2}, map[string]any{"Pages": 7}), "Page 2 of 7"},
		{"a plural message gets the count and other data", c.Localizer("ru").N("SearchResultsCount", 3, map[string]any{"Query": "вода"}), "3 результата по запросу «вода»"},
		{"the explicit count wins over a Count in the data", c.Localizer("en").N("ReleasesCount", 1, map[string]any{"Count": 9}), "1 release"},
		{"a plural message read with T uses the other form", c.Localizer("en").T("ReleasesCount", map[string]any{"Count": 3}), "3 releases"},
		{"an unknown ID is returned as is", c.Localizer("ru").T("NoSuchMessage"), "NoSuchMessage"},
		{"an unknown plural ID is returned as is", c.Localizer("ru").N("NoSuchMessage", 3), "NoSuchMessage"},
		{"an unconfigured language gets the default", c.Localizer("de").T("SearchButton"), "Search"},
		{"an empty language gets the default", c.Localizer("").T("SearchButton"), "Search"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestLocalizerLang(t *testing.T) {
	c := mustCatalog(t, "en", "ru", "ky", "uz")
	tests := []struct {
		name string
		lang string
		want string
	}{
		{"a translated language keeps its code", "ky", "ky"},
		{"a configured language without a file keeps its code", "uz", "uz"},
		{"an unconfigured language reports the default", "de", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Localizer(tt.lang).Lang(); got != tt.want {
				t.Errorf("Localizer(%q).Lang() = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
}

func TestFallbacks(t *testing.T) {
	fsys := fstest.MapFS{
		"active.en.toml": {Data: []byte(`
[Hello]
description = "Greeting."
other = "Hello"

[OnlyEnglish]
description = "Not translated yet."
other = "Only in English"

[Apples]
description = "Apples."
one = "{{.Count}} apple"
other = "{{.Count}} apples"
`)},
		"active.ru.toml": {Data: []byte(`
[Hello]
other = "Привет"

[Apples]
one = "{{.Count}} яблоко"
other = "{{.Count}} яблока"
`)},
	}
	c, err := New(fsys, []string{"en", "ru", "uz"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"a translated message is served in its language", c.Localizer("ru").T("Hello"), "Привет"},
		{"a message missing from a language comes from the default", c.Localizer("ru").T("OnlyEnglish"), "Only in English"},
		{"a language without a file is served in the default, not a related language", c.Localizer("uz").T("Hello"), "Hello"},
		{"a missing plural form falls back to the other form", c.Localizer("ru").N("Apples", 5), "5 яблока"},
		{"a present plural form is used", c.Localizer("ru").N("Apples", 21), "21 яблоко"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	good := fstest.MapFS{"active.en.toml": {Data: []byte(`Hello = "Hello"`)}}
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		langs   []string
		wantErr bool
	}{
		{"the shipped files load", nil, []string{"en", "ru", "ky"}, false},
		{"a fourth language without a file loads", nil, []string{"en", "ru", "ky", "uz"}, false},
		{"Russian can be the default", nil, []string{"ru", "en"}, false},
		{"a default language without a file is an error", good, []string{"ru", "en"}, true},
		{"no languages is an error", good, nil, true},
		{"an invalid language is an error", good, []string{"en", "not a tag"}, true},
		{"a duplicate language is an error", good, []string{"en", "en"}, true},
		{"a malformed file is an error", fstest.MapFS{
			"active.en.toml": {Data: []byte(`Hello = "Hello"`)},
			"active.ru.toml": {Data: []byte(`Hello = "Привет`)},
		}, []string{"en", "ru"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.fsys == nil {
				_, err = New(locales.FS, tt.langs)
			} else {
				_, err = New(tt.fsys, tt.langs)
			}
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Errorf("New(%q) error = %v, want error: %v", tt.langs, err, tt.wantErr)
			}
		})
	}
}

func BenchmarkLocalizer(b *testing.B) {
	c, err := New(locales.FS, []string{"en", "ru", "ky"})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("T", func(b *testing.B) {
		for b.Loop() {
			c.Localizer("ru").T("SearchButton")
		}
	})
	b.Run("N", func(b *testing.B) {
		for b.Loop() {
			c.Localizer("ru").N("ReleasesCount", 25)
		}
	})
}

func TestDomainErrorsAreShownInThePersonsLanguage(t *testing.T) {
	c := mustCatalog(t, "en", "ru", "ky")
	notNow := newsroom.E(newsroom.EConflict, "ErrActionNotInState", "Action", newsroom.ActionPublish, "State", newsroom.StateDraft)
	tooLong := newsroom.E(newsroom.EInvalid, "ErrTooLong", "Field", newsroom.Field("title"), "Max", 500)
	tests := []struct {
		name, lang string
		err        error
		want       string
	}{
		{"a state and an action inside a Kyrgyz message are Kyrgyz", "ky", notNow, "«Жарыялоо» аракети азыр мүмкүн эмес: версиянын абалы — «Каралама»."},
		{"a state and an action inside a Russian message are Russian", "ru", notNow, "Действие «Опубликовать» сейчас невозможно: версия в состоянии «Черновик»."},
		{"English gets English", "en", notNow, "“Publish” is not possible now: the version is Draft."},
		{"a field name is localized", "ru", tooLong, "Поле «заголовок» длиннее 500 символов."},
		{"an error without a catalogue entry keeps its sentence", "ky", newsroom.Errorf(newsroom.EInvalid, "Legacy."), "Legacy."},
		{"an internal error is generic and never shows its detail", "ru", errors.New("dial tcp 10.0.0.5: refused"), c.Localizer("ru").T("EdInternalError")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Localizer(tt.lang).Error(tt.err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
