package reader

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// atomFeed is an Atom 1.0 document (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
	Title    string `xml:"title,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Lang      string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   atomText   `xml:"summary"`
	Content   atomText   `xml:"content"`
}

// buildFeed renders a language's Atom feed: its newest FeedSize releases,
// each with its full body and links to its other language versions.
//
// The bodies come from the rebuild (relBuild.bodies), else from the store;
// an entry whose body cannot be read goes out with its summary only, and
// is tried again at the next rebuild.
func (s *Site) buildFeed(ctx context.Context, ls *langSnap) (*prepared, error) {
	l := s.cfg.Catalog.Localizer(ls.lang)
	self := s.abs("/" + ls.lang + "/feed.atom")
	f := atomFeed{
		Lang:   ls.lang,
		ID:     self,
		Title:  l.T("SiteName") + " — " + l.T("FeedTitle"),
		Author: atomPerson{Name: l.T("SiteName")},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", HrefLang: ls.lang, Href: s.abs("/" + ls.lang + "/")},
		},
	}
	var updated time.Time
	n := min(s.cfg.FeedSize, len(ls.entries))
	for _, e := range ls.entries[:n] {
		p := e.p
		if p.PublishedAt.After(updated) {
			updated = p.PublishedAt
		}
		if e.body == "" {
			var have map[string]string
			if rb := s.st.rels[p.ReleaseID]; rb != nil {
				have = rb.bodies
			}
			if body, err := s.bodyOf(ctx, p, have); err == nil {
				e.body = s.md.Markdown(body)
			} else {
				s.log.Warn("reader: a feed entry's body is not available", "release", p.ReleaseID, "lang", p.Lang, "err", err)
			}
		}
		entry := atomEntry{
			ID:        s.entryID(p.ReleaseID, p.Lang, p.FirstPublishedAt),
			Title:     p.Content.Title,
			Updated:   atomTime(p.PublishedAt),
			Published: atomTime(p.FirstPublishedAt),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", HrefLang: p.Lang, Href: s.abs(e.href)}},
			Summary:   atomText{Type: "text", Body: p.Content.Lead},
			Content:   atomText{Type: "html", Body: string(e.body)},
		}
		if rb := s.st.rels[p.ReleaseID]; rb != nil {
			for _, other := range s.langs {
				if o := rb.visible[other]; o != nil && other != p.Lang {
					entry.Links = append(entry.Links, atomLink{Rel: "alternate", Type: "text/html", HrefLang: other, Title: o.p.Content.Title, Href: s.abs(o.href)})
				}
			}
		}
		f.Entries = append(f.Entries, entry)
	}
	if updated.IsZero() {
		updated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.Updated = atomTime(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("reader: encoding the %s feed: %w", ls.lang, err)
	}
	buf.WriteByte('\n')
	return newPrepared(http.StatusOK, hdrAtom, buf.Bytes()), nil
}

// entryID is a feed entry's permanent ID (a tag URI, RFC 4151): it does not
// change when the slug does.
func (s *Site) entryID(releaseID, lang string, first time.Time) string {
	host := "kotormo"
	if u, err := url.Parse(s.base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return fmt.Sprintf("tag:%s,%s:release/%s/%s", host, first.UTC().Format("2006-01-02"), url.PathEscape(releaseID), lang)
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
