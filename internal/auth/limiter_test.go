package auth

import (
	"testing"

	"golang.org/x/time/rate"
)

func TestLimiterCountsOnlyFailures(t *testing.T) {
	l := newLimiter(rate.Limit(0.0001), 3)
	email := limitKey{"email:a@x", 1}

	// Checking takes nothing: successful logins pass any number of times.
	for i := range 20 {
		if !l.allowed(email) {
			t.Fatalf("check %d refused with no failures", i)
		}
	}
	// Each failure takes a token: after the burst, attempts are refused.
	for i := range 3 {
		if !l.allowed(email) {
			t.Fatalf("attempt %d within the burst refused", i)
		}
		l.failed(email)
	}
	if l.allowed(email) {
		t.Fatal("an attempt past the burst of failures was allowed")
	}
	// Other emails are untouched, but one exhausted key refuses the pair.
	other := limitKey{"email:b@x", 1}
	if !l.allowed(other) {
		t.Fatal("another email was throttled")
	}
	if l.allowed(other, email) {
		t.Fatal("a pair with an exhausted key was allowed")
	}
	// Per-address buckets are factor times larger.
	ip := limitKey{"ip:10.0.0.1", ipBurstFactor}
	for i := range 3 * ipBurstFactor {
		if !l.allowed(ip) {
			t.Fatalf("address failure %d within the scaled burst refused", i)
		}
		l.failed(ip)
	}
	if l.allowed(ip) {
		t.Fatal("an address failure past the scaled burst was allowed")
	}
}
