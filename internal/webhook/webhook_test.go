package webhook

import (
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestAnActionRaisesItsEvent(t *testing.T) {
	for _, c := range []struct {
		action string
		was    int
		want   Event
		ok     bool
	}{
		{"publish", 0, Published, true},
		{"publish", 3, Corrected, true},
		{"unpublish", 3, Unpublished, true},
		{"create", 0, Created, true},
		{"save", 0, "", false},
		{"approve", 2, "", false},
	} {
		e, ok := ForAction(c.action, c.was)
		if e != c.want || ok != c.ok {
			t.Errorf("ForAction(%q, %d) = %q, %v; want %q, %v", c.action, c.was, e, ok, c.want, c.ok)
		}
	}
}

func TestTheSameWriteGivesTheSameEventID(t *testing.T) {
	// Two instances that see the same write compute the same ID from the
	// same three values; different writes never share one.
	first, again := EventID("r1", "ky", 4), EventID("r1", "ky", 4)
	if first != "r1.ky.4" || again != first || EventID("r1", "ky", 5) == first || EventID("r1", "", 1) == EventID("r1", "ky", 1) {
		t.Fatal("event IDs are not a function of release, language and sequence number")
	}
}

func TestOnlyHTTPSOrLoopbackURLsAreAccepted(t *testing.T) {
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"https://hooks.example.org/kotormo", true},
		{"https://10.0.0.1/x", true},
		{"http://127.0.0.1:8080/hook", true},
		{"http://127.9.9.9/hook", true},
		{"http://[::1]:9000/", true},
		{"http://localhost:3000/h", true},
		{"http://LOCALHOST/h", true},
		{"http://example.org/hook", false},
		{"http://10.0.0.1/hook", false},
		{"http://localhost.example.org/", false},
		{"ftp://127.0.0.1/", false},
		{"https://user:pw@example.org/", false},
		{"https:///nohost", false},
		{"not a url", false},
		{"", false},
		{"https://example.org/" + strings.Repeat("a", MaxURLBytes), false},
	} {
		err := CheckURL(c.url)
		if (err == nil) != c.ok {
			t.Errorf("CheckURL(%q) = %v; want ok=%v", c.url, err, c.ok)
		}
		if err != nil && newsroom.ErrorCode(err) != newsroom.EInvalid {
			t.Errorf("CheckURL(%q): code %q, want %q", c.url, newsroom.ErrorCode(err), newsroom.EInvalid)
		}
	}
}

func TestARegistrationNeedsKnownEvents(t *testing.T) {
	for _, c := range []struct {
		events []Event
		ok     bool
		n      int
	}{
		{[]Event{Published}, true, 1},
		{[]Event{Published, Published, Corrected}, true, 2},
		{nil, false, 0},
		{[]Event{"release.deleted"}, false, 0},
	} {
		n := NewEndpoint{URL: "https://example.org/h", Events: c.events}
		err := n.Validate()
		if (err == nil) != c.ok || (c.ok && len(n.Events) != c.n) {
			t.Errorf("Validate(%v) = %v, events %v", c.events, err, n.Events)
		}
	}
}

func TestASignatureVerifiesOnlyWithTheSameSecretBodyAndRecentTime(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"id":"x"}`)
	h := Sign("s3cret", now, body)
	if !strings.HasPrefix(h, "t=1800000000,v1=") || len(h) != len("t=1800000000,v1=")+64 {
		t.Fatalf("header %q", h)
	}
	for _, c := range []struct {
		name, secret, header string
		body                 []byte
		at                   time.Time
		ok                   bool
	}{
		{"valid", "s3cret", h, body, now, true},
		{"valid a minute later", "s3cret", h, body, now.Add(time.Minute), true},
		{"wrong secret", "other", h, body, now, false},
		{"changed body", "s3cret", h, []byte(`{"id":"y"}`), now, false},
		{"too old", "s3cret", h, body, now.Add(10 * time.Minute), false},
		{"no v1", "s3cret", "t=1800000000", body, now, false},
		{"garbage", "s3cret", "hello", body, now, false},
		{"time changed", "s3cret", strings.Replace(h, "t=1800000000", "t=1800000001", 1), body, now, false},
	} {
		if got := Verify(c.secret, c.header, c.body, c.at, 5*time.Minute); got != c.ok {
			t.Errorf("%s: Verify = %v, want %v", c.name, got, c.ok)
		}
	}
}

func TestRetriesDoubleFromTenSecondsUpToAnHourAndStopAfterADay(t *testing.T) {
	s := DefaultSchedule
	for _, c := range []struct {
		failures int
		want     time.Duration
	}{
		{1, 10 * time.Second}, {2, 20 * time.Second}, {3, 40 * time.Second}, {9, 2560 * time.Second},
		{10, time.Hour}, {30, time.Hour}, {1000, time.Hour},
	} {
		if got := s.Wait(c.failures); got != c.want {
			t.Errorf("Wait(%d) = %v, want %v", c.failures, got, c.want)
		}
	}
	created := time.Unix(0, 0)
	if at, ok := s.Next(created, created.Add(time.Minute), 2); !ok || at != created.Add(time.Minute+20*time.Second) {
		t.Errorf("Next early = %v, %v", at, ok)
	}
	if _, ok := s.Next(created, created.Add(23*time.Hour+30*time.Minute), 20); ok {
		t.Error("a retry past a day after the event is still scheduled")
	}
	if (Schedule{}).OrDefault() != DefaultSchedule {
		t.Error("zero schedule is not the default")
	}
}

func FuzzVerifyNeverPanics(f *testing.F) {
	f.Add("t=1,v1=ab", []byte("x"))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		Verify("k", header, body, time.Unix(1, 0), time.Minute)
	})
}

func FuzzCheckURLNeverPanicsAndAcceptsOnlySafeSchemes(f *testing.F) {
	for _, s := range []string{"https://example.org/", "http://127.0.0.1/", "http://[::1]/", "http://example.org/", "javascript:alert(1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if l := strings.ToLower(raw); CheckURL(raw) == nil && !strings.HasPrefix(l, "https:") && !strings.HasPrefix(l, "http:") {
			t.Fatalf("accepted %q", raw)
		}
	})
}
