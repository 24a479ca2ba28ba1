package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// maxBody is the largest request body accepted; a release's text limits
// (newsroom.MaxBody and friends) fit well within it.
const maxBody = 1 << 20

// decode reads the request's JSON body into dst, strictly: the body must be
// at most maxBody bytes of valid UTF-8 holding exactly one JSON object whose
// fields all exist in dst and have the right types. An empty body is an error
// unless optional is true, in which case dst is left as it is. Errors:
// EInvalid (with a message that names the problem), ETooLarge.
func decode(c *gin.Context, dst any, optional bool) error {
	body := c.Request.Body
	if body == nil {
		body = http.NoBody
	}
	raw, err := io.ReadAll(http.MaxBytesReader(c.Writer, body, maxBody))
	if err != nil {
		if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return newsroom.E(newsroom.ETooLarge, "ErrBodyTooLarge", "Limit", mbe.Limit)
		}
		return newsroom.E(newsroom.EInvalid, "ErrBodyUnreadable")
	}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		if optional {
			return nil
		}
		return newsroom.E(newsroom.EInvalid, "ErrBodyRequired")
	}
	if !utf8.Valid(raw) {
		return newsroom.E(newsroom.EInvalid, "ErrBodyNotUTF8")
	}
	if trimmed[0] != '{' {
		return newsroom.E(newsroom.EInvalid, "ErrBodyNotObject")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return newsroom.E(newsroom.EInvalid, "ErrBodyTrailing")
	}
	return nil
}

// decodeError turns an encoding/json error into an EInvalid error whose
// message says what is wrong and where.
func decodeError(err error) error {
	if e, ok := newsroom.AsError(err); ok {
		return e
	}
	if e, ok := errors.AsType[*json.SyntaxError](err); ok {
		return newsroom.E(newsroom.EInvalid, "ErrJSONSyntax", "Offset", e.Offset, "Detail", strings.TrimPrefix(e.Error(), "json: "))
	}
	if e, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		if e.Field == "" {
			return newsroom.E(newsroom.EInvalid, "ErrBodyNotObject")
		}
		return newsroom.E(newsroom.EInvalid, jsonKind(e.Type), "Field", e.Field, "Value", e.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return newsroom.E(newsroom.EInvalid, "ErrJSONTruncated")
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return newsroom.E(newsroom.EInvalid, "ErrJSONUnknownField", "Field", f)
	}
	return newsroom.E(newsroom.EInvalid, "ErrJSONInvalid", "Detail", msg)
}

// jsonKind is the message that names the JSON value a Go type expects.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "ErrJSONWantString"
	case reflect.Bool:
		return "ErrJSONWantBool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "ErrJSONWantInteger"
	case reflect.Float32, reflect.Float64:
		return "ErrJSONWantNumber"
	case reflect.Slice, reflect.Array:
		return "ErrJSONWantArray"
	}
	return "ErrJSONWantObject"
}

// required returns an EInvalid error naming the first missing field: a nil
// pointer among pairs of (name, pointer).
func required(fields ...any) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if v := reflect.ValueOf(fields[i+1]); v.Kind() == reflect.Pointer && v.IsNil() {
			return newsroom.E(newsroom.EInvalid, "ErrFieldRequired", "Field", fields[i])
		}
	}
	return nil
}

// parseCount parses a non-negative decimal integer of at most 9 digits, as
// used for revisions and pages; anything else is an EInvalid error naming the
// parameter.
func parseCount(param, s string) (int, error) {
	if s == "" || len(s) > 9 {
		return 0, newsroom.E(newsroom.EInvalid, "ErrParamWholeNumber", "Param", param, "Value", s)
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, newsroom.E(newsroom.EInvalid, "ErrParamWholeNumber", "Param", param, "Value", s)
		}
		n = n*10 + int(r-'0')
	}
	return n, nil
}

// parseDate parses a dateline date (YYYY-MM-DD).
func parseDate(field, s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, newsroom.E(newsroom.EInvalid, "ErrFieldDate", "Field", field, "Value", s)
	}
	return d, nil
}

// parseTime parses an RFC 3339 time such as an embargo.
func parseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, newsroom.E(newsroom.EInvalid, "ErrFieldTime", "Field", field, "Value", s)
	}
	return t.UTC(), nil
}

// optionalTime decodes a JSON field that may be absent (nil raw), null or ""
// (clear), or an RFC 3339 string.
func optionalTime(field string, raw json.RawMessage) (set bool, t time.Time, err error) {
	if raw == nil {
		return false, time.Time{}, nil
	}
	if string(raw) == "null" {
		return true, time.Time{}, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return false, time.Time{}, newsroom.E(newsroom.EInvalid, "ErrFieldTimeOrClear", "Field", field)
	}
	if s == "" {
		return true, time.Time{}, nil
	}
	t, err = parseTime(field, s)
	return err == nil, t, err
}

// utc returns t in UTC, or nil for the zero time (rendered as null).
func utc(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
