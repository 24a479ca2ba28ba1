// Package httperror maps domain error codes to HTTP statuses and writes them
// as JSON; internal errors are logged with their detail and shown generically.
package httperror

import (
	"log/slog"
	"net/http"

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

// Detail describes an error to an API client.
type Detail struct {
	Code         string `json:"code"`
	Message      string `json:"message"`
	CurrentRev   *int   `json:"current_rev,omitempty"`
	CurrentState string `json:"current_state,omitempty"`
}

// Describe returns the client-safe description of err, logging internal errors.
// A database that cannot be reached or refuses writes is EUnavailable
// (503), with its cause logged.
func Describe(log *slog.Logger, r *http.Request, err error) (int, Detail) {
	err = Classify(err)
	code := newsroom.ErrorCode(err)
	d := Detail{Code: code, Message: newsroom.ErrorMessage(err)}
	if log == nil {
		log = slog.Default()
	}
	switch code {
	case newsroom.EInternal:
		log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	case newsroom.EUnavailable:
		log.Error("database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if e, ok := newsroom.AsError(err); ok && e.Code == newsroom.EConflict {
		if e.CurrentState != "" {
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

// JSON aborts the request with err as a JSON error body; a 429 or 503
// says when to retry.
func JSON(c *gin.Context, log *slog.Logger, err error) {
	status, d := Describe(log, c.Request, err)
	if (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable) && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", "5")
	}
	c.AbortWithStatusJSON(status, Body{Error: d})
}
