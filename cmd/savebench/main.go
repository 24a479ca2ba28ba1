// Command savebench measures what a translator feels: the latency of saves and
// workflow transitions through the real HTTP API, with a realistic amount of
// data in the embedded database, and the server's memory.
//
//	go run ./cmd/savebench [-releases 2000] [-saves 300] [-transitions 200] [-workers 4] [-history 1000]
//
// It starts the embedded FerretDB and the whole server in this process (on
// 127.0.0.1 only), loads -releases releases with en/ru/ky versions of about
// 5 KB each and some history (two source revisions, translations, a review
// round, half of them published), then sends saves and transitions as a
// translator and reviewer would, one at a time, then opens releases and lists
// drafts, and prints p50/p95/p99 of each and the process's resident memory (VmRSS and VmHWM from /proc/self/status).
// Last it gives one release -history saves per version and times the pages
// that show history (see history.go).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/embeddb"
	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/server"
)

func main() {
	releases := flag.Int("releases", 2000, "releases to load")
	saves := flag.Int("saves", 300, "saves to time")
	transitions := flag.Int("transitions", 200, "transitions to time")
	workers := flag.Int("workers", 4, "loader goroutines")
	memprofile := flag.String("memprofile", "", "write a heap profile to this file at the end")
	history := flag.Int("history", 1000, "saves per version of the release whose history pages are timed (0: skip)")
	flag.StringVar(&historyProfile, "cpuprofile", "", "write a CPU profile of the history pages' timing to this file")
	flag.Parse()
	if err := run(*releases, *saves, *transitions, *workers, *history, *memprofile); err != nil {
		fmt.Fprintln(os.Stderr, "savebench:", err)
		os.Exit(1)
	}
}

