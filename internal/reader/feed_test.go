package reader_test

import (
	"encoding/xml"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/reader/readertest"
)

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links   []atomLink `xml:"link"`
	Entries []struct {
		ID        string     `xml:"id"`
		Title     string     `xml:"title"`
		Updated   string     `xml:"updated"`
		Published string     `xml:"published"`
		Links     []atomLink `xml:"link"`
		Summary   string     `xml:"summary"`
		Content   struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

func TestAtomFeeds(t *testing.T) {
	f := newsroomFixture(t)
	for _, lang := range []string{"en", "ru", "ky"} {
		t.Run(lang+" feed parses and lists that language's releases", func(t *testing.T) {
			r := f.get("/"+lang+"/feed.atom").wantStatus(t, http.StatusOK)
			if ct := r.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
			var feed atomFeed
			if err := xml.Unmarshal([]byte(r.body), &feed); err != nil {
				t.Fatalf("the feed does not parse: %v", err)
			}
			if feed.Lang != lang {
				t.Errorf("xml:lang = %q", feed.Lang)
			}
			if feed.ID == "" || feed.Title == "" || feed.Author.Name == "" {
				t.Errorf("feed lacks id, title or author: %+v", feed)
			}
			if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
				t.Errorf("updated %q: %v", feed.Updated, err)
			}
			want := map[string]int{"en": 2, "ru": 2, "ky": 1}[lang]
			if len(feed.Entries) != want {
				t.Fatalf("%d entries, want %d", len(feed.Entries), want)
			}
			e := feed.Entries[0]
			if !strings.HasPrefix(e.ID, "tag:news.example.org,2016-10-14:release/rel-water/"+lang) {
				t.Errorf("entry id %q", e.ID)
			}
			var self string
			var others []string
			for _, l := range e.Links {
				if l.HrefLang == lang {
					self = l.Href
				} else {
					others = append(others, l.HrefLang)
				}
			}
			if self != "http://news.example.org/"+lang+"/releases/clean-water" {
				t.Errorf("entry link %q", self)
			}
			slices.Sort(others)
			wantOthers := slices.DeleteFunc([]string{"en", "ky", "ru"}, func(s string) bool { return s == lang })
			if !slices.Equal(others, wantOthers) {
				t.Errorf("alternates %v, want %v", others, wantOthers)
			}
			if e.Content.Type != "html" || !strings.Contains(e.Content.Body, "<strong>") {
				t.Errorf("content is not the rendered body: %+v", e.Content)
			}
		})
	}
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			HrefLang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

func TestSitemap(t *testing.T) {
	f := newsroomFixture(t)
	r := f.get("/sitemap.xml").wantStatus(t, http.StatusOK)
	var set urlset
	if err := xml.Unmarshal([]byte(r.body), &set); err != nil {
		t.Fatalf("the sitemap does not parse: %v", err)
	}
	got := map[string]map[string]string{}
	for _, u := range set.URLs {
		alt := map[string]string{}
		for _, l := range u.Links {
			if l.Rel != "alternate" {
				t.Errorf("%s: link rel %q", u.Loc, l.Rel)
			}
			alt[l.HrefLang] = l.Href
		}
		got[u.Loc] = alt
		if strings.Contains(u.Loc, "/releases/") {
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Errorf("%s: lastmod %q", u.Loc, u.LastMod)
			}
		}
	}
	const base = "http://news.example.org"
	if len(got) != 3+3+2 {
		t.Errorf("%d URLs, want 3 home pages + 3 + 2 release versions: %v", len(got), slices.Sorted(maps.Keys(got)))
	}
	water := got[base+"/ky/releases/clean-water"]
	for _, l := range []string{"en", "ru", "ky"} {
		if water[l] != base+"/"+l+"/releases/clean-water" {
			t.Errorf("ky water page: alternate %s = %q", l, water[l])
		}
	}
	if water["x-default"] != base+"/en/releases/clean-water" {
		t.Errorf("x-default = %q", water["x-default"])
	}
	schools := got[base+"/ru/releases/rural-schools"]
	if _, ok := schools["ky"]; ok || len(schools) != 3 {
		t.Errorf("schools alternates %v, want en, ru and x-default", schools)
	}
	if _, ok := got[base+"/ky/releases/rural-schools"]; ok {
		t.Error("the sitemap lists a version that is not published")
	}
	if home := got[base+"/ru/"]; home["x-default"] != base+"/" || home["ky"] != base+"/ky/" {
		t.Errorf("home alternates %v", home)
	}
	f.get("/robots.txt").wantStatus(t, http.StatusOK).wantContains(t, "Sitemap: http://news.example.org/sitemap.xml")
}

// TestALargeSitemapIsKeptGzippedAndServedToAnyClient: past a megabyte the
// sitemap is kept only gzipped (it was the site's largest page held in
// memory twice); a client that does not take gzip still gets it whole, with
// the right length and validator.
func TestALargeSitemapIsKeptGzippedAndServedToAnyClient(t *testing.T) {
	f := newFixture(t, readertest.NewSource(readertest.Generate(900, []string{"en", "ru", "ky"})...))
	plain := f.get("/sitemap.xml").wantStatus(t, http.StatusOK)
	if len(plain.body) < 1<<20 {
		t.Fatalf("the sitemap is %d bytes; the test needs one over a megabyte", len(plain.body))
	}
	if plain.ContentLength != int64(len(plain.body)) || !strings.HasSuffix(plain.body, "</urlset>\n") {
		t.Errorf("Content-Length %d for %d bytes, or the sitemap is cut", plain.ContentLength, len(plain.body))
	}
	if n := strings.Count(plain.body, "<url>"); n != 900*3+3 {
		t.Errorf("%d URLs in the sitemap, want %d", n, 900*3+3)
	}
	zipped := f.get("/sitemap.xml", "Accept-Encoding: gzip").wantStatus(t, http.StatusOK)
	if zipped.body != plain.body {
		t.Error("the gzipped sitemap differs from the plain one")
	}
	f.get("/sitemap.xml", "If-None-Match: "+plain.Header.Get("ETag")).wantStatus(t, http.StatusNotModified)
}
