package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashChild is the real program in a child process over data, paused at
// step of the write protocol when step is not "".
type crashChild struct {
	cmd    *exec.Cmd
	base   string
	paused chan struct{}
}

func startCrashChild(t *testing.T, data, step string) *crashChild {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--data", data, "--demo")
	cmd.Env = append(os.Environ(), "KOTORMO_RUN_MAIN=1", "KOTORMO_TEST_PAUSE_AT="+step)
	stderr, _ := cmd.StderrPipe()
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &crashChild{cmd: cmd, paused: make(chan struct{})}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=serving addr=(\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
			if strings.Contains(sc.Text(), `msg="test pause"`) {
				close(c.paused)
			}
		}
	}()
	select {
	case a := <-addr:
		c.base = "http://" + a
	case <-time.After(90 * time.Second):
		t.Fatal("child did not start")
	}
	return c
}

// fire sends a request whose answer never comes: the process is killed
// while it is being served.
func fire(method, url, tok string, body any) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
}

// kill9 ends the child the hard way, as a crash or an OOM kill would.
func (c *crashChild) kill9(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()
}

type auditLine struct {
	Lang, Action, Comment string
	Rev                   int
}

func auditOf(t *testing.T, base, tok, id string) []auditLine {
	t.Helper()
	st, body := request(t, "GET", base+"/api/v1/releases/"+id+"/audit", tok, nil)
	if st != 200 {
		t.Fatalf("audit: %d %s", st, body)
	}
	var out struct{ Entries []auditLine }
	_ = json.Unmarshal(body, &out)
	return out.Entries
}

func count(lines []auditLine, lang, action string, rev int) int {
	n := 0
	for _, l := range lines {
		if l.Lang == lang && l.Action == action && (rev == 0 || l.Rev == rev) {
			n++
		}
	}
	return n
}

