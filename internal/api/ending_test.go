package api_test

import (
	"net/http"
	"strings"
	"testing"
)

func bearerRequest(method, path, token string, body any) *http.Request {
	r := request(method, path, body)
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}

func TestLogoutEndsTheBearerSessionTokenPresented(t *testing.T) {
	e := newEnv(t, "")
	e.user("editor")
	w := e.serve(request("POST", "/login", map[string]string{"email": "editor@un.example", "password": password}))
	tok := decodeObj(t, w).s("token")
	if w := e.serve(bearerRequest("GET", "/me", tok, nil)); w.Code != http.StatusOK {
		t.Fatalf("/me with the session token: %d %s", w.Code, w.Body)
	}
	if w := e.serve(bearerRequest("POST", "/logout", tok, nil)); w.Code != http.StatusNoContent {
		t.Fatalf("logout: %d %s", w.Code, w.Body)
	}
	errorOf(t, e.serve(bearerRequest("GET", "/me", tok, nil)), http.StatusUnauthorized, "unauthorized")
}

func TestLogoutWithAnAPITokenEndsThatToken(t *testing.T) {
	e := newEnv(t, "")
	tok := e.token("editor")
	if w := e.serve(bearerRequest("POST", "/logout", tok, nil)); w.Code != http.StatusNoContent {
		t.Fatalf("logout: %d %s", w.Code, w.Body)
	}
	errorOf(t, e.serve(bearerRequest("GET", "/me", tok, nil)), http.StatusUnauthorized, "unauthorized")
}

func TestAPasswordChangeEndsTheUsersAPITokensAndSaysWhy(t *testing.T) {
	e := newEnv(t, "")
	tok := e.token("editor")
	w := e.serve(bearerRequest("PATCH", "/me", tok, map[string]string{"password": "a brand new password", "current_password": password}))
	if w.Code != http.StatusOK || decodeObj(t, w).s("token") == "" {
		t.Fatalf("password change: %d %s", w.Code, w.Body)
	}
	d := errorOf(t, e.serve(bearerRequest("GET", "/me", tok, nil)), http.StatusUnauthorized, "unauthorized")
	if !strings.Contains(d.s("message"), "password") {
		t.Fatalf("the old token's refusal does not say why: %q", d.s("message"))
	}
}

func TestAPasswordOfTwelveSpacesIsRefused(t *testing.T) {
	e := newEnv(t, "")
	w := e.as("admin", "POST", "/users", map[string]any{"email": "new@un.example", "name": "New", "password": strings.Repeat(" ", 12), "roles": []string{"editor"}})
	errorOf(t, w, http.StatusBadRequest, "invalid")
	w = e.as("editor", "PATCH", "/me", map[string]string{"password": strings.Repeat(" ", 12), "current_password": password})
	errorOf(t, w, http.StatusBadRequest, "invalid")
}