func run(nReleases, nSaves, nTransitions, workers, nHistory int, memprofile string) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "kotormo-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	edb, err := embeddb.Start(dir, quiet)
	if err != nil {
		return err
	}
	defer edb.Close()
	db, err := mongodb.Connect(ctx, edb.URI(), "kotormo", quiet)
	if err != nil {
		return err
	}
	if err := edb.IndexIDLookups(ctx, "kotormo"); err != nil {
		return err
	}
	langs := newsroom.MustLanguages("en,ru,ky")
	store := mongodb.NewStore(db, mongodb.Options{Langs: langs})
	mk := func(email string, roles []newsroom.Role, ls ...string) *newsroom.User {
		u, err := store.CreateUser(ctx, newsroom.NewUser{Email: email, Name: email, Password: "benchmark password", Roles: roles, Langs: ls})
		if err != nil {
			panic(err)
		}
		return u
	}
	editor := mk("editor@bench", []newsroom.Role{newsroom.RoleEditor})
	translator := mk("translator@bench", []newsroom.Role{newsroom.RoleTranslator}, "ru", "ky")
	reviewer := mk("reviewer@bench", []newsroom.Role{newsroom.RoleReviewer}, "en", "ru", "ky")

	fmt.Printf("loading %d releases × 3 languages (~5 KB each, with history) into the embedded database…\n", nReleases)
	start := time.Now()
	ids := make([]string, nReleases)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= nReleases {
					return
				}
				id, err := loadOne(ctx, store, editor, translator, reviewer, i)
				if err != nil {
					errs <- err
					return
				}
				ids[i] = id
				if (i+1)%250 == 0 {
					fmt.Printf("  %d loaded (%.0f s)\n", i+1, time.Since(start).Seconds())
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	fmt.Printf("loaded in %.1f s\n", time.Since(start).Seconds())

	// What `kotormo serve` does at start: load the listing the home pages use,
	// from a fresh store as after a restart.
	store = mongodb.NewStore(db, mongodb.Options{Langs: langs})
	t0 := time.Now()
	if err := store.WarmListing(ctx); err != nil {
		return err
	}
	fmt.Printf("listing loaded at start in %.0f ms\n", float64(time.Since(t0).Microseconds())/1000)

	gin.SetMode(gin.ReleaseMode)
	srv, err := server.New(ctx, server.Config{Langs: langs, Store: store, Ping: db.Ping, BaseURL: "http://127.0.0.1", Logger: quiet})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go srv.Serve(sctx, l, 5*time.Second)
	base := "http://" + l.Addr().String() + "/api/v1"
	tokTr, _, _ := store.CreateToken(ctx, translator.ID, "bench")
	tokRev, _, _ := store.CreateToken(ctx, reviewer.ID, "bench")
	client := &http.Client{Timeout: 30 * time.Second}

	// Saves: a translator edits ky versions of random releases, each save based on the current rev.
	rng := rand.New(rand.NewPCG(1, 2))
	revs := map[string]int{}
	var saveLat []time.Duration
	for i := range nSaves {
		id := ids[rng.IntN(len(ids))]
		base_rev, ok := revs[id]
		if !ok {
			var rel struct {
				Versions map[string]struct{ Rev int } `json:"versions"`
			}
			if err := call(client, "GET", base+"/releases/"+id, tokTr, nil, &rel); err != nil {
				return err
			}
			base_rev = rel.Versions["ky"].Rev
		}
		body := map[string]any{"base_rev": base_rev, "title": fmt.Sprintf("Аталыш %d", i), "lead": "Кириш сөз.", "body": text("ky", i)}
		var v struct{ Rev int }
		t0 := time.Now()
		if err := call(client, "PUT", base+"/releases/"+id+"/versions/ky", tokTr, body, &v); err != nil {
			return fmt.Errorf("save %d: %w", i, err)
		}
		saveLat = append(saveLat, time.Since(t0))
		revs[id] = v.Rev
	}
	// Transitions: submit (translator) then request-changes (reviewer) on ru versions.
	var trLat []time.Duration
	for i := range nTransitions / 2 {
		id := ids[i%len(ids)]
		t0 := time.Now()
		if err := call(client, "POST", base+"/releases/"+id+"/versions/ru/submit", tokTr, map[string]any{}, nil); err != nil {
			return fmt.Errorf("submit: %w", err)
		}
		trLat = append(trLat, time.Since(t0))
		t0 = time.Now()
		if err := call(client, "POST", base+"/releases/"+id+"/versions/ru/request-changes", tokRev, map[string]any{"comment": "Please check the figures."}, nil); err != nil {
			return fmt.Errorf("request changes: %w", err)
		}
		trLat = append(trLat, time.Since(t0))
	}
	// Reads a translator's screens make: open a release, list the work to do.
	var getLat, listLat []time.Duration
	for i := range 100 {
		t0 := time.Now()
		if err := call(client, "GET", base+"/releases/"+ids[(i*37)%len(ids)], tokTr, nil, nil); err != nil {
			return fmt.Errorf("get: %w", err)
		}
		getLat = append(getLat, time.Since(t0))
	}
	for range 20 {
		t0 := time.Now()
		if err := call(client, "GET", base+"/releases?lang=ky&state=draft", tokTr, nil, nil); err != nil {
			return fmt.Errorf("list: %w", err)
		}
		listLat = append(listLat, time.Since(t0))
	}
	runtime.GC()
	rss, hwm := memory()
	fmt.Printf("\nwith %d releases (%d versions) in the embedded database:\n", nReleases, 3*nReleases)
	report("save (PUT …/versions/ky)", saveLat)
	report("transition (submit, request-changes)", trLat)
	report("open a release (GET …/releases/{id})", getLat)
	report("list drafts (GET …/releases?lang=ky&…)", listLat)
	fmt.Printf("%-40s %s now, %s peak (embedded database + server, one process)\n", "resident memory", rss, hwm)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("%-40s %d MB in use, %d MB obtained from the OS (the rest of RSS is SQLite's and the runtime's)\n", "Go heap", ms.HeapInuse>>20, ms.Sys>>20)
	fmt.Println("targets: save p95 ≤ 100 ms; RSS ≤ 200 MB")
	if nHistory > 0 {
		if err := historyBench(ctx, store, client, "http://"+l.Addr().String(), editor, translator, reviewer, nHistory); err != nil {
			return err
		}
	}
	if memprofile != "" {
		f, err := os.Create(memprofile)
		if err == nil {
			err = errors.Join(pprof.WriteHeapProfile(f), f.Close())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func loadOne(ctx context.Context, s *mongodb.Store, editor, translator, reviewer *newsroom.User, i int) (string, error) {
	r, err := s.CreateRelease(ctx, editor, newsroom.NewRelease{
		Slug: fmt.Sprintf("release-%05d", i), SourceLang: "en",
		Date:    time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i),
		Places:  map[string]string{"en": "Bishkek", "ru": "Бишкек", "ky": "Бишкек"},
		Content: newsroom.Content{Title: fmt.Sprintf("Release %d on water, schools and health", i), Lead: "A lead paragraph.", Body: text("en", i)},
	})
	if err != nil {
		return "", err
	}
	steps := []func() error{
		func() error { // a second source revision: history
			_, err := s.Save(ctx, editor, r.ID, "en", newsroom.Change{BaseRev: 1, Content: newsroom.Content{Title: fmt.Sprintf("Release %d on water, schools and health care", i), Lead: "A lead paragraph.", Body: text("en", i+1)}})
			return err
		},
		func() error {
			_, err := s.Save(ctx, translator, r.ID, "ru", newsroom.Change{Content: newsroom.Content{Title: fmt.Sprintf("Релиз %d", i), Lead: "Вводный абзац.", Body: text("ru", i)}})
			return err
		},
		func() error {
			_, err := s.Save(ctx, translator, r.ID, "ky", newsroom.Change{Content: newsroom.Content{Title: fmt.Sprintf("Релиз %d", i), Lead: "Кириш сөз.", Body: text("ky", i)}})
			return err
		},
	}
	if i%2 == 0 {
		for _, st := range []struct {
			u    *newsroom.User
			lang string
			a    newsroom.Action
		}{{editor, "en", newsroom.ActionSubmit}, {reviewer, "en", newsroom.ActionApprove}, {editor, "en", newsroom.ActionPublish}} {
			steps = append(steps, func() error {
				_, err := s.Transition(ctx, st.u, r.ID, st.lang, newsroom.Change{Action: st.a, Override: "benchmark text"})
				return err
			})
		}
	}
	for _, f := range steps {
		if err := f(); err != nil {
			return "", err
		}
	}
	return r.ID, nil
}

var words = map[string][]string{
	"en": strings.Fields("the office water villages regional government programme health schools support million partners community solar children women development training said minister national report year"),
	"ru": strings.Fields("офис вода сёла область правительство программа здоровье школы поддержка миллион партнёры сообщество солнечный дети женщины развитие обучение сказал министр национальный доклад год"),
	"ky": strings.Fields("кеңсе суу айылдар облус өкмөт программа ден-соолук мектептер колдоо миллион өнөктөштөр жамаат күн балдар аялдар өнүгүү окутуу деди министр улуттук баяндама жыл"),
}

// text returns about 5 KB of Markdown in lang: eight paragraphs of varied words.
func text(lang string, seed int) string {
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	ws := words[lang]
	var b strings.Builder
	for p := range 8 {
		if p > 0 {
			b.WriteString("\n\n")
		}
		n := 0
		for b.Len() < (p+1)*5000/8 {
			if n > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(ws[rng.IntN(len(ws))])
			n++
		}
		b.WriteByte('.')
	}
	return b.String()
}

func call(c *http.Client, method, url, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func report(name string, d []time.Duration) {
	slices.Sort(d)
	q := func(p float64) time.Duration { return d[min(len(d)-1, int(p*float64(len(d))))] }
	fmt.Printf("%-40s n=%d  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms\n", name, len(d), ms(q(.50)), ms(q(.95)), ms(q(.99)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func memory() (rss, hwm string) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?", "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rss = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.TrimSpace(v)
		}
	}
	return rss, hwm
}
