package auth_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
)

// BenchmarkLoginBurst measures what 60 concurrent wrong logins from one
// address, each for a different email, cost in memory: it resets the
// kernel's peak-RSS mark, fires the burst at a real login route over a real
// embedded database, and reports the peak RSS growth. Run it with
//
//	go test -run XXX -bench BenchmarkLoginBurst -benchtime 1x ./internal/auth
//
// The target is at most 150 MB of growth.
func BenchmarkLoginBurst(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	store := mongotest.Store(b, "")
	a := auth.New(auth.Config{Users: store})
	e := gin.New()
	e.POST("/login", func(c *gin.Context) {
		var in struct{ Email, Password string }
		_ = c.BindJSON(&in)
		if _, _, err := a.Login(c, in.Email, in.Password); err != nil {
			c.String(statusOf(err), "%v", err)
			return
		}
		c.Status(http.StatusOK)
	})
	for i := 0; b.Loop(); i++ {
		before := procStatus(b, "VmRSS")
		if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
			b.Skipf("cannot reset the peak RSS mark: %v", err)
		}
		statuses := map[int]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for j := range 60 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body, _ := json.Marshal(map[string]string{"email": fmt.Sprintf("burst-%d-%d@example.org", i, j), "password": "wrong password"})
				r := httptest.NewRequest("POST", "/login", bytes.NewReader(body))
				r.RemoteAddr = "198.51.100.7:4000"
				w := httptest.NewRecorder()
				e.ServeHTTP(w, r)
				mu.Lock()
				statuses[w.Code]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		peak := procStatus(b, "VmHWM")
		growth := float64(peak-before) / 1024
		fmt.Printf("login burst: RSS before %.0f MB, peak %.0f MB, growth %.0f MB; answers %v\n", float64(before)/1024, float64(peak)/1024, growth, statuses)
		b.ReportMetric(growth, "MB-peak-RSS-growth")
	}
}

func statusOf(err error) int {
	if strings.HasPrefix(err.Error(), "too_many") {
		return http.StatusTooManyRequests
	}
	return http.StatusUnauthorized
}

// procStatus returns a /proc/self/status field in kB.
func procStatus(b *testing.B, field string) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	b.Skipf("no %s in /proc/self/status", field)
	return 0
}
