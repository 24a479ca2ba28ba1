package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// load runs the configured load generator against url for o.warmup (not
// measured) and then o.duration.
func load(o options, target string, gzip bool) (result, error) {
	if !isLoopback(target) {
		return result{}, fmt.Errorf("refusing to load %s: only 127.0.0.1 is allowed", target)
	}
	if o.warmup > 0 {
		if _, err := loadOnce(o, target, gzip, o.warmup); err != nil {
			return result{}, err
		}
	}
	return loadOnce(o, target, gzip, o.duration)
}

func loadOnce(o options, target string, gzip bool, d time.Duration) (result, error) {
	if o.loader == "wrk" {
		return runWrk(o, target, gzip, d)
	}
	// The Go generator runs in its own process so that it does not share
	// the servers' Go runtime (scheduler, GC) in this one.
	exe, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	args := []string{"-loadgen", "-url", target, "-c", strconv.Itoa(o.connections), "-d", d.String()}
	if gzip {
		args = append(args, "-gzip")
	}
	out, err := exec.Command(exe, args...).Output()
	if err != nil {
		return result{}, fmt.Errorf("load generator: %w", err)
	}
	var r result
	var p50, p99 int64
	if _, err := fmt.Sscanf(string(out), "%f %d %d %d", &r.rps, &p50, &p99, &r.errors); err != nil {
		return result{}, fmt.Errorf("load generator output %q: %w", out, err)
	}
	r.p50, r.p99 = time.Duration(p50), time.Duration(p99)
	if r.errors > 0 {
		return r, fmt.Errorf("%d failed requests", r.errors)
	}
	return r, nil
}

func isLoopback(target string) bool {
	u, err := url.Parse(target)
	if err != nil {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

var (
	wrkRPS     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkPercent = regexp.MustCompile(`(?m)^\s+(50|99)(?:\.000)?%\s+([0-9.]+)(us|ms|s)\s*$`)
	wrkErrors  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)|Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// runWrk runs Debian's wrk and parses its report.
func runWrk(o options, target string, gzip bool, d time.Duration) (result, error) {
	secs := max(1, int(d.Round(time.Second)/time.Second))
	args := []string{"-t", strconv.Itoa(o.threads), "-c", strconv.Itoa(o.connections), "-d", strconv.Itoa(secs) + "s", "--latency"}
	if gzip {
		args = append(args, "-H", "Accept-Encoding: gzip")
	}
	args = append(args, target)
	out, err := exec.Command("wrk", args...).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %w: %s", err, out)
	}
	s := string(out)
	var r result
	m := wrkRPS.FindStringSubmatch(s)
	if m == nil {
		return r, fmt.Errorf("wrk printed no Requests/sec:\n%s", s)
	}
	r.rps, _ = strconv.ParseFloat(m[1], 64)
	for _, m := range wrkPercent.FindAllStringSubmatch(s, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		unit := map[string]float64{"us": 1e3, "ms": 1e6, "s": 1e9}[m[3]]
		d := time.Duration(v * unit)
		if m[1] == "50" {
			r.p50 = d
		} else {
			r.p99 = d
		}
	}
	if r.p50 == 0 || r.p99 == 0 {
		return r, fmt.Errorf("wrk printed no latency distribution:\n%s", s)
	}
	if m := wrkErrors.FindStringSubmatch(s); m != nil {
		return r, fmt.Errorf("wrk saw errors:\n%s", s)
	}
	return r, nil
}

// loadgenMain is the built-in load generator (readerbench -loadgen …): c
// keep-alive connections send GET requests back to back for d, and it
// prints "req/s p50-ns p99-ns errors".
func loadgenMain(args []string) {
	fs := flag.NewFlagSet("loadgen", flag.ExitOnError)
	target := fs.String("url", "", "URL to load (127.0.0.1 only)")
	conns := fs.Int("c", 32, "connections")
	d := fs.Duration("d", 5*time.Second, "duration")
	gzip := fs.Bool("gzip", false, "send Accept-Encoding: gzip")
	_ = fs.Parse(args)
	u, err := url.Parse(*target)
	if err != nil || !isLoopback(*target) || *d <= 0 || *d > 5*time.Minute || *conns < 1 || *conns > 1000 {
		fmt.Fprintln(os.Stderr, "loadgen: bad arguments")
		os.Exit(2)
	}
	req := "GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUser-Agent: readerbench\r\nAccept: */*\r\n"
	if *gzip {
		req += "Accept-Encoding: gzip\r\n"
	}
	req += "\r\n"

	deadline := time.Now().Add(*d)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		wg        sync.WaitGroup
	)
	start := time.Now()
	for range *conns {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 1<<16)
			n, e := connLoop(u.Host, []byte(req), deadline, &lat)
			_ = n
			mu.Lock()
			latencies = append(latencies, lat...)
			errs += e
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	fmt.Printf("%f %d %d %d\n", float64(len(latencies))/elapsed.Seconds(), pct(0.50), pct(0.99), errs)
}

// connLoop sends requests on one connection until deadline, reconnecting
// after an error, and records each request's latency.
func connLoop(host string, req []byte, deadline time.Time, lat *[]time.Duration) (int, int) {
	errs := 0
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", host, time.Second)
		if err != nil {
			errs++
			time.Sleep(10 * time.Millisecond)
			continue
		}
		br := bufio.NewReaderSize(conn, 64<<10)
		for time.Now().Before(deadline) {
			t0 := time.Now()
			if _, err := conn.Write(req); err != nil {
				errs++
				break
			}
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				errs++
				break
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				errs++
				break
			}
			*lat = append(*lat, time.Since(t0))
		}
		conn.Close()
	}
	return len(*lat), errs
}
