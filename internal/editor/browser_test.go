package editor_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
)

// The browser tests run the whole program — JSON API, editor, reader site and
// static files, as internal/server assembles them — on a loopback port and
// drive Debian's Chromium through it.

const chromium = "/usr/bin/chromium"

// app is the running program and a browser to use it with.
type app struct {
	t     *testing.T
	base  string
	store *mongodb.Store
	// browser is a chromedp context whose browser has started; sessions are
	// separate browser contexts (separate cookie jars and storage) in it.
	browser context.Context
	shots   string
}

func startApp(t *testing.T) *app {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("KOTORMO_REQUIRE_BROWSER") == "1" {
			t.Fatalf("Chromium is required (KOTORMO_REQUIRE_BROWSER=1) but %s is missing: apt-get install chromium", chromium)
		}
		t.Skipf("skipping browser test: %s is not installed (apt-get install chromium; set KOTORMO_REQUIRE_BROWSER=1 to make this a failure)", chromium)
	}
	db := mongotest.DB(t)
	store := mongodb.NewStore(db, mongodb.Options{Langs: newsroom.MustLanguages("en,ru,ky")})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := server.New(ctx, server.Config{
		Langs: store.Langs(), Store: store, Ping: db.Ping, BaseURL: base, Logger: log,
		ReaderPoll: 200 * time.Millisecond,
	})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 5*time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Logf("server: %v", err)
		}
	})

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &app{t: t, base: base, store: store, browser: bctx, shots: artifactsDir(t)}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// artifactsDir is $KOTORMO_ARTIFACTS, or artifacts/ at the repository root
// (which .gitignore keeps out of commits).
func artifactsDir(t *testing.T) string {
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

// user makes a person in the store.
func (a *app) user(email, name string, roles []newsroom.Role, langs []string) *newsroom.User {
	a.t.Helper()
	u, err := a.store.CreateUser(context.Background(), newsroom.NewUser{Email: email, Name: name, Password: "browser test password", Roles: roles, Langs: langs})
	if err != nil {
		a.t.Fatal(err)
	}
	return u
}

// tab is one person's browser session.
type tab struct {
	a      *app
	name   string
	ctx    context.Context
	cancel context.CancelFunc
}

// session opens a new browser context: its own cookies and local storage.
func (a *app) session(name string) *tab {
	a.t.Helper()
	ctx, cancel := chromedp.NewContext(a.browser, chromedp.WithNewBrowserContext())
	a.t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 6*time.Minute)
	a.t.Cleanup(cancelT)
	tb := &tab{a: a, name: name, ctx: ctx}
	tb.do(chromedp.EmulateViewport(1280, 900))
	tb.watchConsole()
	return tb
}

// watchConsole logs the page's console errors and uncaught exceptions.
func (tb *tab) watchConsole() {
	msgs := chromedp.Console(tb.ctx)
	t := tb.a.t
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" || m.Type == "warning" {
				t.Logf("%s console %s: %s (%s:%d)", tb.name, m.Type, m.Text, m.URL, m.Line+1)
			}
		}
	}()
}

// newTab opens another tab in the same browser context (same cookies).
func (tb *tab) newTab(name string) *tab {
	tb.a.t.Helper()
	ctx, cancel := chromedp.NewContext(tb.ctx)
	nt := &tab{a: tb.a, name: name, ctx: ctx, cancel: cancel}
	tb.a.t.Cleanup(cancel)
	nt.do(chromedp.EmulateViewport(1280, 900))
	return nt
}

func (tb *tab) close() {
	if tb.cancel != nil {
		tb.cancel()
	}
}

func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.a.t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		tb.a.t.Fatalf("%s: %v (at %s)", tb.name, err, tb.url())
	}
}

func (tb *tab) url() string {
	u, _ := chromedp.Run(tb.ctx, chromedp.Location())
	return u
}

func (tb *tab) open(path string) {
	tb.a.t.Helper()
	tb.do(chromedp.Navigate(tb.a.base + path))
}

