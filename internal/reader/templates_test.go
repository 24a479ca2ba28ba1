package reader_test

import (
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader"
	"github.com/kotormo/kotormo/internal/reader/readertest"
	"github.com/kotormo/kotormo/locales"
	"github.com/kotormo/kotormo/web"
)

var pageTemplates = []string{"layout", "list", "release", "unavailable", "notfound", "search"}

func TestEveryPageTemplateIsRequired(t *testing.T) {
	for _, name := range pageTemplates {
		t.Run("without "+name+".html the site does not start", func(t *testing.T) {
			fsys := fstest.MapFS{}
			err := fs.WalkDir(web.FS, ".", func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || path == "templates/reader/"+name+".html" {
					return err
				}
				b, err := fs.ReadFile(web.FS, path)
				fsys[path] = &fstest.MapFile{Data: b}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			langs := newsroom.MustLanguages("en,ru,ky")
			cat, err := i18n.New(locales.FS, langs.Codes())
			if err != nil {
				t.Fatal(err)
			}
			_, err = reader.New(reader.Config{Langs: langs, Source: readertest.NewSource(), Catalog: cat, BaseURL: "http://x", Templates: fsys})
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("New without %s.html: err = %v", name, err)
			}
		})
	}
	for _, name := range pageTemplates {
		if _, err := fs.Stat(web.FS, "templates/reader/"+name+".html"); err != nil {
			t.Errorf("web.FS lacks %s.html: %v", name, err)
		}
	}
	if _, err := fs.Stat(web.FS, "static/reader.css"); err != nil {
		t.Errorf("web.FS lacks reader.css: %v", err)
	}
}

func TestOtherConfiguredLanguagesWork(t *testing.T) {
	// Nothing assumes exactly en, ru and ky: here Kyrgyz is the default and
	// Kazakh (which has no interface strings yet) is configured too.
	src := readertest.NewSource(readertest.Generate(3, []string{"ky", "kk"})...)
	f := newFixture(t, src, withLangs("ky,kk,en"))
	f.get("/").wantStatus(t, http.StatusSeeOther)
	if loc := f.get("/").Header.Get("Location"); loc != "/ky/" {
		t.Errorf("default language redirect to %q", loc)
	}
	if loc := f.get("/", "Accept-Language: kk-KZ").Header.Get("Location"); loc != "/kk/" {
		t.Errorf("kk-KZ redirects to %q", loc)
	}
	f.get("/kk/").wantStatus(t, http.StatusOK).wantContains(t, `<html lang="kk"`, "Қазақша")
	f.get("/en/releases/release-0-water").wantStatus(t, http.StatusNotFound).wantContains(t, `<html lang="en"`)
	f.get("/ky/releases/release-0-water").wantStatus(t, http.StatusOK).
		wantContains(t, `hreflang="x-default" href="http://news.example.org/ky/releases/release-0-water"`)
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
