package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
	"github.com/kotormo/kotormo/internal/server"
)

func TestTheSelfHostedFontIsServedForGood(t *testing.T) {
	store := mongotest.Store(t, "")
	srv, err := server.New(context.Background(), server.Config{
		Langs: store.Langs(), Store: store, BaseURL: "http://example.test",
		Ping: func(context.Context) error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	get := func(t *testing.T, path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	t.Run("every face the style sheets name is served as an immutable WOFF2", func(t *testing.T) {
		for _, css := range []string{"/static/reader.css", "/static/editor.css"} {
			_, body := get(t, css)
			n := 0
			for _, part := range strings.Split(body, "url(")[1:] {
				name, _, _ := strings.Cut(part, ")")
				n++
				resp, font := get(t, "/static/"+name)
				if resp.StatusCode != http.StatusOK || !strings.HasPrefix(font, "wOF2") {
					t.Errorf("%s names %s: %d, %.4q", css, name, resp.StatusCode, font)
				}
				if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
					t.Errorf("%s: Cache-Control %q", name, cc)
				}
			}
			if n != 12 {
				t.Errorf("%s names %d font files, want 12 (3 subsets × 4 styles)", css, n)
			}
		}
	})
	t.Run("the licence is served beside the fonts", func(t *testing.T) {
		if resp, body := get(t, "/static/fonts/pt-serif-5.3.0/OFL.txt"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "SIL Open Font License") {
			t.Errorf("OFL.txt: %d", resp.StatusCode)
		}
	})
	t.Run("reader pages with a CSP allow fonts from the site", func(t *testing.T) {
		resp, _ := get(t, "/en/search?q=x")
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "font-src 'self'") {
			t.Errorf("CSP %q", csp)
		}
	})
}
