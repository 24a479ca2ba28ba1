package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// from sends req as if from client address addr.
func from(addr string, req *http.Request) *http.Request {
	req.RemoteAddr = addr + ":40000"
	return req
}

func TestConcurrentWrongLoginsAreChargedBeforeAnyHashRuns(t *testing.T) {
	e := newEnv(t, "", withLoginLimit)
	e.user("editor")
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := e.serve(from("198.51.100.7", request("POST", "/login", map[string]string{"email": "editor@un.example", "password": "wrong password"})))
			mu.Lock()
			statuses[w.Code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	// The default burst is 5 failures per account and address: the other 25
	// are refused before they cost a hash, however they interleave.
	if statuses[http.StatusUnauthorized] > 5 || statuses[http.StatusTooManyRequests] < 25 {
		t.Fatalf("30 concurrent wrong logins for one account from one address: %v, want at most 5 × 401 and the rest 429", statuses)
	}
}

func TestALoginBurstWithDistinctEmailsRunsAtMostTheCappedNumberOfHashesAtOnce(t *testing.T) {
	e := newEnv(t, "", withLoginLimit)
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := e.serve(from("198.51.100.7", request("POST", "/login", map[string]string{"email": fmt.Sprintf("nobody%d@un.example", i), "password": "wrong password"})))
			if w.Code == http.StatusTooManyRequests && w.Header().Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
			mu.Lock()
			statuses[w.Code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[http.StatusUnauthorized]+statuses[http.StatusTooManyRequests] != 60 {
		t.Fatalf("answers %v, want only 401 and 429", statuses)
	}
	if peak := e.store.PeakHashes(); peak != 1 {
		t.Fatalf("%d password hashes ran at once, want 1, the default cap (answers %v)", peak, statuses)
	}
}

func TestAnAnonymousAttackerCannotLockOutTheRealPerson(t *testing.T) {
	e := newEnv(t, "", withLoginLimit)
	e.user("editor")
	last := 0
	for range 8 {
		last = e.serve(from("203.0.113.66", request("POST", "/login", map[string]string{"email": "editor@un.example", "password": "a guess"}))).Code
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("the attacker's 8th guess answered %d, want 429", last)
	}
	if w := e.serve(from("192.0.2.10", request("POST", "/login", map[string]string{"email": "editor@un.example", "password": password}))); w.Code != http.StatusOK {
		t.Fatalf("the real person, from their own address, got %d %s", w.Code, w.Body)
	}
}

func TestFailuresBehindASharedProxyAddressDoNotLockEverybodyOut(t *testing.T) {
	e := newEnv(t, "", withLoginLimit)
	e.user("editor")
	// Behind a reverse proxy everyone has the proxy's address; 30 people
	// mistyping at once must not lock out the 31st.
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.serve(from("10.0.0.1", request("POST", "/login", map[string]string{"email": fmt.Sprintf("someone%d@un.example", i), "password": "a guess"})))
		}()
	}
	wg.Wait()
	if w := e.serve(from("10.0.0.1", request("POST", "/login", map[string]string{"email": "editor@un.example", "password": password}))); w.Code != http.StatusOK {
		t.Fatalf("a colleague behind the same proxy got %d %s", w.Code, w.Body)
	}
}

func TestGuessingTheCurrentPasswordInPatchMeIsThrottled(t *testing.T) {
	e := newEnv(t, "", withLoginLimit)
	tok := e.token("editor")
	var w *httptest.ResponseRecorder
	for range 8 {
		r := request("PATCH", "/me", map[string]string{"password": "a brand new password", "current_password": "a guess"})
		r.Header.Set("Authorization", "Bearer "+tok)
		w = e.serve(r)
		if w.Code == http.StatusTooManyRequests {
			break
		}
		errorOf(t, w, http.StatusForbidden, "forbidden")
	}
	errorOf(t, w, http.StatusTooManyRequests, "too_many")
	if w.Header().Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
}
