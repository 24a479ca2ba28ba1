package reader_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's chromium; CI installs it with apt-get.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts a headless Chromium for one test, with a fresh profile
// whose interface and Accept-Language are lang, and returns a chromedp
// context for it (closed when the test ends). Without Chromium the test is
// skipped, unless KOTORMO_REQUIRE_BROWSER=1 (as in CI) makes that a failure.
//
// Copy this helper into other packages' browser tests.
func newBrowser(t *testing.T, lang string) context.Context {
	t.Helper()
	path := chromiumPath
	if _, err := os.Stat(path); err != nil {
		if p, lookErr := exec.LookPath("chromium"); lookErr == nil {
			path = p
		} else if os.Getenv("KOTORMO_REQUIRE_BROWSER") == "1" {
			t.Fatalf("browser tests are required (KOTORMO_REQUIRE_BROWSER=1) but Chromium is not installed at %s: apt-get install -y chromium", chromiumPath)
		} else {
			t.Skipf("skipping the browser test: Chromium is not installed at %s (apt-get install -y chromium; set KOTORMO_REQUIRE_BROWSER=1 to make this a failure)", chromiumPath)
		}
	}
	if testing.Short() && os.Getenv("KOTORMO_REQUIRE_BROWSER") != "1" {
		t.Skip("skipping the browser test in -short mode")
	}

	// A fresh profile whose preferred languages are lang.
	profile := t.TempDir()
	prefs := map[string]any{"intl": map[string]any{"accept_languages": lang, "selected_languages": lang}}
	b, _ := json.Marshal(prefs)
	if err := os.MkdirAll(filepath.Join(profile, "Default"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "Default", "Preferences"), b, 0o600); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("lang", lang),
		chromedp.Flag("accept-lang", lang),
		chromedp.Env("LANGUAGE="+lang, "LANG="+lang+".UTF-8"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	// Start the browser now so that a start-up failure is reported here.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// TestAKyrgyzReaderSwitchesToRussian is the reader's journey in a real
// browser: a browser set to Kyrgyz opens the site, lands on the Kyrgyz home
// page, opens a release, switches to Russian with the switcher (a plain
// link, no JavaScript) and gets the Russian page, which the site then remembers.
func TestAKyrgyzReaderSwitchesToRussian(t *testing.T) {
	f := newsroomFixture(t)
	ctx := newBrowser(t, "ky")

	// Record what the browser asks for, to be sure it really prefers Kyrgyz.
	var mu sync.Mutex
	var acceptLanguage []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			mu.Lock()
			acceptLanguage = append(acceptLanguage, r.Header.Get("Accept-Language"))
			mu.Unlock()
		}
		f.handler.ServeHTTP(w, r)
	}))
	defer srv.Close()

	// page reads where the browser is and what it shows.
	type page struct {
		URL, Lang, H1 string
	}
	current := func(t *testing.T) page {
		t.Helper()
		p, err := chromedp.Run(ctx, chromedp.Evaluate[page](`({URL: document.location.toString(), Lang: document.documentElement.lang, H1: (document.querySelector("h1") || {}).textContent || ""})`))
		if err != nil {
			t.Fatalf("reading the page: %v", err)
		}
		return p
	}

	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`ol.releases`)),
	); err != nil {
		t.Fatalf("opening the site: %v", err)
	}
	mu.Lock()
	t.Logf("the browser sent Accept-Language %q", acceptLanguage)
	if len(acceptLanguage) == 0 || !strings.HasPrefix(acceptLanguage[0], "ky") {
		t.Errorf("the browser did not ask for Kyrgyz first: Accept-Language %q", acceptLanguage)
	}
	mu.Unlock()
	if p := current(t); !strings.HasSuffix(p.URL, "/ky/") || p.Lang != "ky" {
		t.Fatalf("landed on %s with lang=%q, want /ky/ in Kyrgyz", p.URL, p.Lang)
	}

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`ol.releases a[href="/ky/releases/clean-water"]`)),
		chromedp.WaitVisible(chromedp.CSS(`article.release`)),
	); err != nil {
		t.Fatalf("opening a release: %v", err)
	}
	if p := current(t); !strings.HasSuffix(p.URL, "/ky/releases/clean-water") || p.Lang != "ky" || p.H1 != "200 айылга таза суу" {
		t.Fatalf("release page: %+v", p)
	}

	switcher, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("nav.switcher li")].map(li => li.textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(switcher, ",") != "English,Русский,Кыргызча" {
		t.Errorf("the switcher offers %q", switcher)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav.switcher a[hreflang="ru"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="ru"] article.release`)),
	); err != nil {
		t.Fatalf("switching to Russian: %v", err)
	}
	if p := current(t); !strings.HasSuffix(p.URL, "/ru/releases/clean-water") || p.Lang != "ru" || p.H1 != "Чистая вода для 200 сёл" {
		t.Fatalf("after switching: %+v, want the Russian page", p)
	}

	// The choice is remembered: the home address now leads to Russian.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`ol.releases`)),
	); err != nil {
		t.Fatal(err)
	}
	if p := current(t); !strings.HasSuffix(p.URL, "/ru/") || p.Lang != "ru" {
		t.Errorf("after choosing Russian, / leads to %+v", p)
	}
}
