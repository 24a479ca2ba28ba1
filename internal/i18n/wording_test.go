package i18n

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/locales"
)

// The tests below hold the wording decided in the review of the Russian and
// Kyrgyz interface: corrected strings, one term per concept, past forms in
// the activity log, and no message that nothing shows.

func TestReviewedStringsReadAsCorrected(t *testing.T) {
	tests := []struct{ lang, id, form, want string }{
		{"ru", "Outdated", "other", "Устарело"},
		{"ru", "EdConfirmStillMatches", "other", "Подтвердить, что перевод по-прежнему соответствует оригиналу"},
		{"ru", "WrongEmailOrPassword", "other", "Неверный адрес электронной почты или пароль."},
		{"ru", "EdTokenName", "other", "Название"},
		{"ru", "EdOnSite", "other", "Открыть на сайте"},
		{"ru", "EdToReview", "other", "Ждут проверки"},
		{"ru", "EdNoDecisionForYou", "other", "Решение принимает проверяющий по этому языку."},
		{"ru", "ReleasesCount", "one", "{{.Count}} пресс-релиз"},
		{"ru", "ReleasesCount", "few", "{{.Count}} пресс-релиза"},
		{"ru", "ReleasesCount", "many", "{{.Count}} пресс-релизов"},
		{"ru", "EdCompareFromRev", "other", "Старая редакция: {{.Rev}}"},
		{"ky", "StateApproved", "other", "Бекитилген"},
		{"ky", "StatePublished", "other", "Жарыяланган"},
		{"ky", "EdSourceShort", "other", "түп нуска"},
		{"ky", "EdErrorTitle", "other", "Ката кетти"},
		{"ky", "ReleaseNotAvailable", "other", "Бул пресс-релиз азырынча ушул тилде жарыялана элек ({{.Language}})."},
		{"ky", "ReadIn", "other", "Окуу: {{.Language}}"},
		{"ky", "PaginationPageOf", "other", "{{.Pages}} беттин {{.Page}}-бети"},
		{"ky", "Unpublish", "other", "Сайттан алуу"},
		{"ky", "EdToReview", "other", "Текшерүүнү күткөндөр"},
		{"ky", "Place", "other", "Жери"},
		{"ky", "EdCompareFrom", "other", "Эскиси"},
		{"ky", "EdCompareTo", "other", "Жаңысы"},
	}
	files := map[string]map[string]message{}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.id+" "+tt.form+" reads "+tt.want, func(t *testing.T) {
			if files[tt.lang] == nil {
				files[tt.lang] = readMessages(t, locales.FS, FileName(tt.lang))
			}
			if got := files[tt.lang][tt.id].forms[tt.form]; got != tt.want {
				t.Errorf("%s %s (%s) = %q, want %q", tt.lang, tt.id, tt.form, got, tt.want)
			}
		})
	}
}

// usedIDs returns every quoted string in the Go files and templates of the
// repository outside tests: message IDs are only ever written as literals.
func usedIDs(t *testing.T) map[string]bool {
	t.Helper()
	quoted := regexp.MustCompile(`"([A-Za-z][A-Za-z0-9]*)"`)
	used := map[string]bool{}
	for _, dir := range []string{"../../internal", "../../web", "../../cmd"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html")) {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range quoted.FindAllSubmatch(b, -1) {
				used[string(m[1])] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return used
}

func TestEveryMessageIsUsedSomewhere(t *testing.T) {
	used := usedIDs(t)
	en := readMessages(t, locales.FS, FileName("en"))
	for _, id := range slices.Sorted(maps.Keys(en)) {
		if !used[id] {
			t.Errorf("%s is in active.en.toml but no code or template uses it: remove it", id)
		}
	}
}

// allTexts calls f with every form of every message of lang.
func allTexts(t *testing.T, lang string, f func(id, text string)) {
	msgs := readMessages(t, locales.FS, FileName(lang))
	for _, id := range slices.Sorted(maps.Keys(msgs)) {
		for _, form := range slices.Sorted(maps.Keys(msgs[id].forms)) {
			f(id, msgs[id].forms[form])
		}
	}
}

func TestPressReleaseIsOneTermPerLanguage(t *testing.T) {
	bare := regexp.MustCompile(`(?i)(^|[^-а-яё])релиз`)
	for _, lang := range []string{"ru", "ky"} {
		allTexts(t, lang, func(id, text string) {
			if bare.MatchString(text) {
				t.Errorf("%s %s says «релиз» where the term is «пресс-релиз»: %q", lang, id, text)
			}
		})
	}
}

func TestRevisionIsNotCalledVersion(t *testing.T) {
	en := readMessages(t, locales.FS, FileName("en"))
	for _, lang := range []string{"ru", "ky"} {
		msgs := readMessages(t, locales.FS, FileName(lang))
		for _, id := range slices.Sorted(maps.Keys(en)) {
			if !strings.Contains(strings.ToLower(en[id].forms["other"]), "revision") {
				continue
			}
			for _, text := range msgs[id].forms {
				if strings.Contains(strings.ToLower(text), "верси") {
					t.Errorf("%s %s calls a revision «версия», the term for a language version: %q", lang, id, text)
				}
			}
		}
	}
}

func TestRussianActivityLogSaysWhatHappened(t *testing.T) {
	msgs := readMessages(t, locales.FS, FileName("ru"))
	for _, id := range slices.Sorted(maps.Keys(msgs)) {
		if !strings.HasPrefix(id, "EdAudit") || id == "EdAuditLog" {
			continue
		}
		text := msgs[id].forms["other"]
		first := strings.Fields(text)[0]
		if strings.HasSuffix(first, "ть") {
			t.Errorf("ru %s = %q: the activity log tells what happened, in a past form", id, text)
		}
	}
}

func TestKyrgyzUsesOneWordForDate(t *testing.T) {
	allTexts(t, "ky", func(id, text string) {
		if strings.Contains(strings.ToLower(text), "дата") {
			t.Errorf("ky %s says «дата»; the word for date is «күн»: %q", id, text)
		}
	})
}

func TestCountsAreWrittenWithTheLanguagesDigitGrouping(t *testing.T) {
	c := mustCatalog(t, "en", "ru", "ky")
	for _, tt := range []struct{ lang, want string }{
		{"en", "1,234 releases"},
		{"ru", "1\u00a0234 пресс-релиза"},
		{"ky", "1\u00a0234 пресс-релиз"},
		{"ru", "12\u00a0345 пресс-релизов"},
	} {
		n := 1234
		if strings.HasPrefix(tt.want, "12") {
			n = 12345
		}
		if got := c.Localizer(tt.lang).N("ReleasesCount", n); got != tt.want {
			t.Errorf("%s N(ReleasesCount, %d) = %q, want %q", tt.lang, n, got, tt.want)
		}
	}
}
