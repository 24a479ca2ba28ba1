package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run this binary as the real program in a child
// process (KOTORMO_RUN_MAIN=1), so that it can be sent real signals.
func TestMain(m *testing.M) {
	if os.Getenv("KOTORMO_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func noEnv(string) string { return "" }

// start runs the whole program in-process on a random port and returns its base URL.
func start(t *testing.T, args ...string) (base string, stdout *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	stdout = &syncBuffer{}
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), noEnv, strings.NewReader(""), stdout, io.Discard, ready)
	}()
	select {
	case addr := <-ready:
		base = "http://" + addr
	case err := <-done:
		cancel()
		t.Fatalf("server did not start: %v", err)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("server did not start within 60 s")
	}
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return base, stdout, stop
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func request(t *testing.T, method, url, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

func login(t *testing.T, base, email, password string) string {
	t.Helper()
	status, body := request(t, "POST", base+"/api/v1/login", "", map[string]string{"email": email, "password": password})
	if status != http.StatusOK {
		t.Fatalf("login %s: %d %s", email, status, body)
	}
	var out struct{ Token string }
	_ = json.Unmarshal(body, &out)
	return out.Token
}

func TestTheWholeProgramServesTheDemo(t *testing.T) {
	data := t.TempDir()
	base, stdout, stop := start(t, "--data", data, "--demo")
	if !strings.Contains(stdout.String(), "editor@kotormo.local") {
		t.Fatalf("demo logins not printed:\n%s", stdout.String())
	}
	for path, want := range map[string]int{
		"/healthz": 200, "/readyz": 200, "/metrics": 200,
		"/en/releases/solar-water-naryn": 200, "/ru/releases/solar-water-naryn": 200,
		"/ky/releases/solar-water-naryn": 404, // in review: not published in Kyrgyz
		"/api/v1/releases":               401,
		"/api/v1/openapi.json":           200,
	} {
		if status, body := request(t, "GET", base+path, "", nil); status != want {
			t.Errorf("GET %s = %d, want %d: %.200s", path, status, want, body)
		}
	}
	tok := login(t, base, "editor@kotormo.local", "demo-editor-password")
	status, body := request(t, "GET", base+"/api/v1/releases/solar-water-naryn", tok, nil)
	var rel struct {
		Versions map[string]struct {
			State string `json:"state"`
		} `json:"versions"`
	}
	_ = json.Unmarshal(body, &rel)
	if status != 200 || rel.Versions["en"].State != "published" || rel.Versions["ru"].State != "published" || rel.Versions["ky"].State != "in_review" {
		t.Fatalf("demo release: %d %s", status, body)
	}
	if err := stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	// A second start on the same data finds the demo and loads nothing twice.
	base, stdout, _ = start(t, "--data", data, "--demo")
	if strings.Contains(stdout.String(), "Demo data loaded") {
		t.Fatal("demo loaded twice")
	}
	if status, _ := request(t, "GET", base+"/en/releases/solar-water-naryn", "", nil); status != 200 {
		t.Fatalf("after restart: %d", status)
	}
}

func TestUserAddWorksBeforeTheServerEverRan(t *testing.T) {
	data := t.TempDir()
	var out bytes.Buffer
	args := []string{"user", "add", "--data", data, "--email", "Admin@Example.org", "--name", "Admin", "--roles", "admin,editor"}
	if err := run(context.Background(), args, noEnv, strings.NewReader("a long secret password\n"), &out, io.Discard, nil); err != nil {
		t.Fatalf("user add: %v", err)
	}
	if err := run(context.Background(), args, noEnv, strings.NewReader("a long secret password\n"), &out, io.Discard, nil); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second user add: %v", err)
	}
	tr := []string{"user", "add", "--data", data, "--email", "tr@example.org", "--name", "Tr", "--roles", "translator", "--langs", "ru,ky"}
	if err := run(context.Background(), tr, noEnv, strings.NewReader("another long password"), &out, io.Discard, nil); err != nil {
		t.Fatalf("translator add: %v", err)
	}
	bad := []string{"user", "add", "--data", data, "--email", "x@example.org", "--name", "X", "--roles", "translator", "--langs", "de"}
	if err := run(context.Background(), bad, noEnv, strings.NewReader("another long password"), &out, io.Discard, nil); err == nil {
		t.Fatal("unknown language accepted")
	}
	base, _, _ := start(t, "--data", data)
	tok := login(t, base, "admin@example.org", "a long secret password")
	status, body := request(t, "GET", base+"/api/v1/users", tok, nil)
	if status != 200 || !strings.Contains(string(body), "tr@example.org") {
		t.Fatalf("users: %d %s", status, body)
	}
}

