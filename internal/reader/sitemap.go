package reader

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// maxSitemapURLs is the sitemap protocol's limit of URLs per file; past it
// /sitemap.xml becomes an index of /sitemap-1.xml, /sitemap-2.xml, ….
const maxSitemapURLs = 50_000

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapRef struct {
	Loc string `xml:"loc"`
}

const (
	sitemapHead = xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n"
	sitemapTail = "</urlset>\n"
)

// writeSitemapEntries writes the sitemap entries of one release to b: a
// <url> per visible language version, each with xhtml:link alternates to
// every version and x-default. links is scratch space.
func (s *Site) writeSitemapEntries(b, links *bytes.Buffer, rb *relBuild) {
	links.Reset()
	for _, l := range s.langs {
		if e := rb.visible[l]; e != nil {
			writeXLink(links, l, s.abs(e.href))
		}
	}
	if x := s.primary(rb); x != nil {
		writeXLink(links, "x-default", s.abs(x.href))
	}
	for _, l := range s.langs {
		if e := rb.visible[l]; e != nil {
			b.WriteString("<url><loc>")
			xmlEscape(b, s.abs(e.href))
			b.WriteString("</loc><lastmod>")
			b.WriteString(e.p.PublishedAt.UTC().Format(time.RFC3339))
			b.WriteString("</lastmod>")
			b.Write(links.Bytes())
			b.WriteString("</url>\n")
		}
	}
}

func writeXLink(b *bytes.Buffer, hreflang, href string) {
	b.WriteString(`<xhtml:link rel="alternate" hreflang="`)
	xmlEscape(b, hreflang)
	b.WriteString(`" href="`)
	xmlEscape(b, href)
	b.WriteString(`"/>`)
}

func xmlEscape(b *bytes.Buffer, s string) {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '<' || c == '>' || c == '&' || c == '\'' || c == '"' {
			_ = xml.EscapeText(b, []byte(s))
			return
		}
	}
	b.WriteString(s) // plain ASCII, as slugs and language codes are
}

// buildSitemap renders /sitemap.xml: every language's home page and every
// visible release version, each with xhtml:link alternates to its other
// languages and x-default. Past maxSitemapURLs it becomes an index of parts.
func (s *Site) buildSitemap() (map[string]*prepared, error) {
	var home bytes.Buffer
	for _, l := range s.langs {
		writeXLink(&home, l, s.abs("/"+l+"/"))
	}
	writeXLink(&home, "x-default", s.abs("/"))
	var parts []*bytes.Buffer
	count := 0
	// Each URL takes about 550 bytes with its alternates: size the first
	// part for it rather than grow it by doubling.
	cur := &bytes.Buffer{}
	cur.Grow(min(len(s.st.rels)*len(s.langs), maxSitemapURLs) * 600)
	cur.WriteString(sitemapHead)
	next := func(urls int) {
		if count+urls > maxSitemapURLs && count > 0 {
			cur.WriteString(sitemapTail)
			parts = append(parts, cur)
			cur, count = &bytes.Buffer{}, 0
			cur.WriteString(sitemapHead)
		}
		count += urls
	}
	for _, l := range s.langs {
		var b bytes.Buffer
		b.WriteString("<url><loc>")
		xmlEscape(&b, s.abs("/"+l+"/"))
		b.WriteString("</loc>")
		b.Write(home.Bytes())
		b.WriteString("</url>\n")
		next(1)
		cur.Write(b.Bytes())
	}
	ids := make([]string, 0, len(s.st.rels))
	for id, rb := range s.st.rels {
		if len(rb.visible) > 0 {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(a, b) })
	var links bytes.Buffer
	for _, id := range ids {
		rb := s.st.rels[id]
		next(len(rb.visible))
		s.writeSitemapEntries(cur, &links, rb)
	}
	cur.WriteString(sitemapTail)
	parts = append(parts, cur)

	out := map[string]*prepared{}
	if len(parts) == 1 {
		out["/sitemap.xml"] = newPrepared(http.StatusOK, hdrXML, parts[0].Bytes()).compact()
		return out, nil
	}
	var index sitemapIndex
	for n, part := range parts {
		path := fmt.Sprintf("/sitemap-%d.xml", n+1)
		out[path] = newPrepared(http.StatusOK, hdrXML, part.Bytes()).compact()
		index.Sitemaps = append(index.Sitemaps, sitemapRef{Loc: s.abs(path)})
	}
	b, err := encodeXML(index)
	if err != nil {
		return nil, err
	}
	out["/sitemap.xml"] = newPrepared(http.StatusOK, hdrXML, b)
	return out, nil
}

func encodeXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		return nil, fmt.Errorf("reader: encoding the sitemap: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
