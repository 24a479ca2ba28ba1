// Command readerbench measures how fast the assembled server (server.New,
// served by Server.Serve: every middleware, the production timeouts) serves
// a reader release page, side by side in one run with two baselines that
// serve the very same bytes: a bare Gin route returning them from memory
// (the framework's ceiling) and nginx serving them from a file. The server
// runs on the embedded database, filled with n published releases in the
// documents the store writes (see seed.go), and its reader site loads them
// from there as after a restart. It also compares 100 and 10,000 releases,
// to show that page latency does not grow with the size of the site.
//
// Usage:
//
//	go run ./cmd/readerbench [flags]
//
// Flags:
//
//	-releases 100,10000  sizes of the site to measure, in releases (each in en, ru and ky)
//	-duration 5s         how long each load run lasts
//	-warmup 1s           unmeasured load before each run
//	-connections 32      concurrent keep-alive connections
//	-threads 2           load generator threads (wrk -t)
//	-rounds 3            runs per target; the report shows the median run
//	-loader auto         wrk, go or auto (wrk when installed, else the built-in Go generator)
//	-nginx /usr/sbin/nginx  the nginx binary; the nginx baseline is skipped when it is missing
//	-gzip                also measure the reader with Accept-Encoding: gzip, as browsers
//	                     ask (it then sends its precompressed bytes)
//	-lang ky             the language of the page under load
//	-cpuprofile FILE     write CPU profiles of the fill, load, publish and serving phases
//	-memprofile FILE     write a heap profile of the server once ready and indexed
//
// Besides throughput and latency it prints each server's CPU time per
// request (from getrusage and /proc), which other work on the machine
// disturbs far less than throughput. See README.md beside this file.
//
// Every server listens on 127.0.0.1 on a random port and load goes to
// 127.0.0.1 only; each run is bounded by -duration. nginx runs with a
// generated configuration in a temporary folder (daemon off) and is stopped
// at the end. Targets: reader ≥ 0.9× bare Gin throughput, ≥ 0.5× nginx,
// p99 ≤ 1.3× bare Gin's, and flat from 100 to 10,000 releases.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
	"github.com/kotormo/kotormo/internal/server"
)

type options struct {
	sizes       []int
	duration    time.Duration
	warmup      time.Duration
	connections int
	threads     int
	rounds      int
	loader      string
	nginx       string
	gzip        bool
	lang        string
	cpuprofile  string
	memprofile  string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-loadgen" {
		loadgenMain(os.Args[2:])
		return
	}
	var o options
	sizes := flag.String("releases", "100,10000", "sizes of the site to measure, in releases")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "how long each load run lasts")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured load before each run")
	flag.IntVar(&o.connections, "connections", 32, "concurrent keep-alive connections")
	flag.IntVar(&o.threads, "threads", 2, "load generator threads (wrk -t)")
	flag.IntVar(&o.rounds, "rounds", 3, "runs per target; the report shows the median run")
	flag.StringVar(&o.loader, "loader", "auto", "wrk, go or auto")
	flag.StringVar(&o.nginx, "nginx", "/usr/sbin/nginx", "the nginx binary")
	flag.BoolVar(&o.gzip, "gzip", false, "also measure with Accept-Encoding: gzip")
	flag.StringVar(&o.lang, "lang", "ky", "the language of the page under load")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the reader's runs to this file")
	flag.StringVar(&o.memprofile, "memprofile", "", "write a heap profile of the ready server to FILE.N (N releases)")
	flag.Parse()
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			log.Fatalf("readerbench: bad -releases %q", *sizes)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.loader == "auto" {
		o.loader = "go"
		if _, err := exec.LookPath("wrk"); err == nil {
			o.loader = "wrk"
		}
	}
	if o.loader != "wrk" && o.loader != "go" {
		log.Fatalf("readerbench: -loader must be wrk, go or auto")
	}
	if o.duration <= 0 || o.duration > 5*time.Minute || o.connections < 1 || o.connections > 1000 || o.rounds < 1 {
		log.Fatal("readerbench: -duration must be in (0, 5m], -connections in [1, 1000], -rounds ≥ 1")
	}
	gin.SetMode(gin.ReleaseMode)
	if err := run(o); err != nil {
		log.Fatal("readerbench: ", err)
	}
}

