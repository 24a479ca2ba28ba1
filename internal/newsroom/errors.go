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

// Error is a domain error: data, not a sentence. Code picks the HTTP status;
// ID names the message in the interface catalogue (locales/) and Args fill its
// placeholders, so that each edge localizes it in the reader's language
// (i18n.Localizer.Error). Message is an English sentence kept only by errors
// that have no catalogue entry yet (Errorf); it is shown as it is.
type Error struct {
	Code string
	ID   string
	// Args are the message's placeholders. Values of type State, Action and
	// Role are localized by name at the edge.
	Args    map[string]any
	Message string
	// CurrentRev is set on conflicts of a save: the revision the caller should rebase on.
	CurrentRev int
	// CurrentState is set on conflicts of a transition.
	CurrentState State
}

// Error implements the error interface (for logs; people see the localized message).
func (e *Error) Error() string {
	if e.ID != "" {
		return fmt.Sprintf("%s: %s %v", e.Code, e.ID, e.Args)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Field names an input field inside an error's arguments ("title", "lead",
// "body"); the edge shows it in the reader's language.
type Field string

// E returns a coded error whose message is catalogue entry id; args are
// key/value pairs for its placeholders ("Lang", "ky", "Max", 200).
func E(code, id string, args ...any) *Error {
	e := &Error{Code: code, ID: id}
	if len(args) > 0 {
		e.Args = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			if k, ok := args[i].(string); ok {
				e.Args[k] = args[i+1]
			}
		}
	}
	return e
}

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
		if e.ID != "" && e.Message == "" {
			return e.ID
		}
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
