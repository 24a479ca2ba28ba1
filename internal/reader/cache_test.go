package reader_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestETagsAndGzip(t *testing.T) {
	f := newsroomFixture(t)
	for _, path := range []string{"/en/releases/clean-water", "/ky/", "/ru/feed.atom", "/sitemap.xml"} {
		t.Run(path, func(t *testing.T) {
			plain := f.get(path).wantStatus(t, http.StatusOK)
			etag := plain.Header.Get("ETag")
			if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) {
				t.Fatalf("ETag %q is not a strong validator", etag)
			}
			if plain.Header.Get("Content-Encoding") != "" {
				t.Error("gzip without Accept-Encoding")
			}
			if got := plain.Header.Get("Content-Length"); got == "" || plain.ContentLength != int64(len(plain.body)) {
				t.Errorf("Content-Length %q for %d bytes", got, len(plain.body))
			}
			if !strings.Contains(plain.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary = %q", plain.Header.Get("Vary"))
			}
			if cc := plain.Header.Get("Cache-Control"); cc == "" {
				t.Error("no Cache-Control")
			}

			zipped := f.get(path, "Accept-Encoding: gzip, deflate, br").wantStatus(t, http.StatusOK)
			if zipped.Header.Get("Content-Encoding") != "gzip" {
				t.Fatal("not gzipped for a client that accepts gzip")
			}
			if zipped.body != plain.body {
				t.Error("the gzipped body differs from the plain one")
			}
			zetag := zipped.Header.Get("ETag")
			if zetag == etag {
				t.Error("both encodings have the same strong ETag")
			}
			if zipped.ContentLength >= plain.ContentLength {
				t.Errorf("gzip is %d bytes, plain %d", zipped.ContentLength, plain.ContentLength)
			}

			f.get(path, "If-None-Match: "+etag).wantStatus(t, http.StatusNotModified)
			f.get(path, "If-None-Match: "+zetag, "Accept-Encoding: gzip").wantStatus(t, http.StatusNotModified)
			f.get(path, `If-None-Match: "other", W/`+etag).wantStatus(t, http.StatusNotModified)
			f.get(path, "If-None-Match: *").wantStatus(t, http.StatusNotModified)
			f.get(path, `If-None-Match: "stale"`).wantStatus(t, http.StatusOK)
			if r := f.get(path, "If-None-Match: "+etag); r.body != "" || r.Header.Get("ETag") != etag {
				t.Errorf("304 with body %q or ETag %q", r.body, r.Header.Get("ETag"))
			}
			f.get(path, "Accept-Encoding: gzip;q=0").wantStatus(t, http.StatusOK)
			if r := f.get(path, "Accept-Encoding: gzip;q=0"); r.Header.Get("Content-Encoding") != "" {
				t.Error("gzip though the client refused it with q=0")
			}
			head := f.do(http.MethodHead, path).wantStatus(t, http.StatusOK)
			if head.body != "" || head.Header.Get("ETag") != etag {
				t.Errorf("HEAD: body %q, ETag %q", head.body, head.Header.Get("ETag"))
			}
		})
	}
}
