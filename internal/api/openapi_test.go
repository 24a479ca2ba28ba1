package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestTheOpenAPIDocumentDescribesExactlyTheRegisteredRoutes(t *testing.T) {
	e := newEnv(t, "")
	w := e.as("", "GET", "/openapi.json", nil)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("GET /openapi.json: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Servers []struct{ URL string }                `json:"servers"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
		Comps   struct {
			Schemas         map[string]json.RawMessage `json:"schemas"`
			SecuritySchemes map[string]struct {
				Type, Scheme, In, Name string
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("parse: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0.") || len(doc.Servers) != 1 || doc.Servers[0].URL != "/api/v1" {
		t.Fatalf("openapi %q, servers %v", doc.OpenAPI, doc.Servers)
	}
	if s := doc.Comps.SecuritySchemes["bearerAuth"]; s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("bearer scheme: %+v", s)
	}
	if s := doc.Comps.SecuritySchemes["cookieAuth"]; s.Type != "apiKey" || s.In != "cookie" || s.Name != "kotormo_session" {
		t.Errorf("cookie scheme: %+v", s)
	}
	if doc.Comps.Schemas["Error"] == nil {
		t.Error("no Error schema")
	}

	param := regexp.MustCompile(`:([a-z_]+)`)
	var registered, documented []string
	for _, rt := range e.engine.Routes() {
		p := param.ReplaceAllString(strings.TrimPrefix(rt.Path, "/api/v1"), "{$1}")
		registered = append(registered, rt.Method+" "+p)
	}
	methods := []string{"get", "put", "post", "patch", "delete", "head", "options", "trace"}
	for p, item := range doc.Paths {
		for m := range item {
			if slices.Contains(methods, m) {
				documented = append(documented, strings.ToUpper(m)+" "+p)
			}
		}
	}
	if len(registered) < 20 {
		t.Fatalf("only %d routes registered", len(registered))
	}
	sort.Strings(registered)
	sort.Strings(documented)
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("openapi.json documents %s, which is not a route", d)
		}
	}

	t.Run("every $ref resolves", func(t *testing.T) {
		var all map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &all)
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case map[string]any:
				if r, ok := v["$ref"].(string); ok {
					var cur any = all
					for _, part := range strings.Split(strings.TrimPrefix(r, "#/"), "/") {
						m, _ := cur.(map[string]any)
						cur = m[part]
					}
					if cur == nil {
						t.Errorf("unresolved $ref %s", r)
					}
				}
				for _, x := range v {
					walk(x)
				}
			case []any:
				for _, x := range v {
					walk(x)
				}
			}
		}
		walk(all)
	})

	t.Run("every path parameter is declared", func(t *testing.T) {
		var all map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &all)
		comps, _ := all["components"].(map[string]any)
		shared, _ := comps["parameters"].(map[string]any)
		names := func(list any) []string {
			var out []string
			items, _ := list.([]any)
			for _, it := range items {
				p, _ := it.(map[string]any)
				if r, ok := p["$ref"].(string); ok {
					p, _ = shared[strings.TrimPrefix(r, "#/components/parameters/")].(map[string]any)
				}
				if p["in"] == "path" && p["required"] == true {
					out = append(out, p["name"].(string))
				}
			}
			return out
		}
		paths, _ := all["paths"].(map[string]any)
		for p, item := range paths {
			item := item.(map[string]any)
			common := names(item["parameters"])
			want := regexp.MustCompile(`\{([a-z_]+)\}`).FindAllStringSubmatch(p, -1)
			for m, op := range item {
				if !slices.Contains(methods, m) {
					continue
				}
				declared := append(names(op.(map[string]any)["parameters"]), common...)
				for _, name := range want {
					if !slices.Contains(declared, name[1]) {
						t.Errorf("%s %s: path parameter %s is not declared", m, p, name[1])
					}
				}
			}
		}
	})
}
