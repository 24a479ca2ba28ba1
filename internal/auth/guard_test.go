package auth

import (
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestTheGuardStopsOnlyTheAttackersAccountAndAddress(t *testing.T) {
	g := newGuard(time.Hour, 3, time.Second)
	for i := range 3 {
		if _, _, err := g.begin("a@x", "attacker"); err != nil {
			t.Fatalf("failure %d within the burst refused: %v", i, err)
		}
	}
	_, _, err := g.begin("a@x", "attacker")
	if newsroom.ErrorCode(err) != newsroom.ETooMany {
		t.Fatalf("a guess past the burst gave %v, want too_many", err)
	}
	if tm, ok := err.(*tooMany); !ok || tm.after <= 0 {
		t.Fatalf("the refusal does not say when to come back: %#v", err)
	}
	// The account itself is only delayed, from any other address.
	_, delay, err := g.begin("a@x", "owner")
	if err != nil {
		t.Fatalf("the real person was stopped: %v", err)
	}
	if delay <= 0 || delay > time.Second {
		t.Fatalf("the real person's delay is %v, want a short positive delay", delay)
	}
	// Another account from the attacker's address is not delayed yet.
	if _, delay, err := g.begin("b@x", "attacker"); err != nil || delay != 0 {
		t.Fatalf("another account from the same address: delay %v, %v", delay, err)
	}
}

func TestTheGuardOnlyDelaysAManyFailuresFromOneAddress(t *testing.T) {
	g := newGuard(time.Hour, 5, time.Second)
	var last time.Duration
	for i := range 100 {
		_, delay, err := g.begin(string(rune('a'+i%26))+string(rune('a'+i/26))+"@x", "proxy")
		if err != nil {
			t.Fatalf("failure %d from a shared address refused: %v", i, err)
		}
		if i < 5*addrFactor && delay != 0 {
			t.Fatalf("failure %d delayed by %v before the address threshold", i, delay)
		}
		if delay < last {
			t.Fatalf("delay went down from %v to %v", last, delay)
		}
		last = delay
	}
	if last != time.Second {
		t.Fatalf("delay after 100 failures is %v, want the 1 s cap", last)
	}
}

func TestACorrectPasswordGivesItsChargeBack(t *testing.T) {
	g := newGuard(time.Hour, 2, time.Second)
	for range 10 {
		ch, _, err := g.begin("a@x", "owner")
		if err != nil {
			t.Fatalf("successful logins were throttled: %v", err)
		}
		g.succeeded(ch)
	}
	ch, _, _ := g.begin("a@x", "owner")
	g.undo(ch) // a check that never ran is no failure either
	for i := range 2 {
		if _, _, err := g.begin("a@x", "owner"); err != nil {
			t.Fatalf("failure %d refused: %v", i, err)
		}
	}
}

func TestAnInfiniteRateTurnsTheGuardOff(t *testing.T) {
	g := newGuard(0, 1, time.Second)
	for range 50 {
		if _, delay, err := g.begin("a@x", "attacker"); err != nil || delay != 0 {
			t.Fatalf("throttled while off: %v, %v", delay, err)
		}
	}
}
