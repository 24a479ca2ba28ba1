// Package httperror is the one place that turns errors into HTTP answers:
// domain error codes to statuses, the JSON error body, and panic recovery.
// Internal errors are logged with their detail and shown generically.
package httperror

import (
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/newsroom"
)

// Status returns the HTTP status for an error code.
func Status(code string) int {
	switch code {
	case newsroom.EInvalid:
		return http.StatusBadRequest
	case newsroom.EUnauthorized:
		return http.StatusUnauthorized
	case newsroom.EForbidden:
		return http.StatusForbidden
	case newsroom.ENotFound:
		return http.StatusNotFound
	case newsroom.EConflict:
		return http.StatusConflict
	case newsroom.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case newsroom.ETooMany:
		return http.StatusTooManyRequests
	case newsroom.EUnavailable:
		return http.StatusServiceUnavailable
	case "":
		return http.StatusOK
	}
	return http.StatusInternalServerError
}

// Body is the JSON shape of an error response: {"error": {...}}.
type Body struct {
	Error Detail `json:"error"`
}

// Detail describes an error to an API client: the code, the message in the
// request's language, and the message's catalogue ID and arguments for
// clients that localize themselves.
type Detail struct {
	Code         string         `json:"code"`
	Message      string         `json:"message"`
	MessageID    string         `json:"message_id,omitempty"`
	Args         map[string]any `json:"args,omitempty"`
	CurrentRev   *int           `json:"current_rev,omitempty"`
	CurrentState string         `json:"current_state,omitempty"`
}

// Localizer gives an error's message in one language (i18n.Localizer).
type Localizer interface {
	Error(err error) string
}

// Describe returns the status and the client-safe description of err in
// loc's language (English sentences when loc is nil), logging internal
// errors. A database that cannot be reached or refuses writes is
// EUnavailable (503), with its cause logged.
func Describe(log *slog.Logger, r *http.Request, err error, loc Localizer) (int, Detail) {
	err = Classify(err)
	code := newsroom.ErrorCode(err)
	d := Detail{Code: code, Message: newsroom.ErrorMessage(err)}
	if loc != nil {
		d.Message = loc.Error(err)
	}
	if log == nil {
		log = slog.Default()
	}
	switch code {
	case newsroom.EInternal:
		log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	case newsroom.EUnavailable:
		log.Error("database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if e, ok := newsroom.AsError(err); ok && code != newsroom.EInternal {
		d.MessageID, d.Args = e.ID, e.Args
		if e.Code == newsroom.EConflict && e.CurrentState != "" {
			rev := e.CurrentRev
			d.CurrentRev = &rev
			d.CurrentState = string(e.CurrentState)
		}
	}
	return Status(code), d
}

// Classify gives errors without a domain code that the user can act on
// one: a database that cannot be reached or refuses writes becomes
// EUnavailable. Every edge (API and editor) calls it before choosing a
// status.
func Classify(err error) error { return mongodb.Unavailable(err) }

// JSON aborts the request with err as a JSON error body in loc's language;
// a 429 or 503 says when to retry.
func JSON(c *gin.Context, log *slog.Logger, err error, loc Localizer) {
	status, d := Describe(log, c.Request, err, loc)
	if (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable) && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", "5")
	}
	c.AbortWithStatusJSON(status, Body{Error: d})
}

// Recover turns a panic in a later handler into a logged 500 without
// leaking detail: the JSON error body under /api/, an empty 500 elsewhere.
// http.ErrAbortHandler passes through, as net/http expects.
func Recover(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(p)
			}
			log.Error("panic", "method", c.Request.Method, "path", c.Request.URL.Path, "panic", p, "stack", string(debug.Stack()))
			switch {
			case c.Writer.Written():
				c.Abort()
			case strings.HasPrefix(c.Request.URL.Path, "/api/"):
				c.AbortWithStatusJSON(http.StatusInternalServerError, Body{Error: Detail{Code: newsroom.EInternal, Message: "Internal error."}})
			default:
				c.AbortWithStatus(http.StatusInternalServerError)
			}
		}()
		c.Next()
	}
}
