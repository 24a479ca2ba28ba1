package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serveChild runs the real program in a child process serving data, and
// returns its base URL; the child gets SIGTERM when the test ends.
func serveChild(t *testing.T, data string, args ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data}, args...)...)
	cmd.Env = append(os.Environ(), "KOTORMO_RUN_MAIN=1")
	stderr, _ := cmd.StderrPipe()
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=serving addr=(\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if testing.Verbose() {
				t.Log("server:", sc.Text())
			}
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		return "http://" + a
	case <-time.After(90 * time.Second):
		t.Fatal("the server did not start")
	}
	return ""
}

// runChild runs the real program with args and stdin in a child process.
func runChild(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "KOTORMO_RUN_MAIN=1")
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func TestUserAddWhileTheServerRunsGoesThroughTheServersDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program in child processes")
	}
	// A data path long enough that its socket could not live inside it.
	data := filepath.Join(t.TempDir(), strings.Repeat("a-long-newsroom-data-folder-", 3))
	base := serveChild(t, data, "--demo")
	tok := login(t, base, "editor@kotormo.local", "demo-editor-password")

	out, err := runChild(t, "a long secret password\n", "user", "add", "--data", data, "--email", "new@example.org", "--name", "New", "--roles", "editor")
	if err != nil || !strings.Contains(out, "created user") {
		t.Fatalf("user add against the live data folder: %v\n%s", err, out)
	}
	for i := range 30 {
		if status, body := request(t, "GET", base+"/api/v1/me", tok, nil); status != http.StatusOK {
			t.Fatalf("request %d after user add: %d %s", i, status, body)
		}
	}
	if status, _ := request(t, "GET", base+"/readyz", "", nil); status != http.StatusOK {
		t.Fatalf("/readyz after user add: %d", status)
	}
	login(t, base, "new@example.org", "a long secret password")

	// A second server on the same folder is refused with what to do.
	err = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", data}, noEnv, strings.NewReader(""), io.Discard, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "stop it first") {
		t.Fatalf("a second server on a live data folder: %v", err)
	}
	if status, _ := request(t, "GET", base+"/api/v1/me", tok, nil); status != http.StatusOK {
		t.Fatalf("the first server after the refused second one: %d", status)
	}
}
