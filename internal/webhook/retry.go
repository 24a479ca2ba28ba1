package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries a delivery's signature.
const SignatureHeader = "X-Kotormo-Signature"

// Sign returns the signature header's value for body sent at t:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with secret>".
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header as a receiver would: well formed, one of
// its v1 values matching, and its time within tolerance of now (a replayed
// old delivery fails). It is what the README tells receivers to do.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) bool {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case !ok:
			return false
		case k == "t":
			ts = v
		case k == "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return false
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return false
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return true
		}
	}
	return false
}

// Schedule is when failed deliveries are tried again.
type Schedule struct {
	// First is the wait after the first failure; each later wait doubles.
	First time.Duration
	// Max caps a wait.
	Max time.Duration
	// GiveUp is how long after the event a delivery stops being tried.
	GiveUp time.Duration
}

// DefaultSchedule waits 10 s, 20 s, 40 s, … up to an hour between
// attempts, and gives up a day after the event (about 30 attempts).
var DefaultSchedule = Schedule{First: 10 * time.Second, Max: time.Hour, GiveUp: 24 * time.Hour}

// OrDefault returns s with its zero fields taken from DefaultSchedule.
func (s Schedule) OrDefault() Schedule {
	if s.First <= 0 {
		s.First = DefaultSchedule.First
	}
	if s.Max <= 0 {
		s.Max = DefaultSchedule.Max
	}
	if s.GiveUp <= 0 {
		s.GiveUp = DefaultSchedule.GiveUp
	}
	return s
}

// Wait returns how long to wait after the given number of failed attempts
// (1 after the first failure).
func (s Schedule) Wait(failures int) time.Duration {
	d := s.First
	for i := 1; i < failures && d < s.Max; i++ {
		d *= 2
	}
	return min(d, s.Max)
}

// Next returns when to try again after failures failed attempts at now for
// an event created at created; ok is false when the delivery gives up
// (the next attempt would fall past GiveUp).
func (s Schedule) Next(created, now time.Time, failures int) (at time.Time, ok bool) {
	at = now.Add(s.Wait(failures))
	if at.Sub(created) > s.GiveUp {
		return time.Time{}, false
	}
	return at, true
}
