// Package auth finds out who makes a request — from the session cookie or a
// bearer API token — and logs people in and out, with throttling.
package auth

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// CookieName is the session cookie's name.
const CookieName = "kotormo_session"

const userKey = "kotormo.user"

// Auth authenticates requests against the user store.
type Auth struct {
	users newsroom.Users
	// secure sets the Secure flag on cookies (behind HTTPS).
	secure bool
	ttl    time.Duration
	// throttle limits login attempts per client address and per email.
	throttle *limiter
}

// Config configures Auth.
type Config struct {
	Users newsroom.Users
	// SecureCookies sets the Secure cookie flag; on for any non-loopback deployment.
	SecureCookies bool
	// SessionTTL is how long a session lasts; 12 hours when zero.
	SessionTTL time.Duration
	// LoginRate and LoginBurst bound login attempts per address and per email;
	// one every 6 s with a burst of 5 when zero.
	LoginRate  rate.Limit
	LoginBurst int
}

// New returns an Auth.
func New(c Config) *Auth {
	if c.SessionTTL == 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.LoginRate == 0 {
		c.LoginRate = rate.Every(6 * time.Second)
	}
	if c.LoginBurst == 0 {
		c.LoginBurst = 5
	}
	return &Auth{users: c.Users, secure: c.SecureCookies, ttl: c.SessionTTL, throttle: newLimiter(c.LoginRate, c.LoginBurst)}
}

// Identify is middleware that attaches the requesting user, if any, to the
// context. A bearer token is tried first, then the session cookie. Invalid
// credentials leave the request anonymous; Require decides what that means.
func (a *Auth) Identify() gin.HandlerFunc {
	return func(c *gin.Context) {
		u, err := a.identify(c.Request)
		if err != nil {
			// The credentials could not be checked (the database is away):
			// that is not the same as wrong ones, so no 401.
			c.Header("Retry-After", "5")
			if strings.HasPrefix(c.Request.URL.Path, "/api/") {
				c.AbortWithStatusJSON(http.StatusServiceUnavailable, gin.H{"error": gin.H{"code": "unavailable", "message": unavailable}})
			} else {
				c.Abort()
				c.String(http.StatusServiceUnavailable, unavailable+"\n")
			}
			return
		}
		if u != nil {
			c.Set(userKey, u)
		}
		c.Next()
	}
}

// unavailable is the message of a 503 when credentials cannot be checked.
const unavailable = "The database cannot be reached just now, so your sign-in cannot be checked; try again in a moment."

// identify returns the user the request's credentials name, nil for none
// or invalid ones, and an error when they could not be checked.
func (a *Auth) identify(r *http.Request) (*newsroom.User, error) {
	ctx := r.Context()
	unchecked := func(err error) bool {
		code := newsroom.ErrorCode(err)
		return code != "" && code != newsroom.EUnauthorized && code != newsroom.ENotFound
	}
	if h := r.Header.Get("Authorization"); h != "" {
		if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
			tok = strings.TrimSpace(tok)
			u, err := a.users.TokenUser(ctx, tok)
			if err == nil {
				return u, nil
			}
			if unchecked(err) {
				return nil, err
			}
			// The secret returned by Login works as a bearer token too.
			if u, err = a.users.SessionUser(ctx, tok); err == nil {
				return u, nil
			} else if unchecked(err) {
				return nil, err
			}
		}
		return nil, nil
	}
	if ck, err := r.Cookie(CookieName); err == nil && ck.Value != "" {
		u, err := a.users.SessionUser(ctx, ck.Value)
		if err == nil {
			return u, nil
		}
		if unchecked(err) {
			return nil, err
		}
	}
	return nil, nil
}

// User returns the user attached by Identify, or nil.
func User(c *gin.Context) *newsroom.User {
	if v, ok := c.Get(userKey); ok {
		u, _ := v.(*newsroom.User)
		return u
	}
	return nil
}

// ViaToken reports whether the request authenticated with a bearer token
// (which needs no CSRF protection: browsers never attach it on their own).
func ViaToken(c *gin.Context) bool {
	return strings.HasPrefix(c.GetHeader("Authorization"), "Bearer ")
}

// Login checks credentials and on success starts a session and sets its
// cookie. It returns the session secret, usable as a bearer token too.
// Failed attempts are throttled per email and, more loosely (a whole office
// may share one address), per client address; successful logins cost
// nothing, so a morning of colleagues signing in is never refused.
// Errors: ETooMany, EUnauthorized.
func (a *Auth) Login(c *gin.Context, email, password string) (string, *newsroom.User, error) {
	email = newsroom.NormalizeEmail(email)
	keys := []limitKey{{"ip:" + clientIP(c.Request), ipBurstFactor}, {"email:" + email, 1}}
	if !a.throttle.allowed(keys...) {
		return "", nil, newsroom.Errorf(newsroom.ETooMany, "Too many failed login attempts; wait a minute and try again.")
	}
	u, err := a.users.Authenticate(c.Request.Context(), email, password)
	if err != nil {
		if newsroom.ErrorCode(err) == newsroom.EUnauthorized {
			a.throttle.failed(keys...)
		}
		return "", nil, err
	}
	sec, err := a.StartSession(c, u)
	if err != nil {
		return "", nil, err
	}
	return sec, u, nil
}

// StartSession starts a session for u and sets its cookie; it returns the
// session secret, usable as a bearer token too.
func (a *Auth) StartSession(c *gin.Context, u *newsroom.User) (string, error) {
	sec, err := a.users.CreateSession(c.Request.Context(), u.ID, a.ttl)
	if err != nil {
		return "", err
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: CookieName, Value: sec, Path: "/", MaxAge: int(a.ttl.Seconds()),
		HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode,
	})
	return sec, nil
}

// Logout ends the request's session and clears the cookie.
func (a *Auth) Logout(c *gin.Context) {
	if ck, err := c.Request.Cookie(CookieName); err == nil && ck.Value != "" {
		_ = a.users.DeleteSession(context.WithoutCancel(c.Request.Context()), ck.Value)
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limiter keeps one token bucket per key, forgetting idle ones.
type limiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

func newLimiter(r rate.Limit, burst int) *limiter {
	return &limiter{every: r, burst: burst, buckets: map[string]*bucket{}}
}

// ipBurstFactor multiplies the burst and rate for per-address buckets.
const ipBurstFactor = 4

// limitKey names a bucket; factor scales its rate and burst.
type limitKey struct {
	name   string
	factor int
}

// allowed reports whether every key's bucket has a token left, taking none.
func (l *limiter) allowed(keys ...limitKey) bool {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if l.bucket(k, now).TokensAt(now) < 1 {
			return false
		}
	}
	return true
}

// failed takes a token from every key's bucket.
func (l *limiter) failed(keys ...limitKey) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		l.bucket(k, now).AllowN(now, 1)
	}
}

// bucket returns k's bucket, creating it; l.mu is held.
func (l *limiter) bucket(k limitKey, now time.Time) *rate.Limiter {
	if now.Sub(l.sweep) > time.Minute || len(l.buckets) > 100_000 {
		for name, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.buckets, name)
			}
		}
		l.sweep = now
	}
	b := l.buckets[k.name]
	if b == nil {
		b = &bucket{l: rate.NewLimiter(l.every*rate.Limit(k.factor), l.burst*k.factor)}
		l.buckets[k.name] = b
	}
	b.seen = now
	return b.l
}
