package reader

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// Header values shared by every response. Header maps get these slices
// assigned, never copied: nothing in net/http changes a header value slice.
var (
	hdrHTML     = []string{"text/html; charset=utf-8"}
	hdrAtom     = []string{"application/atom+xml; charset=utf-8"}
	hdrXML      = []string{"application/xml; charset=utf-8"}
	hdrText     = []string{"text/plain; charset=utf-8"}
	hdrGzip     = []string{"gzip"}
	hdrNoCache  = []string{"public, no-cache"}
	hdrNoStore  = []string{"no-store"}
	hdrPrivate  = []string{"private, no-cache"}
	hdrVaryEnc  = []string{"Accept-Encoding"}
	hdrVaryNeg  = []string{"Accept-Encoding, Accept-Language, Cookie"}
	hdrVaryRoot = []string{"Accept-Language, Cookie"}
	hdrNosniff  = []string{"nosniff"}
	hdrNoIndex  = []string{"noindex"}
	hdrCSP      = []string{ContentSecurityPolicy}
)

// ContentSecurityPolicy is the policy of every page of the reader site: no
// script at all, styles only from the site's own files (never inline),
// images from the site or https (release bodies may link them), forms post
// only to the site. The server sends it with every response; pages of the
// editor replace it with their own.
const ContentSecurityPolicy = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' https: data:; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// minGzip is the smallest body worth compressing.
const minGzip = 512

// prepared is a complete response, ready to be written: status, headers and
// body, plus the body's gzip encoding. It is immutable once built.
type prepared struct {
	status  int
	ctype   []string
	cache   []string
	vary    []string
	noindex bool
	// location is set on redirects.
	location []string

	body    []byte
	gz      []byte // nil when not worth compressing
	etag    string
	etagGz  string
	hEtag   []string
	hEtagGz []string
	hLen    []string
	hLenGz  []string

	// lazy is set on placeholders of pages rendered on demand (see resolve).
	lazy *lazyPage
}

// bigBody is the size past which bodies (a large sitemap) are compressed
// for speed rather than size: they are rebuilt on every publish.
const bigBody = 1 << 20

var (
	gzPool = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
		return w
	}}
	gzFastPool = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		return w
	}}
)

// newPrepared prepares body for serving with status and content type.
func newPrepared(status int, ctype []string, body []byte) *prepared {
	p := &prepared{status: status, ctype: ctype, cache: hdrNoCache, vary: hdrVaryEnc, body: body}
	p.etag = etagOf(body)
	p.hEtag = []string{p.etag}
	p.hLen = []string{strconv.Itoa(len(body))}
	if len(body) >= minGzip {
		var buf bytes.Buffer
		buf.Grow(len(body) / 3)
		pool := &gzPool
		if len(body) > bigBody {
			pool = &gzFastPool
		}
		zw := pool.Get().(*gzip.Writer)
		zw.Reset(&buf)
		_, _ = zw.Write(body)
		_ = zw.Close()
		pool.Put(zw)
		if buf.Len() < len(body) {
			p.gz = bytes.Clone(buf.Bytes())
			p.etagGz = p.etag[:len(p.etag)-1] + `-gz"`
			p.hEtagGz = []string{p.etagGz}
			p.hLenGz = []string{strconv.Itoa(len(p.gz))}
		}
	}
	return p
}

// compact drops the uncompressed body of a large page (a sitemap of tens of
// megabytes at 10,000 releases) and keeps its gzip bytes only: clients that
// do not take gzip, rare for such pages, get it decompressed as it is
// written. Small pages are left as they are.
func (p *prepared) compact() *prepared {
	if len(p.body) > bigBody && p.gz != nil {
		p.body = nil
	}
	return p
}

// etagOf returns a strong ETag for body.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:15]) + `"`
}

// withVary returns a copy of p that varies on vary too.
// movedTo is a permanent redirect to path: a release's former address.
func movedTo(path string) *prepared {
	p := newPrepared(http.StatusMovedPermanently, hdrHTML, nil)
	p.location = []string{path}
	return p
}

func (p *prepared) withVary(vary []string) *prepared {
	cp := *p
	cp.vary = vary
	cp.cache = hdrPrivate
	return &cp
}

// serve writes p. It is the hot path: header values are shared slices, the
// body is written in one call, and the handler itself allocates nothing.
//
// Every header costs net/http measurable time per request (it clones, sorts
// and escapes them), so prepared pages carry only what HTTP needs: type,
// length, validator, caching and Vary. Site-wide security headers, if
// wanted, belong in main's middleware.
//
// It returns the status it wrote.
func (p *prepared) serve(w http.ResponseWriter, r *http.Request) int {
	h := w.Header()
	gz := p.gz != nil && acceptsGzip(r.Header["Accept-Encoding"])
	h["Content-Type"] = p.ctype
	h["Cache-Control"] = p.cache
	h["Vary"] = p.vary
	if p.noindex {
		h["X-Robots-Tag"] = hdrNoIndex
	}
	if p.location != nil {
		h["Location"] = p.location
	}
	if gz {
		h["Etag"] = p.hEtagGz
	} else {
		h["Etag"] = p.hEtag
	}
	if p.status == http.StatusOK {
		if inm := r.Header["If-None-Match"]; len(inm) > 0 && p.notModified(inm) {
			w.WriteHeader(http.StatusNotModified)
			return http.StatusNotModified
		}
	}
	body := p.body
	if gz {
		h["Content-Encoding"] = hdrGzip
		h["Content-Length"] = p.hLenGz
		body = p.gz
	} else {
		h["Content-Length"] = p.hLen
	}
	w.WriteHeader(p.status)
	if r.Method == http.MethodHead {
		return p.status
	}
	if !gz && body == nil && p.gz != nil { // compacted: see compact
		if zr, err := gzip.NewReader(bytes.NewReader(p.gz)); err == nil {
			_, _ = io.Copy(w, zr)
		}
		return p.status
	}
	_, _ = w.Write(body)
	return p.status
}

// notModified reports whether an If-None-Match header names either
// representation of p (weak comparison, as RFC 9110 asks for If-None-Match).
func (p *prepared) notModified(values []string) bool {
	for _, v := range values {
		if v == p.etag || (p.gz != nil && v == p.etagGz) {
			return true
		}
		for v != "" {
			var tag string
			tag, v, _ = strings.Cut(v, ",")
			tag = strings.TrimSpace(tag)
			tag = strings.TrimPrefix(tag, "W/")
			if tag == "*" || tag == p.etag || (p.gz != nil && tag == p.etagGz) {
				return true
			}
		}
	}
	return false
}

// acceptsGzip reports whether Accept-Encoding values allow gzip: a "gzip" or
// "*" coding whose q is not zero.
func acceptsGzip(values []string) bool {
	for _, v := range values {
		for v != "" {
			var item string
			item, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(item, ";")
			name = strings.TrimSpace(name)
			if !strings.EqualFold(name, "gzip") && !strings.EqualFold(name, "x-gzip") && name != "*" {
				continue
			}
			return !zeroQ(params)
		}
	}
	return false
}

// zeroQ reports whether parameters such as " q=0.000" give a weight of zero.
func zeroQ(params string) bool {
	params = strings.TrimSpace(params)
	if params == "" {
		return false
	}
	k, v, ok := strings.Cut(params, "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
		return false
	}
	v = strings.TrimSpace(v)
	if v == "" || v[0] != '0' {
		return false
	}
	return strings.Trim(v[1:], ".0") == ""
}
