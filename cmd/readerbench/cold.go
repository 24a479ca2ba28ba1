package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/kotormo/kotormo/internal/reader"
	"github.com/kotormo/kotormo/internal/reader/readertest"
)

// coldPages fetches, one at a time, pages of releases older than the hot
// ones, each for the first time: rendered on demand into the page cache.
// It prints their latency and CPU time (this process: server and client).
func coldPages(url, lang string, n int) error {
	if n <= reader.DefaultHotReleases {
		fmt.Printf("   cold pages: none (all %d releases are hot)\n", n)
		return nil
	}
	const count = 200
	all := readertest.Generate(n, []string{lang})
	var lat []time.Duration
	cpu0 := selfCPU()
	for i := range count {
		p := all[reader.DefaultHotReleases+(i*7919)%(n-reader.DefaultHotReleases)]
		t0 := time.Now()
		resp, err := http.Get(url + "/" + lang + "/releases/" + p.Slug)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("cold page %s: %d", p.Slug, resp.StatusCode)
		}
		lat = append(lat, time.Since(t0))
	}
	cpu := (selfCPU() - cpu0) / count
	slices.Sort(lat)
	q := func(f float64) time.Duration { return lat[min(len(lat)-1, int(f*float64(len(lat))))] }
	fmt.Printf("   cold release page (first request, rendered on demand): n=%d p50 %s p99 %s, CPU %s per page (target p99 ≤ 20 ms)\n",
		count, fmtDur(q(.5)), fmtDur(q(.99)), cpu.Round(time.Microsecond))
	return nil
}