// sizeReport is what was measured at one size of the site.
type sizeReport struct {
	releases      int
	loadTime      time.Duration
	firstLoadTime time.Duration
	// fillTime is how long filling the database took.
	fillTime time.Duration
	// publishTime is how long one publish took to be served.
	publishTime time.Duration
	heapMB      float64
	pageBytes   int
	gzBytes     int
	results     map[string]result // by target
	// roundRatios are reader/bare-gin throughput in each round: both ran
	// under the same load, so their median drifts less than the ratio of
	// the medians when other work on the machine comes and goes.
	roundRatios []float64
}

func run(o options) error {
	fmt.Printf("readerbench: %s, GOMAXPROCS=%d, %d CPUs, loader %s, %d connections, %v per run (+%v warm-up), median of %d rounds\n",
		runtime.Version(), runtime.GOMAXPROCS(0), runtime.NumCPU(), o.loader, o.connections, o.duration, o.warmup, o.rounds)
	var reports []sizeReport
	for _, n := range o.sizes {
		r, err := measureSize(o, n)
		if err != nil {
			return err
		}
		reports = append(reports, r)
	}
	printSummary(o, reports)
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("\nload average at the end: %s(other work on the machine skews throughput; CPU µs/req much less)\n", b)
	}
	return nil
}

