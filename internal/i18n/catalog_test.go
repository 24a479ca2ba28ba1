package i18n

import (
	"crypto/sha1"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/kotormo/kotormo/internal/locale"
	"github.com/kotormo/kotormo/locales"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// The tests below read the message files directly, not through go-i18n,
// which silently falls back to English for a missing message or plural form.

// message is one entry of a message file.
type message struct {
	description, hash string
	forms             map[string]string // plural form ("one", "other", …) to text
}

var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// readMessages parses one message file into its messages by ID.
func readMessages(t *testing.T, fsys fs.FS, name string) map[string]message {
	t.Helper()
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	var entries map[string]any
	if err := toml.Unmarshal(raw, &entries); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	msgs := make(map[string]message, len(entries))
	for id, v := range entries {
		switch v := v.(type) {
		case string:
			msgs[id] = message{forms: map[string]string{"other": v}}
		case map[string]any:
			m := message{forms: map[string]string{}}
			for key, val := range v {
				s, ok := val.(string)
				if !ok {
					t.Errorf("%s: %s.%s is not a string", name, id, key)
					continue
				}
				switch {
				case key == "description":
					m.description = s
				case key == "hash":
					m.hash = s
				case slices.Contains(pluralForms, key):
					m.forms[key] = s
				default:
					t.Errorf("%s: %s has an unexpected key %q", name, id, key)
				}
			}
			msgs[id] = m
		default:
			t.Errorf("%s: %s is neither a string nor a table", name, id)
		}
	}
	return msgs
}

// translationFiles returns the language codes of every active.*.toml file
// except English.
func translationFiles(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(locales.FS, "active.*.toml")
	if err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, name := range names {
		lang := strings.TrimSuffix(strings.TrimPrefix(name, "active."), ".toml")
		if lang != "en" {
			langs = append(langs, lang)
		}
	}
	if len(langs) == 0 {
		t.Fatal("no translations found in locales")
	}
	return langs
}

// requiredForms are the plural forms a language needs, by its CLDR rules.
var requiredForms = map[string][]string{
	"en": {"one", "other"},
	"ru": {"one", "few", "many", "other"},
	"ky": {"one", "other"},
}

// cldrForms lists the plural forms CLDR's cardinal rules give lang for
// whole numbers up to 1,000 and for numbers with one or two decimals.
func cldrForms(lang string) []string {
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	tag := language.Make(lang)
	seen := map[string]bool{}
	for i := range 1001 {
		seen[names[plural.Cardinal.MatchPlural(tag, i, 0, 0, 0, 0)]] = true
		for f := 1; f < 100; f++ {
			if f < 10 {
				seen[names[plural.Cardinal.MatchPlural(tag, i, 1, 1, f, f)]] = true
			}
			seen[names[plural.Cardinal.MatchPlural(tag, i, 2, 2, f, f)]] = true
		}
	}
	var forms []string
	for _, f := range pluralForms {
		if seen[f] {
			forms = append(forms, f)
		}
	}
	return forms
}

func formsFor(lang string) []string {
	if forms, ok := requiredForms[lang]; ok {
		return forms
	}
	return cldrForms(lang)
}

func TestRequiredFormsAgreeWithCLDR(t *testing.T) {
	for lang, want := range requiredForms {
		t.Run(lang+" needs the plural forms CLDR gives it", func(t *testing.T) {
			if got := cldrForms(lang); !slices.Equal(got, want) {
				t.Errorf("CLDR forms for %s = %q, the test expects %q", lang, got, want)
			}
		})
	}
}

func isPlural(m message) bool { return len(m.forms) > 1 }

func TestSourceMessagesAreWellFormed(t *testing.T) {
	en := readMessages(t, locales.FS, FileName("en"))
	if len(en) == 0 {
		t.Fatal("active.en.toml has no messages")
	}
	for _, id := range slices.Sorted(maps.Keys(en)) {
		m := en[id]
		t.Run(id+" has a description and an other form", func(t *testing.T) {
			if m.description == "" {
				t.Error("no description: translators need to know where the string appears")
			}
			if m.forms["other"] == "" {
				t.Error(`no "other" form`)
			}
			if isPlural(m) && !slices.Equal(slices.Sorted(maps.Keys(m.forms)), []string{"one", "other"}) {
				t.Errorf("English plural forms are %q, want one and other", slices.Sorted(maps.Keys(m.forms)))
			}
		})
	}
}

func TestEveryMessageIsTranslated(t *testing.T) {
	en := readMessages(t, locales.FS, FileName("en"))
	for _, lang := range translationFiles(t) {
		msgs := readMessages(t, locales.FS, FileName(lang))
		for _, id := range slices.Sorted(maps.Keys(en)) {
			src := en[id]
			want := []string{"other"}
			if isPlural(src) {
				want = formsFor(lang)
			}
			t.Run(fmt.Sprintf("%s has %s in every form %s needs", lang, id, lang), func(t *testing.T) {
				m, ok := msgs[id]
				if !ok {
					t.Fatalf("%s is missing from %s", id, FileName(lang))
				}
				for _, form := range want {
					if strings.TrimSpace(m.forms[form]) == "" {
						t.Errorf("%s: the %q form is missing or empty", id, form)
					}
				}
				for form := range m.forms {
					if !slices.Contains(want, form) {
						t.Errorf("%s: %s has no %q form", id, lang, form)
					}
				}
			})
			t.Run(fmt.Sprintf("%s translated %s from the current English", lang, id), func(t *testing.T) {
				m := msgs[id]
				if m.hash == "" {
					return // hand-written before the first goi18n merge
				}
				// goi18n merge hashes the description and the "other" form.
				want := fmt.Sprintf("sha1-%x", sha1.Sum([]byte(src.description+src.forms["other"])))
				if m.hash != want {
					t.Errorf("%s: the English text changed since it was translated; run goi18n merge (see locales/README.md)", id)
				}
			})
		}
		t.Run(lang+" has no messages that English lacks", func(t *testing.T) {
			for id := range msgs {
				if _, ok := en[id]; !ok {
					t.Errorf("%s is in %s but not in active.en.toml", id, FileName(lang))
				}
			}
		})
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// placeholders returns the sorted, distinct {{.Name}} placeholders of s.
func placeholders(s string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	slices.Sort(names)
	return names
}

func TestTranslationsKeepPlaceholders(t *testing.T) {
	en := readMessages(t, locales.FS, FileName("en"))
	langs := append([]string{"en"}, translationFiles(t)...)
	for _, lang := range langs {
		msgs := readMessages(t, locales.FS, FileName(lang))
		for _, id := range slices.Sorted(maps.Keys(msgs)) {
			src, ok := en[id]
			if !ok {
				continue // reported by TestEveryMessageIsTranslated
			}
			want := placeholders(src.forms["other"])
			for form, text := range msgs[id].forms {
				t.Run(fmt.Sprintf("%s %s in the %s form is a valid template with the English placeholders", lang, id, form), func(t *testing.T) {
					if _, err := template.New(id).Parse(text); err != nil {
						t.Fatalf("%q: %v", text, err)
					}
					if got := placeholders(text); !slices.Equal(got, want) {
						t.Errorf("%q uses %q, English uses %q", text, got, want)
					}
				})
			}
		}
	}
}

func TestTranslationsHaveNoLatinLookalikes(t *testing.T) {
	for _, lang := range translationFiles(t) {
		msgs := readMessages(t, locales.FS, FileName(lang))
		for _, id := range slices.Sorted(maps.Keys(msgs)) {
			for form, text := range msgs[id].forms {
				if words := locale.LatinLookalikes(text); len(words) > 0 {
					t.Errorf("%s %s (%s) mixes Latin letters into Cyrillic words: %q", lang, id, form, words)
				}
			}
		}
	}
}
