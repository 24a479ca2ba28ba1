package auth

import (
	"context"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// guard throttles password checks so that guessing is slow and costs the
// server little, without letting an attacker lock out the real person.
//
// It keeps a leaky count of failures per key, each count draining by one
// every `every`. A check is charged (the counts go up) before the password
// is hashed, so that concurrent guesses cannot all slip through while the
// first ones are still hashing; a correct password gives the charge back.
// Three keys are charged for each check:
//
//   - account+address: a hard stop (429) once burst failures are pending.
//     Only the attacker's own pair is stopped; the real person, from their
//     own address, is not.
//   - account (from any address): a progressive delay once burst failures
//     are pending, doubling with each further one up to maxDelay. Never a
//     hard stop, so anonymous guesses cannot lock anybody out.
//   - address (for any account): the same delay, from addrFactor × burst
//     failures; never a hard stop, because behind a reverse proxy everyone
//     shares one address.
//
// The delays are spent before hashing and hold no hash slot; the store
// bounds the hashes running at once (mongodb.Options.MaxHashes).
type guard struct {
	every    time.Duration // 0 disables the guard
	burst    float64
	maxDelay time.Duration

	mu     sync.Mutex
	counts map[string]*leaky
	sweep  time.Time
}

// leaky is a count that drains by one every guard.every.
type leaky struct {
	level float64
	at    time.Time
}

const (
	// addrFactor scales the burst for per-address counts.
	addrFactor = 4
	// firstDelay is the delay at the threshold; it doubles per failure.
	firstDelay = 100 * time.Millisecond
	// maxCounts bounds the memory of the guard; past it, idle counts go.
	maxCounts = 100_000
)

func newGuard(every time.Duration, burst int, maxDelay time.Duration) *guard {
	return &guard{every: every, burst: float64(burst), maxDelay: maxDelay, counts: map[string]*leaky{}}
}

// charge is one check's claim on the guard's counts.
type charge struct {
	keys [3]string // pair, account, address
}

// tooMany is a throttling error that knows when to come back.
type tooMany struct {
	err   *newsroom.Error
	after time.Duration
}

func (e *tooMany) Error() string { return e.err.Error() }
func (e *tooMany) Unwrap() error { return e.err }

// begin charges a check of account's password from addr. It returns the
// delay to wait before hashing, or a *tooMany error when the pair is
// stopped.
func (g *guard) begin(account, addr string) (*charge, time.Duration, error) {
	ch := &charge{keys: [3]string{"p:" + account + "|" + addr, "a:" + account, "i:" + addr}}
	if g.every == 0 {
		return ch, 0, nil
	}
	now := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.forget(now)
	pair := g.level(ch.keys[0], now)
	if pair.level+1 > g.burst {
		after := time.Duration((pair.level + 1 - g.burst) * float64(g.every))
		return nil, 0, &tooMany{newsroom.E(newsroom.ETooMany, "ErrTooManyAttempts"), after}
	}
	acct, ip := g.level(ch.keys[1], now), g.level(ch.keys[2], now)
	delay := max(g.delay(acct.level, g.burst), g.delay(ip.level, g.burst*addrFactor))
	pair.level++
	acct.level++
	ip.level++
	return ch, delay, nil
}

// succeeded gives a correct password's charge back and clears its pair.
func (g *guard) succeeded(ch *charge) {
	if g.every == 0 {
		return
	}
	now := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.level(ch.keys[0], now).level = 0
	for _, k := range ch.keys[1:] {
		l := g.level(k, now)
		l.level = max(0, l.level-1)
	}
}

// undo gives back a charge whose check never ran (the server was busy).
func (g *guard) undo(ch *charge) {
	if g.every == 0 {
		return
	}
	now := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, k := range ch.keys {
		l := g.level(k, now)
		l.level = max(0, l.level-1)
	}
}

// delay is the wait for one more attempt on a count at level: none up to
// threshold attempts, then firstDelay doubling with each further one.
func (g *guard) delay(level, threshold float64) time.Duration {
	over := math.Ceil(level + 1 - threshold)
	if over <= 0 {
		return 0
	}
	d := float64(firstDelay) * math.Pow(2, math.Min(over-1, 20))
	return min(time.Duration(d), g.maxDelay)
}

// level returns key's count drained up to now, creating it; g.mu is held.
func (g *guard) level(key string, now time.Time) *leaky {
	l := g.counts[key]
	if l == nil {
		l = &leaky{at: now}
		g.counts[key] = l
	}
	l.level = max(0, l.level-float64(now.Sub(l.at))/float64(g.every))
	l.at = now
	return l
}

// forget drops drained counts once a minute, or once a second while there
// are too many; g.mu is held.
func (g *guard) forget(now time.Time) {
	since := now.Sub(g.sweep)
	if since < time.Second || (since < time.Minute && len(g.counts) < maxCounts) {
		return
	}
	for k, l := range g.counts {
		if l.level-float64(now.Sub(l.at))/float64(g.every) <= 0 {
			delete(g.counts, k)
		}
	}
	g.sweep = now
}

// checkPassword runs check for account's password through the guard:
// charge, wait out any delay, check, and give the charge back on success.
// It sets Retry-After on a 429.
func (a *Auth) checkPassword(c *gin.Context, account string, check func(context.Context) error) error {
	ch, delay, err := a.guard.begin(account, clientIP(c.Request))
	if err != nil {
		retryAfter(c, err)
		return err
	}
	ctx := c.Request.Context()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			a.guard.undo(ch)
			return ctx.Err()
		}
	}
	err = check(ctx)
	switch newsroom.ErrorCode(err) {
	case "":
		a.guard.succeeded(ch)
	case newsroom.EUnauthorized:
	default: // the check did not run to its end: no guess was made
		a.guard.undo(ch)
		retryAfter(c, err)
	}
	return err
}

// retryAfter sets the Retry-After header for a throttling error.
func retryAfter(c *gin.Context, err error) {
	if newsroom.ErrorCode(err) != newsroom.ETooMany {
		return
	}
	secs := 5
	if tm, ok := err.(*tooMany); ok {
		secs = max(1, int(math.Ceil(tm.after.Seconds())))
	}
	c.Header("Retry-After", strconv.Itoa(secs))
}

// CheckPassword checks the password of the signed-in user u (to confirm a
// change such as a new password) through the same throttling as Login.
// Errors: ETooMany (with Retry-After set), EUnauthorized when wrong.
func (a *Auth) CheckPassword(c *gin.Context, u *newsroom.User, password string) error {
	return a.checkPassword(c, u.Email, func(ctx context.Context) error {
		_, err := a.users.Authenticate(ctx, u.Email, password)
		return err
	})
}