func TestHelpDocumentsTheFlags(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, noEnv, nil, &out, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--addr", "KOTORMO_ADDR", "--data", "KOTORMO_DATA", "--mongodb-uri", "MONGODB_URI", "--langs", "KOTORMO_LANGS", "--demo", "--timezone", "KOTORMO_TIMEZONE", "user add"} {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("help does not mention %s", flag)
		}
	}
}

// TestSigtermDuringWritesLosesNoAcknowledgedWrite runs the real program in a
// child process, saves continuously, sends SIGTERM mid-stream, restarts and
// checks that every save that got a 200 is there.
func TestSigtermDuringWritesLosesNoAcknowledgedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the program twice")
	}
	data := t.TempDir()
	child := func() (*exec.Cmd, string) {
		cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--data", data, "--demo")
		cmd.Env = append(os.Environ(), "KOTORMO_RUN_MAIN=1")
		stderr, _ := cmd.StderrPipe()
		cmd.Stdout = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		addr := make(chan string, 1)
		go func() {
			re := regexp.MustCompile(`msg=serving addr=(\S+)`)
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				if testing.Verbose() {
					t.Log("child:", sc.Text())
				}
				if m := re.FindStringSubmatch(sc.Text()); m != nil {
					addr <- m[1]
				}
			}
		}()
		select {
		case a := <-addr:
			return cmd, "http://" + a
		case <-time.After(90 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatal("child did not start")
		}
		return nil, ""
	}
	cmd, base := child()
	tok := login(t, base, "translator@kotormo.local", "demo-translator-password")
	url := base + "/api/v1/releases/solar-water-naryn/versions/ru"
	_, body := request(t, "GET", base+"/api/v1/releases/solar-water-naryn", tok, nil)
	var rel struct {
		Versions map[string]struct{ Rev int } `json:"versions"`
	}
	_ = json.Unmarshal(body, &rel)
	rev := rel.Versions["ru"].Rev
	acked := map[int]string{}
	stopWriting := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stopWriting:
				return
			default:
			}
			title := fmt.Sprintf("Исправление %d", i)
			b, _ := json.Marshal(map[string]any{"base_rev": rev, "title": title, "lead": "", "body": "Текст."})
			req, _ := http.NewRequest("PUT", url, bytes.NewReader(b))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return // the server is gone
			}
			var v struct{ Rev int }
			_ = json.NewDecoder(resp.Body).Decode(&v)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				rev = v.Rev
				acked[v.Rev] = title
			} else if resp.StatusCode != http.StatusServiceUnavailable {
				t.Logf("save answered %d", resp.StatusCode)
				return
			}
		}
	}()
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	select {
	case err := <-waitErr:
		if err != nil {
			t.Fatalf("child exited with %v after SIGTERM", err)
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("child did not stop within 30 s of SIGTERM")
	}
	close(stopWriting)
	<-done
	if len(acked) == 0 {
		t.Fatal("no save was acknowledged before SIGTERM")
	}
	cmd, base = child()
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	tok = login(t, base, "translator@kotormo.local", "demo-translator-password")
	url = base + "/api/v1/releases/solar-water-naryn/versions/ru"
	for r, title := range acked {
		status, body := request(t, "GET", fmt.Sprintf("%s/revisions/%d", url, r), tok, nil)
		if status != 200 || !strings.Contains(string(body), title) {
			t.Errorf("acknowledged revision %d (%q) after restart: %d %s", r, title, status, body)
		}
	}
	t.Logf("%d saves acknowledged before SIGTERM; all found after restart", len(acked))
}

func TestAnUnknownTimeZoneIsRefusedBeforeStarting(t *testing.T) {
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--timezone", "Asia/Nowhere", "--data", t.TempDir()}, noEnv, strings.NewReader(""), io.Discard, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "IANA") {
		t.Errorf("run = %v, want an error naming the bad zone", err)
	}
}