// retry repeats a request until it answers 200: right after a restart the
// interrupted write's claim is fresh, and writers wait for it (409) until it
// is old enough to be rolled forward.
func retry(t *testing.T, method, url, tok string, body any) []byte {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, b := request(t, method, url, tok, body)
		if st == 200 {
			return b
		}
		if st != http.StatusConflict || time.Now().After(deadline) {
			t.Fatalf("%s %s: %d %s", method, url, st, b)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestKillNineAtEachStepOfTheWriteProtocol stops the program with SIGKILL at
// each step of a write (after the claim, after the side effect), restarts
// it on the same data and checks that version heads, revisions, published
// snapshots, the reader site and the audit log agree: the log shows what
// happened and nothing that did not.
func TestKillNineAtEachStepOfTheWriteProtocol(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the program many times")
	}
	type state struct{ id, slug string }
	// prepare makes a release whose English source is approved (rev 1).
	prepare := func(t *testing.T, base string) state {
		ed := login(t, base, "editor@kotormo.local", "demo-editor-password")
		rv := login(t, base, "reviewer@kotormo.local", "demo-reviewer-password")
		slug := fmt.Sprintf("crash-%d", time.Now().UnixNano())
		st, b := request(t, "POST", base+"/api/v1/releases", ed, map[string]any{"slug": slug, "source_lang": "en", "date": "2026-11-20", "title": "Crash test", "body": "Text."})
		if st != 201 {
			t.Fatalf("create: %d %s", st, b)
		}
		var r struct{ ID string }
		_ = json.Unmarshal(b, &r)
		retry(t, "POST", base+"/api/v1/releases/"+r.ID+"/versions/en/submit", ed, map[string]any{})
		retry(t, "POST", base+"/api/v1/releases/"+r.ID+"/versions/en/approve", rv, map[string]any{})
		return state{r.ID, slug}
	}
	steps := []struct {
		step  string
		act   func(t *testing.T, base, ed string, s state) // the write that is interrupted
		after func(t *testing.T, base, ed string, s state) // after the restart
	}{
		{
			step: "claimed save",
			act: func(t *testing.T, base, ed string, s state) {
				fire("PUT", base+"/api/v1/releases/"+s.id+"/versions/en", ed, map[string]any{"base_rev": 1, "title": "Lost", "lead": "", "body": "Never written."})
			},
			after: func(t *testing.T, base, ed string, s state) {
				retry(t, "PUT", base+"/api/v1/releases/"+s.id+"/versions/en", ed, map[string]any{"base_rev": 1, "title": "Kept", "lead": "", "body": "Written."})
				a := auditOf(t, base, ed, s.id)
				if n := count(a, "en", "save", 2); n != 1 {
					t.Errorf("the log shows %d saves of revision 2, want 1: %+v", n, a)
				}
				if st, b := request(t, "GET", base+"/api/v1/releases/"+s.id+"/versions/en/revisions/2", ed, nil); st != 200 || !strings.Contains(string(b), "Kept") {
					t.Errorf("revision 2: %d %s", st, b)
				}
			},
		},
		{
			step: "applied save",
			act: func(t *testing.T, base, ed string, s state) {
				fire("PUT", base+"/api/v1/releases/"+s.id+"/versions/en", ed, map[string]any{"base_rev": 1, "title": "Rolled forward", "lead": "", "body": "Written before the crash."})
			},
			after: func(t *testing.T, base, ed string, s state) {
				// The next writer finishes the interrupted save: it is revision 2.
				retry(t, "POST", base+"/api/v1/releases/"+s.id+"/versions/en/submit", ed, map[string]any{})
				a := auditOf(t, base, ed, s.id)
				if count(a, "en", "save", 2) != 1 || count(a, "en", "submit", 0) != 2 {
					t.Errorf("log: %+v", a)
				}
				if st, b := request(t, "GET", base+"/api/v1/releases/"+s.id+"/versions/en/revisions/2", ed, nil); st != 200 || !strings.Contains(string(b), "Rolled forward") {
					t.Errorf("revision 2: %d %s", st, b)
				}
			},
		},
		{
			step: "claimed publish",
			act: func(t *testing.T, base, ed string, s state) {
				fire("POST", base+"/api/v1/releases/"+s.id+"/versions/en/publish", ed, map[string]any{})
			},
			after: func(t *testing.T, base, ed string, s state) {
				// The publish never happened: the next one is the only one logged.
				retry(t, "POST", base+"/api/v1/releases/"+s.id+"/versions/en/publish", ed, map[string]any{})
				if n := count(auditOf(t, base, ed, s.id), "en", "publish", 0); n != 1 {
					t.Errorf("the log shows %d publishes, want 1", n)
				}
				if st, _ := request(t, "GET", base+"/en/releases/"+s.slug, "", nil); st != 200 {
					t.Errorf("the published release answers %d", st)
				}
			},
		},
		{
			step: "claimed update",
			act: func(t *testing.T, base, ed string, s state) {
				fire("PATCH", base+"/api/v1/releases/"+s.id, ed, map[string]any{"embargo_until": "2030-01-01T03:00:00Z"})
			},
			after: func(t *testing.T, base, ed string, s state) {
				// The claim carries the new document: the next update finishes it first.
				b := retry(t, "PATCH", base+"/api/v1/releases/"+s.id, ed, map[string]any{"date": "2026-11-21"})
				var r struct {
					Date         string `json:"date"`
					EmbargoUntil string `json:"embargo_until"`
				}
				_ = json.Unmarshal(b, &r)
				if r.Date != "2026-11-21" || r.EmbargoUntil != "2030-01-01T03:00:00Z" {
					t.Errorf("release after the restart: %+v", r)
				}
				if a := auditOf(t, base, ed, s.id); count(a, "", "update", 0) != 2 {
					t.Errorf("log: %+v", a)
				}
			},
		},
	}
	for _, tc := range steps {
		t.Run("killed at "+tc.step, func(t *testing.T) {
			// The demo is loaded and the release prepared by a first run:
			// loading the demo writes too, and must not stop at the pause.
			data := t.TempDir()
			c := startCrashChild(t, data, "")
			s := prepare(t, c.base)
			c.kill9(t)
			c = startCrashChild(t, data, tc.step)
			ed := login(t, c.base, "editor@kotormo.local", "demo-editor-password")
			go tc.act(t, c.base, ed, s)
			select {
			case <-c.paused:
			case <-time.After(30 * time.Second):
				t.Fatal("the write never reached " + tc.step)
			}
			c.kill9(t)
			c = startCrashChild(t, data, "")
			tc.after(t, c.base, login(t, c.base, "editor@kotormo.local", "demo-editor-password"), s)
		})
	}
}