// click clicks and waits for the page that the click loads.
func (tb *tab) click(sel string) {
	tb.a.t.Helper()
	tb.waitLoad(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// waitLoad runs trigger and waits for the page it loads.
func (tb *tab) waitLoad(trigger chromedp.Action[chromedp.Void]) {
	tb.a.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		tb.screenshot("failed-" + tb.name)
		tb.a.t.Logf("invalid: %s", tb.eval(`Array.from(document.querySelectorAll("#editor :invalid, [form=editor]:invalid")).map(e => e.id + ":" + e.validationMessage).join("; ") + " valid=" + (document.getElementById("editor") ? document.getElementById("editor").checkValidity() : "none")`))
		tb.a.t.Fatalf("%s: %v (at %s; status %q)", tb.name, err, tb.url(), tb.text("#status"))
	}
}

func (tb *tab) eval(js string) string {
	tb.a.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](js))
	// Right after a navigation the page's old JavaScript context may be gone
	// before the new one is announced: wait for a context, then ask again.
	for try := 0; err != nil && isContextGone(err) && try < 5; try++ {
		_, _ = chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void]("document.readyState !== 'loading'", chromedp.WithPollingTimeout(5*time.Second)))
		v, err = chromedp.Run(tb.ctx, chromedp.Evaluate[string](js))
	}
	if err != nil {
		tb.a.t.Fatalf("%s: evaluate %s: %v", tb.name, js, err)
	}
	return v
}

// isContextGone reports the error of an evaluation that raced a navigation.
func isContextGone(err error) bool {
	m := err.Error()
	return strings.Contains(m, "Cannot find context with specified id") || strings.Contains(m, "Execution context was destroyed")
}

func (tb *tab) value(sel string) string {
	tb.a.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		tb.a.t.Fatalf("%s: value of %s: %v", tb.name, sel, err)
	}
	return v
}

func (tb *tab) has(sel string) bool {
	tb.a.t.Helper()
	return tb.eval(fmt.Sprintf(`document.querySelector(%q) ? "yes" : "no"`, sel)) == "yes"
}

func (tb *tab) visible(sel string) bool {
	tb.a.t.Helper()
	return tb.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e && !e.closest("[hidden]") && e.getClientRects().length > 0 ? "yes" : "no" })()`, sel)) == "yes"
}

func (tb *tab) text(sel string) string {
	tb.a.t.Helper()
	return tb.eval(fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel))
}

// waitFor polls a JavaScript condition.
func (tb *tab) waitFor(what, js string, timeout time.Duration) {
	tb.a.t.Helper()
	poll := func() error {
		_, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond)))
		return err
	}
	err := poll()
	// A poll begun while a navigation swaps the page's context starts again.
	for try := 0; err != nil && isContextGone(err) && try < 5; try++ {
		err = poll()
	}
	if err != nil {
		tb.a.t.Fatalf("%s: waiting for %s: %v (status %q, at %s)", tb.name, what, err, tb.text("#status"), tb.url())
	}
}

func (tb *tab) waitStatus(state string, timeout time.Duration) {
	tb.a.t.Helper()
	tb.waitFor("status "+state, fmt.Sprintf(`(document.getElementById("status") || {dataset: {}}).dataset.state === %q`, state), timeout)
}

// typeInto types text at the end of a field, as a person would.
func (tb *tab) typeInto(sel, text string) {
	tb.a.t.Helper()
	tb.do(chromedp.WaitVisible(chromedp.CSS(sel)))
	tb.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.focus(); const n = e.value.length; if (e.setSelectionRange && e.type !== "email") e.setSelectionRange(n, n); })()`, sel)))
	tb.do(chromedp.KeyEvent(text))
}

func (tb *tab) login(email string) {
	tb.a.t.Helper()
	tb.open("/app/login")
	tb.typeInto("#email", email)
	tb.typeInto("#password", "browser test password")
	tb.click(`form[action="/app/login"] button[type=submit]`)
	if !tb.has(".logout") {
		tb.a.t.Fatalf("%s: login failed: %s", tb.name, tb.text("main"))
	}
}

// screenshot saves the whole page as name.png in the artifacts folder.
func (tb *tab) screenshot(name string) {
	tb.a.t.Helper()
	buf, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.a.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(tb.a.shots, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		tb.a.t.Fatal(err)
	}
	tb.a.t.Logf("screenshot: %s", path)
}

func (a *app) version(id, lang string) *newsroom.Version {
	a.t.Helper()
	r, err := a.store.Release(context.Background(), id)
	if err != nil {
		a.t.Fatal(err)
	}
	return r.Versions[lang]
}

