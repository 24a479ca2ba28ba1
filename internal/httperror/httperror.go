// Package httperror maps domain error codes to HTTP statuses and writes them
// as JSON; internal errors are logged with their detail and shown generically.
package httperror

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

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
func Describe(log *slog.Logger, r *http.Request, err error) (int, Detail) {
	code := newsroom.ErrorCode(err)
	d := Detail{Code: code, Message: newsroom.ErrorMessage(err)}
	if code == newsroom.EInternal {
		if log == nil {
			log = slog.Default()
		}
		log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
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

// JSON aborts the request with err as a JSON error body.
func JSON(c *gin.Context, log *slog.Logger, err error) {
	status, d := Describe(log, c.Request, err)
	c.AbortWithStatusJSON(status, Body{Error: d})
}
