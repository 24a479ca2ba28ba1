package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

func TestTwentyConcurrentSavesOnOneBaseRevisionLetExactlyOneThrough(t *testing.T) {
	e := newEnv(t, "")
	id := e.newRelease("Race").s("id")
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		codes = map[int]int{}
		revs  = map[int]int{}
		start = make(chan struct{})
	)
	for i := range 20 {
		wg.Go(func() {
			<-start
			w := e.as("editor", "PUT", "/releases/"+id+"/versions/en", map[string]any{
				"base_rev": 1, "title": "Race", "lead": "", "body": fmt.Sprintf("Writer %d was here.", i),
			})
			mu.Lock()
			defer mu.Unlock()
			codes[w.Code]++
			if w.Code == http.StatusConflict {
				revs[decodeObj(t, w).o("error").n("current_rev")]++
			}
		})
	}
	close(start)
	wg.Wait()
	if codes[http.StatusOK] != 1 || codes[http.StatusConflict] != 19 {
		t.Fatalf("status counts %v, want one 200 and nineteen 409", codes)
	}
	if revs[2] != 19 {
		t.Fatalf("409s name current revisions %v, want all 2", revs)
	}
	if v := e.version(id, "en"); v.n("rev") != 2 {
		t.Fatalf("head: %v", v)
	}
	if n := len(e.ok(http.StatusOK, "editor", "GET", "/releases/"+id+"/versions/en/revisions", nil).list("revisions")); n != 2 {
		t.Fatalf("%d revisions stored, want 2", n)
	}
}

func TestConcurrentSavesToDifferentLanguagesAllSucceed(t *testing.T) {
	e := newEnv(t, "en,ru,ky,uz,kk")
	id := e.newRelease("Parallel").s("id")
	langs := []string{"ru", "ky", "uz", "kk"}
	var wg sync.WaitGroup
	codes := make([]int, len(langs)*2)
	for i, l := range langs {
		for j := range 2 { // a save per language, racing a reader of the whole release
			wg.Go(func() {
				if j == 0 {
					codes[i*2] = e.as("editor", "PUT", "/releases/"+id+"/versions/"+l, map[string]any{"base_rev": 0, "title": "T " + l, "lead": "", "body": "B " + l}).Code
				} else {
					codes[i*2+1] = e.as("editor", "GET", "/releases/"+id, nil).Code
				}
			})
		}
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Fatalf("request %d: status %d", i, c)
		}
	}
	r := e.ok(http.StatusOK, "editor", "GET", "/releases/"+id, nil)
	for _, l := range langs {
		if v := r.o("versions").o(l); v.n("rev") != 1 || v.s("title") != "T "+l {
			t.Fatalf("%s: %v", l, v)
		}
	}
}
