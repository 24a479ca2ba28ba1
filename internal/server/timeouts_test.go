package server_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/server"
)

func TestTheDefaultTimeoutsCutSlowSendersWithin15Seconds(t *testing.T) {
	d := server.DefaultTimeouts()
	if d.ReadHeader <= 0 || d.ReadHeader > 15*time.Second || d.Read <= 0 || d.Read > 15*time.Second {
		t.Errorf("ReadHeader %v and Read %v must be set and at most 15 s", d.ReadHeader, d.Read)
	}
}

// serveOnLoopback runs the assembled server with short read timeouts on a
// real TCP listener on 127.0.0.1 and returns its address.
func serveOnLoopback(t *testing.T, to server.Timeouts) string {
	t.Helper()
	store := mongotest.Store(t, "")
	srv, err := server.New(context.Background(), server.Config{
		Langs: store.Langs(), Store: store, BaseURL: "http://example.test", Timeouts: to,
		Ping: func(context.Context) error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l, time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return l.Addr().String()
}

// closedWithin reports how long the server took to end conn while trickle
// keeps sending, and what it answered; it gives up after limit.
func closedWithin(t *testing.T, conn net.Conn, limit time.Duration, trickle func() bool) (time.Duration, string) {
	t.Helper()
	start := time.Now()
	got := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(bufio.NewReader(conn)) // until the server closes
		got <- string(b)
	}()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(limit)
	for {
		select {
		case answer := <-got:
			return time.Since(start), answer
		case <-tick.C:
			if trickle != nil && !trickle() {
				trickle = nil
			}
		case <-deadline:
			conn.Close()
			return time.Since(start), <-got
		}
	}
}

func TestSlowSendersAreCut(t *testing.T) {
	to := server.Timeouts{ReadHeader: 300 * time.Millisecond, Read: 600 * time.Millisecond}
	addr := serveOnLoopback(t, to)
	limit := 5 * time.Second // far more than the timeouts; reached only if they fail

	t.Run("a body sent one byte at a time is cut", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		body := `{"email":"someone@example.org","password":"a long enough password"}`
		if _, err := io.WriteString(conn, "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+
			"Content-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		sent := 0
		took, answer := closedWithin(t, conn, limit, func() bool {
			if sent == len(body)-1 { // never finish the body
				return false
			}
			_, err := conn.Write([]byte{body[sent]})
			sent++
			return err == nil
		})
		if took >= limit {
			t.Fatalf("the connection was still open after %v (%d bytes sent)", took, sent)
		}
		if strings.HasPrefix(answer, "HTTP/1.1 2") {
			t.Errorf("a cut body was answered %q", firstLine(answer))
		}
		t.Logf("cut after %v; answered %q", took.Round(time.Millisecond), firstLine(answer))
	})
	t.Run("headers sent slowly are cut", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		header := "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + strings.Repeat("a", 200)
		sent := 0
		took, _ := closedWithin(t, conn, limit, func() bool {
			if sent == len(header) {
				return false
			}
			_, err := conn.Write([]byte{header[sent]})
			sent++
			return err == nil
		})
		if took >= limit {
			t.Fatalf("the connection was still open after %v", took)
		}
	})
	t.Run("a prompt request is served", func(t *testing.T) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\r\n")
	return line
}
