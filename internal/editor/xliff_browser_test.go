package editor_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// TestBrowserXLIFFDownloadAndUpload downloads a translation as XLIFF from
// the version page, changes one target as a CAT tool would, uploads it, and
// then meets the stale-file choice and imports anyway.
func TestBrowserXLIFFDownloadAndUpload(t *testing.T) {
	a := startApp(t)
	editor := a.user("editor@x.test", "Elena Editor", []newsroom.Role{newsroom.RoleEditor}, nil)
	tr := a.user("tr@x.test", "Tilek Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ky"})
	ctx := context.Background()
	r, err := a.store.CreateRelease(ctx, editor, newsroom.NewRelease{
		SourceLang: "en", Date: time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC), Places: map[string]string{"en": "Bishkek"},
		Content: newsroom.Content{Title: "Solar pumps reach Naryn", Lead: "Twenty villages have water.",
			Body: "The office has invested **over $62 million** since 1995.\n\n\"Water is life,\" said the [mayor](https://example.org/mayor).\n\nAbout the office."},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.store.Save(ctx, tr, r.ID, "ky", newsroom.Change{Content: newsroom.Content{Title: kyTitle, Lead: kyLead,
		Body: "Кеңсе 1995-жылдан бери **62 миллион доллардан ашык** каражат салды.\n\n«Суу — бул жашоо», — деди [мэр](https://example.org/mayor).\n\nКеңсе жөнүндө."}}); err != nil {
		t.Fatal(err)
	}

	tb := a.session("translator")
	tb.login("tr@x.test")
	tb.open("/app/releases/" + r.ID + "/ky/edit")
	tb.do(chromedp.ScrollIntoView(chromedp.CSS("#xliff")))
	tb.screenshot("xliff-version")

	// Download through the link, into a folder of our own.
	dir := t.TempDir()
	progress := chromedp.Events(tb.ctx, browser.DownloadProgress)
	enabled := true
	tb.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &enabled,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
		})
		return err
	}), chromedp.Click(chromedp.CSS("#xliff-21"), chromedp.NodeVisible))
	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the download was cancelled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
	}
	b, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(b), `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1"`) {
		t.Fatalf("downloaded %s: %v %.200s", file, err, b)
	}

	// The CAT tool changes the last target; upload the file.
	edited := filepath.Join(dir, "ky.xlf")
	if err := os.WriteFile(edited, []byte(strings.Replace(string(b), "Кеңсе жөнүндө", "Кеңсе тууралуу", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	tb.do(chromedp.SetUploadFiles(chromedp.CSS("#xliff-file"), []string{edited}))
	tb.click("#xliff-import")
	if !strings.Contains(tb.text("body"), "Imported from XLIFF.") {
		tb.screenshot("xliff-import")
		t.Fatalf("no confirmation after the import: %s", tb.text("main"))
	}
	if got := a.text(r.ID, "ky"); !strings.HasSuffix(got.Body, "Кеңсе тууралуу.") || !strings.Contains(got.Body, "**62 миллион доллардан ашык**") {
		t.Fatalf("body after the import: %q", got.Body)
	}

	// The same file again is now stale: the page offers the choice and the diff.
	tb.open("/app/releases/" + r.ID + "/ky/edit")
	tb.do(chromedp.SetUploadFiles(chromedp.CSS("#xliff-file"), []string{edited}))
	tb.click("#xliff-import")
	if !tb.has("#xliff-stale") || !tb.has("#xliff-force") || !tb.has("#xliff-cancel") {
		tb.screenshot("xliff-stale")
		t.Fatalf("no stale-file choice: %s", tb.text("main"))
	}
	tb.click("#xliff-cancel")
	if v := a.version(r.ID, "ky"); v.Rev != 2 {
		t.Fatalf("cancel saved revision %d", v.Rev)
	}

	// Another stale file, with a change of its own: import it anyway.
	other := filepath.Join(dir, "ky-2.xlf")
	if err := os.WriteFile(other, []byte(strings.Replace(string(b), "Кеңсе жөнүндө", "Кеңсе жөнүндө маалымат", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	tb.do(chromedp.SetUploadFiles(chromedp.CSS("#xliff-file"), []string{other}))
	tb.click("#xliff-import")
	if !strings.Contains(tb.text(".diff"), "маалымат") {
		t.Fatalf("the stale page does not show what would change: %s", tb.text("main"))
	}
	tb.screenshot("xliff-stale")
	tb.click("#xliff-force")
	if !strings.Contains(tb.text("body"), "Imported from XLIFF.") {
		t.Fatalf("no confirmation after importing anyway: %s", tb.text("main"))
	}
	if v, got := a.version(r.ID, "ky"), a.text(r.ID, "ky"); v.Rev != 3 || !strings.HasSuffix(got.Body, "Кеңсе жөнүндө маалымат.") {
		t.Fatalf("after importing anyway: revision %d, body %q", v.Rev, got.Body)
	}
}
