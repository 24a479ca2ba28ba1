package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// historyProfile is where to write a CPU profile of the history pages.
var historyProfile string

// historyBench gives one release nSaves saves of its source and of one
// translation (as autosave would), with a review round in between, then
// times the pages that show history: the editor's history, release, edit and
// review pages and the API's history pages.
func historyBench(ctx context.Context, store *mongodb.Store, client *http.Client, root string, editor, translator, reviewer *newsroom.User, nSaves int) error {
	r, err := store.CreateRelease(ctx, editor, newsroom.NewRelease{
		SourceLang: "en", Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Content: newsroom.Content{Title: "A long history", Lead: "Lead.", Body: text("en", 1)},
	})
	if err != nil {
		return err
	}
	typed := map[string]int{}
	save := func(u *newsroom.User, lang string, base, i int) (int, error) {
		typed[lang]++
		v, err := store.Save(ctx, u, r.ID, lang, newsroom.Change{Action: newsroom.ActionSave, BaseRev: base,
			Content: newsroom.Content{Title: fmt.Sprintf("A long history %d", i), Lead: "Lead.", Body: typing(lang, typed[lang])}})
		if err != nil {
			return 0, err
		}
		return v.Rev, nil
	}
	fmt.Printf("\nsaving %d revisions of en and of ky in one release…\n", nSaves)
	t0 := time.Now()
	en, ky := 1, 0
	for i := range nSaves - 1 {
		if en, err = save(editor, "en", en, i); err != nil {
			return err
		}
	}
	for i := range nSaves / 2 {
		if ky, err = save(translator, "ky", ky, i); err != nil {
			return err
		}
	}
	for _, step := range []struct {
		u *newsroom.User
		a newsroom.Action
	}{{translator, newsroom.ActionSubmit}, {reviewer, newsroom.ActionApprove}} {
		// The benchmark's texts are not real translations: the reviewer
		// overrides the quality checks, as a reviewer may.
		if _, err := store.Transition(ctx, step.u, r.ID, "ky", newsroom.Change{Action: step.a, Override: "benchmark text"}); err != nil {
			return err
		}
	}
	for i := range nSaves - nSaves/2 {
		if ky, err = save(translator, "ky", ky, i); err != nil {
			return err
		}
	}
	if _, err := store.Transition(ctx, translator, r.ID, "ky", newsroom.Change{Action: newsroom.ActionSubmit}); err != nil {
		return err
	}
	fmt.Printf("saved in %.1f s\n", time.Since(t0).Seconds())

	sessEd, err := store.CreateSession(ctx, editor.ID, time.Hour)
	if err != nil {
		return err
	}
	sessRev, err := store.CreateSession(ctx, reviewer.ID, time.Hour)
	if err != nil {
		return err
	}
	tok, _, err := store.CreateToken(ctx, editor.ID, "history bench")
	if err != nil {
		return err
	}
	get := func(path, session, token string) (time.Duration, error) {
		req, _ := http.NewRequest("GET", root+path, nil)
		if session != "" {
			req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: session})
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		return d, nil
	}
	if historyProfile != "" {
		f, err := os.Create(historyProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	app, api := "/app/releases/"+r.ID, "/api/v1/releases/"+r.ID
	fmt.Printf("\nhistory pages with %d saves per version (%d audit entries):\n", nSaves, 2*nSaves+4)
	for _, p := range []struct{ name, path, session, token string }{
		{"editor history page (ky)", app + "/ky/history", sessEd, ""},
		{"editor release page", app, sessEd, ""},
		{"editor edit page (ky)", app + "/ky/edit", sessEd, ""},
		{"editor review page (ky)", app + "/ky/review", sessRev, ""},
		{"API revisions, one page (limit=25)", api + "/versions/ky/revisions?limit=25", "", tok},
		{"API audit, one page (limit=25)", api + "/audit?limit=25", "", tok},
	} {
		var lat []time.Duration
		cpu0, cmd0 := cpuTime(), store.DB().Commands()
		for range 40 {
			d, err := get(p.path, p.session, p.token)
			if err != nil {
				return err
			}
			lat = append(lat, d)
		}
		cpu := (cpuTime() - cpu0) / time.Duration(len(lat))
		cmds := float64(store.DB().Commands()-cmd0) / float64(len(lat))
		report(p.name, lat)
		fmt.Printf("%-40s CPU %.1f ms and %.0f database commands per request (server and embedded database, this process)\n", "", ms(cpu), cmds)
	}
	fmt.Println("target: every history page p95 ≤ 20 ms at 1,000 saves per version")
	return nil
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// typing is the body of lang after n autosaves of someone typing: a 5 KB
// text with n words added, one at the end of each paragraph in turn, so
// that consecutive revisions differ as autosaves do, by a word or two.
func typing(lang string, n int) string {
	paras := strings.Split(text(lang, 1), "\n\n")
	ws := words[lang]
	for p := range paras {
		var b strings.Builder
		b.WriteString(paras[p])
		for k := p; k < n; k += len(paras) {
			b.WriteString(" " + ws[k%len(ws)])
		}
		paras[p] = b.String()
	}
	return strings.Join(paras, "\n\n")
}
