package reader_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
	"github.com/kotormo/kotormo/web"
)

// kyParagraph mixes the Kyrgyz letters ң ө ү (in Cyrillic Extended) with
// the Russian alphabet, digits and Latin letters.
const kyParagraph = "Кеңештин өкүлү Бишкекте 2024-жылы UNICEF менен жолугушту: үй-бүлөлөргө жардам көрсөтүү, өнүгүү жана мектептерди колдоо тууралуу сүйлөштү."

// withStatic serves h, and web/static under /static/ as the server does.
func withStatic(t *testing.T, h http.Handler) *httptest.Server {
	static, err := fs.Sub(web.FS, "static")
	if err != nil {
		t.Fatal(err)
	}
	files := http.StripPrefix("/static", http.FileServerFS(static))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			files.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// readerArtifacts is $KOTORMO_ARTIFACTS, or artifacts/ at the repository root.
func readerArtifacts(t *testing.T) string {
	dir := os.Getenv("KOTORMO_ARTIFACTS")
	if dir == "" {
		root, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil || strings.TrimSpace(string(root)) == "" {
			t.Fatalf("cannot find the repository root: %v", err)
		}
		dir = filepath.Join(filepath.Dir(strings.TrimSpace(string(root))), "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestKyrgyzTextIsDrawnInOneTypeface(t *testing.T) {
	ps := []*newsroom.Published{
		readertest.Snapshot("font", "font", "ky", "ky", day, "Бишкек", newsroom.Content{
			Title: "Өкмөт менен кеңешме", Lead: "Үй-бүлөлөргө жардам.", Body: kyParagraph + "\n\n*" + kyParagraph + "*\n\n**" + kyParagraph + "**"}, published),
		readertest.Snapshot("font", "font", "ru", "ky", day, "Бишкек", newsroom.Content{
			Title: "Совещание с правительством", Lead: "Помощь семьям.", Body: "Представитель совета встретился с семьями в Бишкеке."}, published),
	}
	f := newFixture(t, readertest.NewSource(ps...))
	srv := withStatic(t, f.handler)
	ctx := newBrowser(t, "ky")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/ky/releases/font"),
		chromedp.WaitVisible(chromedp.CSS(`article.release .body p`)),
	); err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.fonts.ready.then(() => document.fonts.status)`, chromedp.EvalAwaitPromise))
	if err != nil || status != "loaded" {
		t.Fatalf("fonts: %q, %v", status, err)
	}
	if _, err := chromedp.Call(ctx, dom.Enable, dom.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, css.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(`article.release .body p, article.release .body em, article.release .body strong, article.release h1, article.release .lead`)))
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) < 5 {
		t.Fatalf("found %d text elements", len(nodes))
	}
	for _, n := range nodes {
		res, err := chromedp.Call(ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: n.NodeID})
		if err != nil {
			t.Fatal(err)
		}
		var families []string
		for _, f := range res.Fonts {
			families = append(families, f.FamilyName)
		}
		if n.LocalName == "h1" || n.AttributeValue("class") == "lead" {
			// Headings and the lead are set in the system sans-serif:
			// one face all the same.
			if len(res.Fonts) != 1 {
				t.Errorf("<%s> is drawn with %q, want one face", n.LocalName, families)
			}
			continue
		}
		if len(res.Fonts) != 1 || res.Fonts[0].FamilyName != "PT Serif" || !res.Fonts[0].IsCustomFont {
			t.Errorf("<%s> is drawn with %q, want the self-hosted PT Serif alone", n.LocalName, families)
		}
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(readerArtifacts(t), "reader-ky-release.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/ru/releases/font"), chromedp.WaitVisible(chromedp.CSS(`html[lang="ru"] article.release`))); err != nil {
		t.Fatal(err)
	}
	if shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		err = os.WriteFile(filepath.Join(readerArtifacts(t), "reader-ru-release.png"), shot, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}