func measureSize(o options, n int) (sizeReport, error) {
	rep := sizeReport{releases: n, results: map[string]result{}}
	ctx := context.Background()
	langs := newsroom.MustLanguages("en,ru,ky")
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	fmt.Printf("\n== %d releases × %d languages\n", n, len(langs.Codes()))
	stopFillProfile := func() {}
	if o.cpuprofile != "" {
		stopFillProfile = startProfile(fmt.Sprintf("%s.fill-%d", o.cpuprofile, n))
	}
	db, err := seedDatabase(ctx, langs, n, quiet)
	stopFillProfile()
	if err != nil {
		return rep, fmt.Errorf("filling the database: %w", err)
	}
	defer db.Close()
	rep.fillTime = db.loadTime
	fmt.Printf("   embedded database filled in %v: %d documents, copies of one release written through the store (per release: %s)\n",
		db.loadTime.Round(time.Millisecond), db.docs, db.perRelease)

	// The assembled server, as `kotormo serve` builds it after a restart:
	// a fresh store on the database, server.New (whose reader site loads
	// every published snapshot from the database), served by Serve's
	// http.Server with every middleware.
	// The very first start of a server on this database finds no reader
	// checkpoint and reads every published snapshot; it writes one, as a
	// running server does within seconds. Later starts (the measured one)
	// load it and the publish log's tail.
	first := time.Now()
	firstSrv, err := server.New(ctx, server.Config{Langs: langs, Store: mongodb.NewStore(db.db, mongodb.Options{Langs: langs}), Ping: db.db.Ping, BaseURL: "http://127.0.0.1", Logger: quiet})
	if err != nil {
		return rep, err
	}
	rep.firstLoadTime = time.Since(first)
	if err := firstSrv.Site().SaveCheckpoint(ctx, true); err != nil {
		return rep, err
	}
	for firstSrv.Site().Indexing() {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Printf("   first start, without a checkpoint: server.New ready in %v; checkpoint written %v after the start\n",
		rep.firstLoadTime.Round(time.Millisecond), time.Since(first).Round(time.Millisecond))
	firstSrv = nil

	store := mongodb.NewStore(db.db, mongodb.Options{Langs: langs})
	stopProfile := func() {}
	if o.cpuprofile != "" {
		stopProfile = startProfile(fmt.Sprintf("%s.load-%d", o.cpuprofile, n))
	}
	runtime.GC()
	var before, ms runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := selfCPU()
	start := time.Now()
	srv, err := server.New(ctx, server.Config{Langs: langs, Store: store, Ping: db.db.Ping, BaseURL: "http://127.0.0.1", Logger: quiet})
	if err != nil {
		return rep, err
	}
	rep.loadTime = time.Since(start)
	loadCPU := selfCPU() - cpu0
	stopProfile()
	fmt.Printf("   server.New ready in %v (CPU %v; search indexes of large languages follow in the background)\n",
		rep.loadTime.Round(time.Millisecond), loadCPU.Round(time.Millisecond))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return rep, err
	}
	sctx, stopServer := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx, ln, 5*time.Second) }()
	defer func() { stopServer(); <-served }()
	readerURL := "http://" + ln.Addr().String()

	// Search indexes of large languages are built in the background after
	// the site is ready; let them finish so that they do not load the runs.
	for t0 := time.Now(); srv.Site().Indexing(); time.Sleep(10 * time.Millisecond) {
		if time.Since(t0) > 2*time.Minute {
			return rep, fmt.Errorf("search indexing did not finish")
		}
	}
	fmt.Printf("   search ready %v after the start\n", time.Since(start).Round(time.Millisecond))
	runtime.GC()
	runtime.ReadMemStats(&ms)
	rep.heapMB = float64(int64(ms.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
	fmt.Printf("   Go heap the server adds, once ready and indexed: %.0f MB (target ≤ 150 MB at 10,000; the embedded database's SQLite memory is not Go heap)\n", rep.heapMB)
	if o.memprofile != "" {
		if err := writeHeapProfile(fmt.Sprintf("%s.%d", o.memprofile, n)); err != nil {
			return rep, err
		}
	}

	// The page under load: the middle release of the site, in o.lang.
	mid := readertest.Generate(n/2+1, []string{o.lang})[n/2]
	path := "/" + o.lang + "/releases/" + mid.Slug
	body, err := fetch(readerURL+path, false)
	if err != nil {
		return rep, err
	}
	gz, err := fetch(readerURL+path, true)
	if err != nil {
		return rep, err
	}
	rep.pageBytes, rep.gzBytes = len(body), len(gz)
	fmt.Printf("   page %s: %d bytes, %d gzipped\n", path, len(body), len(gz))
	if err := coldPages(readerURL, o.lang, n); err != nil {
		return rep, err
	}

	bareEngine := gin.New()
	bareEngine.GET(path, func(c *gin.Context) { c.Data(http.StatusOK, "text/html; charset=utf-8", body) })
	bareURL, stopBare, err := serve(bareEngine)
	if err != nil {
		return rep, err
	}
	defer stopBare()

	// The same bare engine behind an http.Server with the production
	// timeouts (server.DefaultTimeouts): each request then also sets read
	// and write deadlines, as the assembled server's do. It shows how much
	// of the gap is the HTTP server's settings rather than Kotormo's code.
	bareTimedURL, stopBareTimed, err := serveWithTimeouts(bareEngine, server.DefaultTimeouts())
	if err != nil {
		return rep, err
	}
	defer stopBareTimed()

	targets := []target{{"reader", readerURL + path, selfCPU}, {"bare-gin", bareURL + path, selfCPU}, {"gin+timeouts", bareTimedURL + path, selfCPU}}
	if _, err := os.Stat(o.nginx); err == nil {
		nginxURL, nginxCPU, stopNginx, err := startNginx(o.nginx, path, body)
		if err != nil {
			return rep, fmt.Errorf("starting nginx: %w", err)
		}
		defer stopNginx()
		targets = append(targets, target{"nginx", nginxURL + path, nginxCPU})
	} else {
		fmt.Printf("   nginx baseline skipped: %s not found (apt-get install -y nginx)\n", o.nginx)
	}
	for _, t := range targets {
		got, err := fetch(t.url, false)
		if err != nil {
			return rep, err
		}
		if string(got) != string(body) {
			return rep, fmt.Errorf("%s serves different bytes (%d vs %d)", t.name, len(got), len(body))
		}
	}

	runs := map[string][]result{}
	for round := 1; round <= o.rounds; round++ {
		// Rotate the order every round, so that a drift in the machine's
		// load does not always favour the same server.
		order := slices.Clone(targets)
		for range (round - 1) % len(order) {
			order = append(order[1:], order[0])
		}
		for _, t := range order {
			stopProfile := func() {}
			if o.cpuprofile != "" && t.name != "nginx" && round == 1 {
				stopProfile = startProfile(fmt.Sprintf("%s.%s-%d", o.cpuprofile, t.name, n))
			}
			cpu0 := t.cpu()
			r, err := load(o, t.url, false)
			r.cpuPerReq = cpuPerRequest(t.cpu()-cpu0, r, o)
			stopProfile()
			if err != nil {
				return rep, fmt.Errorf("loading %s: %w", t.name, err)
			}
			runs[t.name] = append(runs[t.name], r)
			fmt.Printf("   round %d %-9s %9.0f req/s  p50 %7s  p99 %7s  server CPU %5.1fµs/req\n", round, t.name, r.rps, fmtDur(r.p50), fmtDur(r.p99), r.cpuPerReq)
		}
		if o.gzip {
			cpu0 := targets[0].cpu()
			r, err := load(o, targets[0].url, true)
			if err != nil {
				return rep, err
			}
			r.cpuPerReq = cpuPerRequest(targets[0].cpu()-cpu0, r, o)
			runs["reader-gzip"] = append(runs["reader-gzip"], r)
			fmt.Printf("   round %d %-9s %9.0f req/s  p50 %7s  p99 %7s  server CPU %5.1fµs/req\n", round, "reader+gz", r.rps, fmtDur(r.p50), fmtDur(r.p99), r.cpuPerReq)
		}
	}
	for name, rs := range runs {
		rep.results[name] = median(rs)
	}
	for i := range min(len(runs["reader"]), len(runs["bare-gin"])) {
		rep.roundRatios = append(rep.roundRatios, runs["reader"][i].rps/runs["bare-gin"][i].rps)
	}

	// One publish through the store, after the load runs (its search
	// indexes are rebuilt in the background and must not disturb them): the
	// call returns once this instance serves the release (read-your-writes),
	// with everything that depends on it (lists, feeds, sitemap) rebuilt.
	fresh := readertest.Generate(1, langs.Codes())
	content, place := map[string]newsroom.Content{}, map[string]string{}
	for _, p := range fresh {
		content[p.Lang], place[p.Lang] = p.Content, p.Place
	}
	if o.cpuprofile != "" {
		stopProfile = startProfile(fmt.Sprintf("%s.publish-%d", o.cpuprofile, n))
	}
	id, err := writeApproved(ctx, store, db.users, "en", "fresh-release", fresh[0].Date.AddDate(0, 0, 1), content, place)
	if err != nil {
		return rep, err
	}
	start = time.Now()
	if _, err := store.PublishAll(ctx, db.users["editor"], id); err != nil {
		return rep, err
	}
	rep.publishTime = time.Since(start)
	stopProfile()
	if _, err := fetch(readerURL+"/en/releases/fresh-release", false); err != nil {
		return rep, fmt.Errorf("the fresh release is not served when its publish returns: %w", err)
	}
	fmt.Printf("   one publish (PublishAll, 3 languages) returned, served, in %v\n", rep.publishTime.Round(time.Millisecond))
	return rep, nil
}

func printSummary(o options, reports []sizeReport) {
	fmt.Printf("\n== Summary (median of %d rounds; %d connections; same page bytes from every server)\n\n", o.rounds, o.connections)
	fmt.Printf("%9s  %-11s %11s %9s %9s %14s\n", "releases", "server", "req/s", "p50", "p99", "CPU µs/req")
	for _, rep := range reports {
		for _, name := range []string{"reader", "reader-gzip", "bare-gin", "gin+timeouts", "nginx"} {
			r, ok := rep.results[name]
			if !ok {
				continue
			}
			fmt.Printf("%9d  %-11s %11.0f %9s %9s %14.1f\n", rep.releases, name, r.rps, fmtDur(r.p50), fmtDur(r.p99), r.cpuPerReq)
		}
	}
	fmt.Println()
	for _, rep := range reports {
		rd, bare := rep.results["reader"], rep.results["bare-gin"]
		fmt.Printf("%d releases: reader/bare-gin throughput %.2f× (target ≥ 0.9×) %s;  p99 reader/bare-gin %.2f× (target ≤ 1.3×) %s\n",
			rep.releases, rd.rps/bare.rps, verdict(rd.rps/bare.rps >= 0.9), float64(rd.p99)/float64(bare.p99), verdict(float64(rd.p99) <= 1.3*float64(bare.p99)))
		if ng, ok := rep.results["nginx"]; ok {
			fmt.Printf("%d releases: reader/nginx throughput %.2f× (target ≥ 0.5×) %s;  bare-gin/nginx %.2f×\n",
				rep.releases, rd.rps/ng.rps, verdict(rd.rps/ng.rps >= 0.5), bare.rps/ng.rps)
			fmt.Printf("%d releases: server CPU per request: reader %.1fµs, bare-gin %.1fµs (reader costs %.2f× bare), nginx %.1fµs\n",
				rep.releases, rd.cpuPerReq, bare.cpuPerReq, rd.cpuPerReq/bare.cpuPerReq, ng.cpuPerReq)
		}
		if rr := slices.Sorted(slices.Values(rep.roundRatios)); len(rr) > 0 {
			fmt.Printf("%d releases: reader/bare-gin throughput within each round: %.2f×", rep.releases, rr[len(rr)/2])
			for _, r := range rep.roundRatios {
				fmt.Printf(" %.2f", r)
			}
			fmt.Printf(" (median, then each round)\n")
		}
		if timed, ok := rep.results["gin+timeouts"]; ok {
			fmt.Printf("%d releases: bare Gin with the production timeouts: %.2f× bare Gin's throughput, CPU %.1fµs; reader/gin+timeouts throughput %.2f×\n",
				rep.releases, timed.rps/bare.rps, timed.cpuPerReq, rd.rps/timed.rps)
		}
	}
	if len(reports) >= 2 {
		a, b := reports[0], reports[len(reports)-1]
		ra, rb := a.results["reader"], b.results["reader"]
		fmt.Printf("\nPage latency at %d vs %d releases: p50 %s vs %s, p99 %s vs %s, throughput %.0f vs %.0f req/s (%.2f×)\n",
			a.releases, b.releases, fmtDur(ra.p50), fmtDur(rb.p50), fmtDur(ra.p99), fmtDur(rb.p99), ra.rps, rb.rps, rb.rps/ra.rps)
		fmt.Printf("server.New (the reader loads from the database): %v at %d, %v at %d; heap it adds %.0f MB vs %.0f MB\n",
			a.loadTime.Round(time.Millisecond), a.releases, b.loadTime.Round(time.Millisecond), b.releases, a.heapMB, b.heapMB)
		fmt.Printf("Filling the embedded database (setup, not measured as serving): %v at %d, %v at %d\n",
			a.fillTime.Round(time.Millisecond), a.releases, b.fillTime.Round(time.Millisecond), b.releases)
		fmt.Printf("One publish (PublishAll) until its call returns, served: %v at %d, %v at %d\n",
			a.publishTime.Round(time.Millisecond), a.releases, b.publishTime.Round(time.Millisecond), b.releases)
	}
}

func startProfile(path string) func() {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	return errors.Join(pprof.WriteHeapProfile(f), f.Close())
}

// selfCPU returns the CPU time this process has used (the in-process servers).
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procCPU returns the CPU time of process pid and its children, from /proc.
func procCPU(pid int) time.Duration {
	total := statCPU(pid)
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err == nil {
		for _, f := range strings.Fields(string(b)) {
			if child, err := strconv.Atoi(f); err == nil {
				total += statCPU(child)
			}
		}
	}
	return total
}

// statCPU reads utime+stime of one process.
func statCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/*/stat times (100 on Linux).
const clockTicks = 100

func verdict(ok bool) string {
	if ok {
		return "OK"
	}
	return "MISSED"
}

// serve runs h on 127.0.0.1 on a random port.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// serveWithTimeouts serves h as Server.Serve does: with t's timeouts.
func serveWithTimeouts(h http.Handler, t server.Timeouts) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read, WriteTimeout: t.Write, IdleTimeout: t.Idle}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// fetch GETs url and returns the body as sent (gzip not decoded).
func fetch(url string, gzip bool) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 10 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// startNginx serves body at path from a file, with a generated configuration
// in a temporary folder, and returns its base URL and a function that stops it.
func startNginx(bin, path string, body []byte) (string, func() time.Duration, func(), error) {
	dir, err := os.MkdirTemp("", "readerbench-nginx-")
	if err != nil {
		return "", nil, nil, err
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	// nginx's workers may run as an unprivileged user: let them read the page.
	if err := os.Chmod(dir, 0o755); err != nil {
		cleanup()
		return "", nil, nil, err
	}
	root := filepath.Join(dir, "html")
	file := filepath.Join(root, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		cleanup()
		return "", nil, nil, err
	}
	if err := os.WriteFile(file, body, 0o644); err != nil {
		cleanup()
		return "", nil, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cleanup()
		return "", nil, nil, err
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	conf := fmt.Sprintf(`daemon off;
master_process on;
worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    open_file_cache max=100 inactive=60s;
    keepalive_timeout 65;
    keepalive_requests 100000000;
    default_type "text/html; charset=utf-8";
    client_body_temp_path %[1]s/tmp;
    proxy_temp_path %[1]s/tmp;
    fastcgi_temp_path %[1]s/tmp;
    uwsgi_temp_path %[1]s/tmp;
    scgi_temp_path %[1]s/tmp;
    server {
        listen %[2]s;
        root %[3]s;
        location / { }
    }
}
`, dir, addr, root)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		cleanup()
		return "", nil, nil, err
	}
	_ = os.MkdirAll(filepath.Join(dir, "tmp"), 0o755)
	cmd := exec.Command(bin, "-p", dir, "-c", confPath)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		cleanup()
		return "", nil, nil, err
	}
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt) // SIGINT: fast shutdown of the master and its workers
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		cleanup()
	}
	url := "http://" + addr
	for i := 0; ; i++ {
		if _, err := fetch(url+path, false); err == nil {
			break
		} else if i > 100 {
			stop()
			return "", nil, nil, fmt.Errorf("nginx did not answer: %w", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	pid := cmd.Process.Pid
	return url, func() time.Duration { return procCPU(pid) }, stop, nil
}

// target is a server under load; cpu returns the CPU time its process(es)
// have used so far.
type target struct {
	name, url string
	cpu       func() time.Duration
}

// result is one load run's outcome.
type result struct {
	rps      float64
	p50, p99 time.Duration
	errors   int
	// cpuPerReq is the server's CPU time per request in µs: unlike
	// throughput it hardly depends on what else the machine is doing.
	cpuPerReq float64
}

func cpuPerRequest(cpu time.Duration, r result, o options) float64 {
	reqs := r.rps * o.duration.Seconds()
	if reqs <= 0 {
		return 0
	}
	return float64(cpu.Microseconds()) / reqs
}

func median(rs []result) result {
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b result) int {
		switch {
		case a.rps < b.rps:
			return -1
		case a.rps > b.rps:
			return 1
		}
		return 0
	})
	m := s[len(s)/2]
	// p99 reported is the median of the rounds' p99s, not that of the median-throughput run.
	p99s := make([]time.Duration, len(rs))
	p50s := make([]time.Duration, len(rs))
	for i, r := range rs {
		p99s[i], p50s[i] = r.p99, r.p50
	}
	slices.Sort(p99s)
	slices.Sort(p50s)
	m.p99, m.p50 = p99s[len(p99s)/2], p50s[len(p50s)/2]
	cpus := make([]float64, len(rs))
	for i, r := range rs {
		cpus[i] = r.cpuPerReq
	}
	slices.Sort(cpus)
	m.cpuPerReq = cpus[len(cpus)/2]
	return m
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%dµs", d.Microseconds())
	}
}
