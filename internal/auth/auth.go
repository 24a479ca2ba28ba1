// Package auth finds out who makes a request — from the session cookie or a
// bearer API token — and logs people in and out, with throttling.
package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/kotormo/kotormo/internal/httperror"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// CookieName is the session cookie's name.
const CookieName = "kotormo_session"

const (
	userKey    = "kotormo.user"
	refusalKey = "kotormo.refusal"
)

// Auth authenticates requests against the user store.
type Auth struct {
	users newsroom.Users
	// secure sets the Secure flag on cookies (behind HTTPS).
	secure bool
	ttl    time.Duration
	// guard throttles password checks (see guard).
	guard *guard
}

// Config configures Auth.
type Config struct {
	Users newsroom.Users
	// SecureCookies sets the Secure cookie flag; on for any non-loopback deployment.
	SecureCookies bool
	// SessionTTL is how long a session lasts; 12 hours when zero.
	SessionTTL time.Duration
	// LoginRate and LoginBurst throttle failed password checks: LoginBurst
	// failures for one account from one address stop further attempts from
	// that pair, one more allowed every 1/LoginRate (one every 6 s with a
	// burst of 5 when zero; rate.Inf turns throttling off). Past the burst
	// for an account from anywhere, or 4 × the burst from one address,
	// attempts are only delayed, up to LoginMaxDelay (1 s when zero).
	LoginRate     rate.Limit
	LoginBurst    int
	LoginMaxDelay time.Duration
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
	if c.LoginMaxDelay == 0 {
		c.LoginMaxDelay = time.Second
	}
	var every time.Duration
	if c.LoginRate != rate.Inf {
		every = time.Duration(float64(time.Second) / float64(c.LoginRate))
	}
	return &Auth{users: c.Users, secure: c.SecureCookies, ttl: c.SessionTTL, guard: newGuard(every, c.LoginBurst, c.LoginMaxDelay)}
}

// Identify is middleware that attaches the requesting user, if any, to the
// context. A bearer token is tried first, then the session cookie. Invalid
// credentials leave the request anonymous; Require decides what that means.
// When the credential cannot be checked (the database is down), the
// request ends with 503 and a JSON error body: it is not anonymous.
func (a *Auth) Identify() gin.HandlerFunc { return a.IdentifyOr(nil) }

// IdentifyOr is Identify with fail answering requests whose credential
// could not be checked (an EUnavailable error); fail must abort.
func (a *Auth) IdentifyOr(fail func(c *gin.Context, err error)) gin.HandlerFunc {
	if fail == nil {
		fail = func(c *gin.Context, err error) { httperror.JSON(c, nil, err, nil) }
	}
	return func(c *gin.Context) {
		u, why, err := a.identify(c.Request)
		if err != nil {
			fail(c, err)
			c.Abort()
			return
		}
		if u != nil {
			c.Set(userKey, u)
		} else if why != nil {
			c.Set(refusalKey, why)
		}
		c.Next()
	}
}

// identify returns the request's user; nil and why the credential was
// refused for an invalid one; or an EUnavailable error when the lookup
// itself failed.
func (a *Auth) identify(r *http.Request) (u *newsroom.User, why, err error) {
	ctx := r.Context()
	lookup := func(find func(context.Context, string) (*newsroom.User, error), secret string) (*newsroom.User, error, error) {
		u, err := find(ctx, secret)
		switch newsroom.ErrorCode(err) {
		case "":
			return u, nil, nil
		case newsroom.EUnauthorized, newsroom.ENotFound:
			return nil, err, nil
		case newsroom.EUnavailable:
			return nil, nil, err
		}
		if ctx.Err() != nil {
			return nil, nil, nil // the client went away; nobody reads the answer
		}
		return nil, nil, fmt.Errorf("%w: %w", newsroom.Errorf(newsroom.EUnavailable, "Your sign-in could not be checked because the database is not answering; you are still signed in. Try again in a moment."), err)
	}
	if h := r.Header.Get("Authorization"); h != "" {
		if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
			tok = strings.TrimSpace(tok)
			if !strings.HasPrefix(tok, sessionPrefix) {
				return lookup(a.users.TokenUser, tok)
			}
			// The secret returned by Login works as a bearer token too.
			return lookup(a.users.SessionUser, tok)
		}
		return nil, nil, nil
	}
	if ck, err := r.Cookie(CookieName); err == nil && ck.Value != "" {
		return lookup(a.users.SessionUser, ck.Value)
	}
	return nil, nil, nil
}

// sessionPrefix starts every session secret (API tokens start with kt_).
const sessionPrefix = "ks_"

// Refusal returns why the request's credential was refused (an
// EUnauthorized error whose message says so, such as "your password was
// changed"), or nil when it presented none or was identified.
func Refusal(c *gin.Context) error {
	if v, ok := c.Get(refusalKey); ok {
		err, _ := v.(error)
		return err
	}
	return nil
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
// Password checks are throttled by the guard (see guard): per account and
// address a hard stop, per account and per address only a delay, so that
// nobody can lock out someone else. Errors: ETooMany (with Retry-After
// set), EUnauthorized.
func (a *Auth) Login(c *gin.Context, email, password string) (string, *newsroom.User, error) {
	email = newsroom.NormalizeEmail(email)
	var u *newsroom.User
	err := a.checkPassword(c, email, func(ctx context.Context) (err error) {
		u, err = a.users.Authenticate(ctx, email, password)
		return err
	})
	if err != nil {
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

// Logout ends the credential the request presents — the bearer secret
// (a session's or an API token's) when there is one, else the session
// cookie — and clears the cookie. Errors: the store's, when it could not
// end the credential.
func (a *Auth) Logout(c *gin.Context) error {
	ctx := context.WithoutCancel(c.Request.Context())
	var err error
	if tok, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer "); ok {
		tok = strings.TrimSpace(tok)
		err = errors.Join(a.users.DeleteSession(ctx, tok), a.users.RevokeToken(ctx, tok))
	} else if ck, e := c.Request.Cookie(CookieName); e == nil && ck.Value != "" {
		err = a.users.DeleteSession(ctx, ck.Value)
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
	return err
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