func (a *app) text(id, lang string) newsroom.Content {
	a.t.Helper()
	v := a.version(id, lang)
	rev, err := a.store.Revision(context.Background(), id, lang, v.Rev)
	if err != nil {
		a.t.Fatal(err)
	}
	return rev.Content
}

const (
	kyTitle = "Күн насостору Нарындын айылдарына таза суу алып келди"
	kyLead  = "Нарын облусундагы 20дан ашык айылда азыр таза суу бар."
	kyP1    = "Кеңсе 1995-жылдан бери 62 миллион доллардан ашык каражат салды."
	kyP2    = "«Суу — бул жашоо», — деди Нарындын мэри."
	kyP3    = "Кеңсе жөнүндө: ал 20 жылдан бери Кыргызстанда иштейт."
)

// TestBrowserWholePath follows one release from the editor through
// translation and review to the public site.
func TestBrowserWholePath(t *testing.T) {
	a := startApp(t)
	a.user("editor@kotormo.test", "Elena Editor", []newsroom.Role{newsroom.RoleEditor}, nil)
	// The translator also reviews Kyrgyz, so the four-eyes rule has work to do.
	a.user("tilek@kotormo.test", "Tilek Translator", []newsroom.Role{newsroom.RoleTranslator, newsroom.RoleReviewer}, []string{"ky"})
	a.user("roza@kotormo.test", "Roza Reviewer", []newsroom.Role{newsroom.RoleReviewer}, []string{"ky"})

	// 1. An editor creates an English release.
	ed := a.session("editor")
	ed.login("editor@kotormo.test")
	ed.open("/app/releases/new")
	ed.do(chromedp.SetValue(chromedp.CSS("#date"), "2026-10-14"))
	ed.typeInto("#slug", "solar-naryn")
	ed.typeInto("#place_en", "Naryn")
	ed.typeInto("#place_ru", "Нарын")
	ed.typeInto("#place_ky", "Нарын")
	ed.typeInto("#title", "Solar pumps bring clean water to Naryn villages")
	ed.typeInto("#lead", "Over 20 villages in Naryn region now have clean water.")
	ed.do(chromedp.SetValue(chromedp.CSS("#body"),
		"The office has invested over $62 million since 1995.\n\n\"Water is life,\" said the mayor of Naryn.\n\nAbout the office: it has worked in Kyrgyzstan for 20 years."))
	ed.click(`form[action="/app/releases"] button[type=submit]`)
	if !strings.Contains(ed.text(".flash"), "Release created") {
		t.Fatalf("no release: %s", ed.text("main"))
	}
	id := strings.TrimPrefix(ed.url(), a.base+"/app/releases/")
	ed.screenshot("release")

	// 2. The Kyrgyz translator translates it side by side; autosave is
	// checked by reloading the page.
	tr := a.session("translator")
	tr.login("tilek@kotormo.test")
	tr.click(fmt.Sprintf(`a[href="/app/releases/%s/ky/edit"]`, id))
	if got := tr.text(".src .title-text"); got != "Solar pumps bring clean water to Naryn villages" {
		t.Fatalf("source title on the left = %q", got)
	}
	tr.typeInto("#f-title", kyTitle)
	tr.typeInto("#f-lead", kyLead)
	tr.typeInto("#p-1", kyP1)
	tr.typeInto("#p-2", kyP2)
	tr.waitStatus("saved", 10*time.Second)
	if got := a.text(id, "ky"); got.Title != kyTitle || !strings.Contains(got.Body, kyP2) {
		t.Fatalf("autosave did not reach the server: %+v", got)
	}
	tr.do(chromedp.Reload())
	if got := tr.value("#f-title"); got != kyTitle {
		t.Fatalf("after reload the title is %q", got)
	}
	if got := tr.value("#p-2"); got != kyP2 {
		t.Fatalf("after reload paragraph 2 is %q", got)
	}
	if tr.visible("#restored") {
		t.Error("a saved text was announced as restored from the browser")
	}
	// Text typed and not yet saved survives a reload, from local storage.
	tr.typeInto("#p-3", kyP3)
	tr.do(chromedp.Reload())
	if got := tr.value("#p-3"); got != kyP3 {
		t.Fatalf("unsaved paragraph lost on reload: %q", got)
	}
	if !tr.visible("#restored") {
		t.Error("restored text is not announced")
	}
	tr.waitStatus("saved", 10*time.Second)
	if got := a.text(id, "ky"); !strings.Contains(got.Body, kyP3) {
		t.Fatalf("restored text was not saved: %q", got.Body)
	}
	// Ctrl+S saves at once, without waiting for autosave.
	tr.typeInto("#f-lead", " Бул долбоор.")
	tr.do(chromedp.KeyEvent("s", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	// Autosave waits two seconds; only Ctrl+S starts saving sooner.
	tr.waitFor("Ctrl+S to save", `document.getElementById("status").dataset.state !== "unsaved"`, time.Second)
	tr.waitStatus("saved", 10*time.Second)
	if got := a.text(id, "ky"); !strings.HasSuffix(got.Lead, "Бул долбоор.") {
		t.Fatalf("Ctrl+S did not save: %q", got.Lead)
	}
	// The Markdown preview renders on the server and shows in the page.
	tr.do(chromedp.Click(chromedp.CSS("#btn-preview"), chromedp.NodeVisible))
	tr.waitFor("the preview", `!!document.querySelector("#preview:not([hidden]) .pv-body p")`, 5*time.Second)
	if got := tr.text(".pv-body"); !strings.Contains(got, "62 миллион") {
		t.Errorf("preview shows %q", got)
	}
	tr.screenshot("editor")
	phone := tr.newTab("phone")
	phone.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
	phone.open(fmt.Sprintf("/app/releases/%s/ky/edit", id))
	if w := phone.eval(`String(document.documentElement.scrollWidth <= window.innerWidth + 1)`); w != "true" {
		t.Errorf("the editor scrolls sideways on a phone")
	}
	phone.screenshot("editor-phone")
	phone.close()

	// 3. The translator submits, then finds no approve button.
	tr.click("#btn-submit")
	if !strings.Contains(tr.text(".flash"), "Submitted for review") {
		t.Fatalf("submit: %s", tr.text("main"))
	}
	if v := a.version(id, "ky"); v.State != newsroom.StateInReview {
		t.Fatalf("state after submit: %s", v.State)
	}
	tr.open(fmt.Sprintf("/app/releases/%s/ky/review", id))
	if tr.has("#btn-approve") {
		t.Fatal("the translator who saved last sees an approve button")
	}
	if !tr.visible("#own-text") {
		t.Error("the translator is not told why there is no approve button")
	}

	// 4. The Kyrgyz reviewer requests changes with a comment.
	rv := a.session("reviewer")
	rv.login("roza@kotormo.test")
	rv.click(fmt.Sprintf(`a[href="/app/releases/%s/ky/review"]`, id))
	if !rv.has("#btn-approve") {
		t.Fatal("the reviewer has no approve button")
	}
	rv.screenshot("review")
	rv.typeInto("#rc-comment", "Мэрдин сөзүн толук жазыңыз: «Нарындын мэри Асан Асанов».")
	rv.click("#btn-request")
	if v := a.version(id, "ky"); v.State != newsroom.StateChangesRequested {
		t.Fatalf("state after request changes: %s", v.State)
	}

	// 5. The translator fixes it and resubmits, with Ctrl+Enter.
	tr.open(fmt.Sprintf("/app/releases/%s/ky/edit", id))
	if got := tr.text(".notice-review blockquote"); !strings.Contains(got, "Асан Асанов") {
		t.Fatalf("the reviewer's comment is not shown: %q", got)
	}
	tr.typeInto("#p-2", "\b Асан Асанов.")
	tr.waitLoad(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if v := a.version(id, "ky"); v.State != newsroom.StateInReview {
		t.Fatalf("state after resubmit: %s (%s)", v.State, tr.text("main"))
	}
	if got := a.text(id, "ky"); !strings.Contains(got.Body, "Асан Асанов") {
		t.Fatalf("the fix was not saved: %q", got.Body)
	}

	// 6. The reviewer approves.
	rv.open(fmt.Sprintf("/app/releases/%s/ky/review", id))
	rv.click("#btn-approve")
	if v := a.version(id, "ky"); v.State != newsroom.StateApproved {
		t.Fatalf("state after approve: %s", v.State)
	}

	// 7. The editor publishes.
	ed.open("/app/releases/" + id)
	ed.click(fmt.Sprintf(`form[action="/app/releases/%s/ky/publish"] button`, id))
	if v := a.version(id, "ky"); v.State != newsroom.StatePublished {
		t.Fatalf("state after publish: %s", v.State)
	}
	ed.open("/app/")
	ed.screenshot("home-editor")

	// 8. An anonymous reader whose browser speaks Kyrgyz reads it at /ky/….
	rd := a.session("reader")
	if _, err := chromedp.Call(rd.ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(rd.ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "ky-KG,ky;q=0.9"}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		rd.open("/")
		if strings.HasSuffix(rd.url(), "/ky/") && rd.has(`a[href="/ky/releases/solar-naryn"]`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reader's home %s does not list the release: %s", rd.url(), rd.text("main"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	rd.click(`a[href="/ky/releases/solar-naryn"]`)
	if got := rd.text("h1"); !strings.Contains(got, "Күн насостору") {
		t.Errorf("the reader sees %q", got)
	}
	if lang := rd.eval(`document.documentElement.lang`); lang != "ky" {
		t.Errorf("<html lang=%q>", lang)
	}
	if body := rd.text("main"); !strings.Contains(body, "Асан Асанов") {
		t.Errorf("the published text lacks the fix: %s", body)
	}

	// When the source changes, the translator sees what changed.
	src := a.text(id, "en")
	src.Body = strings.Replace(src.Body, "over $62 million", "over $65 million", 1)
	if _, err := a.store.Save(context.Background(), editorUser(t, a), id, "en", newsroom.Change{BaseRev: a.version(id, "en").Rev, Content: src}); err != nil {
		t.Fatal(err)
	}
	tr.open("/app/")
	if !tr.has(".work.is-outdated") {
		t.Error("the outdated translation is not marked on the translator's home page")
	}
	tr.open(fmt.Sprintf("/app/releases/%s/ky/edit", id))
	if !tr.visible("#outdated") || !strings.Contains(tr.text("#outdated ins"), "65") {
		t.Errorf("no outdated banner with the word diff: %q", tr.text("#outdated"))
	}
	tr.screenshot("editor-outdated")

	// The translator switches the interface to Kyrgyz.
	tr.open("/app/prefs")
	tr.do(chromedp.SetValue(chromedp.CSS("#ui_lang"), "ky"))
	tr.click(`form[action="/app/prefs"] button[type=submit]`)
	tr.open("/app/")
	if lang := tr.eval(`document.documentElement.lang`); lang != "ky" {
		t.Errorf("after choosing Kyrgyz the interface is in %q", lang)
	}
	tr.screenshot("home-translator-ky")
	tr.open(fmt.Sprintf("/app/releases/%s/ky/edit", id))
	tr.screenshot("editor-outdated-ky")
}

func editorUser(t *testing.T, a *app) *newsroom.User {
	t.Helper()
	u, err := a.store.Authenticate(context.Background(), "editor@kotormo.test", "browser test password")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestBrowserConflict has two sessions edit the same version: the second
// gets the conflict view, loses nothing, and can choose either text.
func TestBrowserConflict(t *testing.T) {
	a := startApp(t)
	editor := a.user("editor@kotormo.test", "Elena Editor", []newsroom.Role{newsroom.RoleEditor}, nil)
	a.user("tilek@kotormo.test", "Tilek Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ky"})
	a.user("bakyt@kotormo.test", "Bakyt Translator", []newsroom.Role{newsroom.RoleTranslator}, []string{"ky"})
	rel, err := a.store.CreateRelease(context.Background(), editor, newsroom.NewRelease{
		Slug: "solar", SourceLang: "en", Date: time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC),
		Content: newsroom.Content{Title: "Solar pumps", Lead: "Water for villages.", Body: "First paragraph.\n\nSecond paragraph."},
	})
	if err != nil {
		t.Fatal(err)
	}
	edit := fmt.Sprintf("/app/releases/%s/ky/edit", rel.ID)

	one := a.session("first")
	one.login("tilek@kotormo.test")
	two := a.session("second")
	two.login("bakyt@kotormo.test")
	one.open(edit)
	two.open(edit)
	// The first does not poll for newer revisions (TestBrowserOthersSavesAreAnnounced
	// covers that), so that their text goes stale as if the poll had not come yet.
	one.eval(`document.getElementById("editor").dataset.poll = "off"`)

	// The first saves.
	one.typeInto("#f-title", "Тилектин аталышы")
	one.typeInto("#p-1", "Тилектин биринчи абзацы.")
	one.waitStatus("saved", 10*time.Second)
	// The state badge follows the save: the text is now a draft.
	one.waitFor("the draft badge", `document.getElementById("state-badge").dataset.state === "draft"`, 5*time.Second)

	// The second, still on revision 0, types and autosaves: conflict.
	two.typeInto("#f-title", "Бакыттын аталышы")
	two.typeInto("#p-1", "Бакыттын биринчи абзацы.")
	two.typeInto("#p-2", "Бакыттын экинчи абзацы.")
	two.waitStatus("conflict", 10*time.Second)
	two.waitFor("their text", `document.getElementById("their-title").value !== ""`, 5*time.Second)
	// The conflict tells the state too: the page was loaded untranslated.
	if got := two.eval(`document.getElementById("state-badge").dataset.state + ":" + document.getElementById("state-badge").textContent`); got != "draft:Draft" {
		t.Errorf("state badge after the conflict = %q, want the draft badge", got)
	}
	if !two.visible("#conflict") {
		t.Fatal("the conflict view is not shown")
	}
	if got := two.value("#their-title"); got != "Тилектин аталышы" {
		t.Errorf("their title = %q", got)
	}
	if got := two.value("#their-body"); !strings.Contains(got, "Тилектин биринчи абзацы.") {
		t.Errorf("their body = %q", got)
	}
	if got := two.value("#your-title"); got != "Бакыттын аталышы" {
		t.Errorf("your title = %q", got)
	}
	if got := two.value("#your-body"); !strings.Contains(got, "Бакыттын экинчи абзацы.") {
		t.Errorf("your body = %q", got)
	}
	if got := two.value("#p-2"); got != "Бакыттын экинчи абзацы." {
		t.Errorf("the form lost the typed text: %q", got)
	}
	if got := a.text(rel.ID, "ky"); got.Title != "Тилектин аталышы" {
		t.Fatalf("the stale save overwrote the first text: %q", got.Title)
	}
	two.screenshot("conflict")

	// A reload does not lose the second person's text either.
	two.do(chromedp.Reload())
	if !two.visible("#conflict") || two.value("#p-2") != "Бакыттын экинчи абзацы." || two.value("#their-title") != "Тилектин аталышы" {
		t.Fatalf("after reload: conflict shown %v, p-2 %q, theirs %q", two.visible("#conflict"), two.value("#p-2"), two.value("#their-title"))
	}

	// The second keeps their own text.
	two.do(chromedp.Click(chromedp.CSS("#keep-mine"), chromedp.NodeVisible))
	two.waitStatus("saved", 10*time.Second)
	if got := a.text(rel.ID, "ky"); got.Title != "Бакыттын аталышы" || !strings.Contains(got.Body, "Бакыттын экинчи абзацы.") {
		t.Fatalf("keeping mine saved %+v", got)
	}
	if two.visible("#conflict") {
		t.Error("the conflict view stays open after choosing")
	}

	// Now the first is stale: they type, get the conflict, and take theirs.
	one.typeInto("#f-lead", "Тилектин лиди.")
	one.waitStatus("conflict", 10*time.Second)
	one.waitFor("their text", `document.getElementById("their-title").value === "Бакыттын аталышы"`, 5*time.Second)
	if got := one.value("#your-lead"); got != "Тилектин лиди." {
		t.Errorf("your lead = %q", got)
	}
	one.do(chromedp.Click(chromedp.CSS("#use-theirs"), chromedp.NodeVisible))
	one.waitStatus("saved", 5*time.Second)
	if got := one.value("#f-title"); got != "Бакыттын аталышы" {
		t.Errorf("after taking theirs the title is %q", got)
	}
	if got := one.value("#p-2"); got != "Бакыттын экинчи абзацы." {
		t.Errorf("after taking theirs paragraph 2 is %q", got)
	}
	// And the first can go on editing on top of it.
	one.typeInto("#f-lead", "Жаңы лид.")
	one.waitStatus("saved", 10*time.Second)
	if got := a.text(rel.ID, "ky"); got.Lead != "Жаңы лид." || got.Title != "Бакыттын аталышы" {
		t.Fatalf("after merging: %+v", got)
	}
}
