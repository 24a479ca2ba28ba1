package api

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// FuzzDecode checks the JSON request body parser on any body, decoded into
// every request type of the API and parsed as the handlers do: the answer is
// nil or an invalid or too-large error with a message, never a panic or an
// internal error.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		``, `{}`, `null`, `[1]`, `{"base_rev":1,"title":"x","lead":"","body":"y"}`, `{"base_rev":"1"}`,
		`{"date":"2016-10-14","title":"t","body":"b","places":{"ky":"Ош"},"embargo_until":"2030-01-01T00:00:00Z"}`,
		`{"embargo_until":null}`, `{"embargo_until":5}`, `{"email":"a@b","password":"p"}`, `{"roles":["admin"],"langs":["ky"]}`,
		`{"comment":"x"} trailing`, `{"a":1}{}`, "{\"title\":\"\xff\"}", `{"base_rev":1e400}`, `{"rev":-1,"base_rev":99999999999999999999}`,
	} {
		f.Add([]byte(s))
	}
	langs := newsroom.MustLanguages("en,ru,ky")
	types := []func() any{
		func() any { return &loginRequest{} }, func() any { return &updateMeRequest{} },
		func() any { return &createReleaseRequest{} }, func() any { return &updateReleaseRequest{} },
		func() any { return &createUserRequest{} }, func() any { return &updateUserRequest{} },
		func() any { return &createTokenRequest{} }, func() any { return &saveRequest{} },
		func() any { return &transitionRequest{} }, func() any { return &restoreRequest{} },
	}
	gin.SetMode(gin.TestMode)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, newDst := range types {
			c, _ := gin.CreateTestContext(httptest.NewRecorder())
			c.Request = httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
			dst := newDst()
			err := decode(c, dst, false)
			if err == nil {
				switch r := dst.(type) {
				case *createReleaseRequest:
					_, err = r.parse(langs)
				case *updateReleaseRequest:
					_, err = r.parse()
				}
			}
			if err == nil {
				continue
			}
			if code := newsroom.ErrorCode(err); code != newsroom.EInvalid && code != newsroom.ETooLarge {
				t.Errorf("decoding %q into %T: %v, want an invalid or too-large error", body, dst, err)
			}
			if newsroom.ErrorMessage(err) == "" {
				t.Errorf("decoding %q into %T: an error without a message", body, dst)
			}
		}
	})
}
