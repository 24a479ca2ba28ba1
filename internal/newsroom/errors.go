package newsroom

import (
	"errors"
	"fmt"
)

// Error codes. Every error that crosses a package boundary carries one; the
// edges map them to HTTP statuses (see internal/api) and never show the
// message of an internal error to a user.
const (
	EInvalid      = "invalid"      // the input is malformed or breaks a rule
	ENotFound     = "not_found"    // the thing does not exist (or is not visible)
	EConflict     = "conflict"     // the write was based on stale data, or the action does not apply to the current state
	EForbidden    = "forbidden"    // the actor may not do this
	EUnauthorized = "unauthorized" // no valid session or token
	ETooLarge     = "too_large"    // the request body is over the limit
	ETooMany      = "too_many"     // throttled
	EUnavailable  = "unavailable"  // the database cannot be reached or refuses writes; try again later
	EInternal     = "internal"     // a bug or an unavailable dependency
)

// Error is a domain error: a code and a message safe to show to the user.
type Error struct {
	Code    string
	Message string
	// CurrentRev is set on conflicts of a save: the revision the caller should rebase on.
	CurrentRev int
	// CurrentState is set on conflicts of a transition.
	CurrentState State
}

// Error implements the error interface.
func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EInternal
	}
}

// ErrorMessage returns the user-safe message of err: the message of its *Error,
// or a generic text for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e) && e.Code != EInternal:
		return e.Message
	default:
		return "Internal error."
	}
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
