package reader_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestRoutesCoexistWithTheRestOfTheServer mounts the reader next to stand-ins
// for the API, static files, health checks, metrics and the editor, the way
// main does, and checks each request reaches the handler it should.
func TestRoutesCoexistWithTheRestOfTheServer(t *testing.T) {
	f := newsroomFixture(t)
	engine := gin.New()
	tag := func(name string) gin.HandlerFunc {
		return func(c *gin.Context) { c.String(http.StatusOK, "handler:"+name) }
	}
	api := engine.Group("/api/v1")
	api.GET("/releases", tag("api-list"))
	api.GET("/releases/:id", tag("api-release"))
	api.POST("/releases/:id/versions/:lang/:action", tag("api-action"))
	engine.GET("/static/*filepath", tag("static"))
	engine.GET("/healthz", tag("healthz"))
	engine.GET("/readyz", tag("readyz"))
	engine.GET("/metrics", tag("metrics"))
	app := engine.Group("/app")
	app.GET("/", tag("app-home"))
	app.GET("/login", tag("app-login"))
	app.GET("/releases/:id/:lang", tag("app-edit"))
	f.site.Register(engine)
	engine.NoRoute(f.site.NotFound)
	srv := httptest.NewServer(engine)
	defer srv.Close()

	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/api/v1/releases", 200, "handler:api-list"},
		{"/api/v1/releases/r1", 200, "handler:api-release"},
		{"/static/reader.css", 200, "handler:static"},
		{"/healthz", 200, "handler:healthz"},
		{"/readyz", 200, "handler:readyz"},
		{"/metrics", 200, "handler:metrics"},
		{"/app/", 200, "handler:app-home"},
		{"/app/login", 200, "handler:app-login"},
		{"/app/releases/r1/ky", 200, "handler:app-edit"},
		{"/en/", 200, `<html lang="en"`},
		{"/ky/releases/clean-water", 200, `<html lang="ky"`},
		{"/ru/feed.atom", 200, `xml:lang="ru"`},
		{"/ru/search?q=x", 200, `<html lang="ru"`},
		{"/sitemap.xml", 200, "<urlset"},
		{"/robots.txt", 200, "Sitemap:"},
		{"/", 303, ""},
		{"/en", 301, ""},
		{"/ky/releases/unknown", 404, `<html lang="ky"`},
		{"/nowhere/at/all/deep", 404, `<html lang="en"`},
		{"/api/v2/x", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := client.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body := readAll(t, resp)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body %.300s", resp.StatusCode, tt.status, body)
			}
			if tt.want != "" && !contains(body, tt.want) {
				t.Errorf("body lacks %q: %.300s", tt.want, body)
			}
		})
	}
}
