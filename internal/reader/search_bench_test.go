package reader_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/reader/readertest"
)

// largeBody returns a Markdown body of about size bytes whose words include
// "water" only near its end.
func largeBody(size int) string {
	para := "The *office* and its [partners](https://example.org/partners) met district officials, " +
		"teachers and **health workers** to discuss schools, clinics and roads in the region. "
	var b strings.Builder
	for b.Len() < size-200 {
		b.WriteString(para)
		b.WriteString(para)
		b.WriteString("\n\n")
	}
	b.WriteString("Clean water now reaches forty villages.\n")
	return b.String()
}

// BenchmarkSearchLargeBodies is the figure of issue 8 (search renders whole
// bodies): 20 published releases with 143 KB bodies, all matching the query,
// searched by 6 concurrent readers; it reports the p95 latency of a search
// page. Run it with
//
//	go test ./internal/reader/ -run '^$' -bench SearchLargeBodies -benchtime 1x
func BenchmarkSearchLargeBodies(b *testing.B) {
	const (
		releases  = 20
		bodySize  = 143 << 10
		searchers = 6
		perSearch = 3 // requests per searcher per round
	)
	body := largeBody(bodySize)
	var ps []*newsroom.Published
	for i := range releases {
		ps = append(ps, readertest.Snapshot(fmt.Sprint("big-", i), fmt.Sprint("big-", i), "en", "en", day.AddDate(0, 0, -i), "Bishkek",
			newsroom.Content{Title: fmt.Sprint("Report ", i), Lead: "A long report.", Body: body}, published))
	}
	f := newFixture(b, readertest.NewSource(ps...), withLangs("en"))
	url := f.srv.URL + "/en/search?q=water"
	var lat []time.Duration
	b.ResetTimer()
	for range b.N {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range searchers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range perSearch {
					start := time.Now()
					resp, err := http.Get(url)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					d := time.Since(start)
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
	}
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		p95 := lat[(len(lat)*95+99)/100-1]
		b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	}
}
