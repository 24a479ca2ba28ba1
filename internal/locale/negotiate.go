package locale

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// Limits that keep Accept-Language parsing cheap whatever a client sends.
// Browsers send a handful of short entries; anything beyond these limits is
// ignored rather than parsed.
const (
	// MaxAcceptLanguageBytes is how much of an Accept-Language header is read.
	MaxAcceptLanguageBytes = 4 << 10
	// MaxAcceptLanguageEntries is how many comma-separated entries are read.
	MaxAcceptLanguageEntries = 32
	// maxTagBytes bounds one language tag; longer ones are skipped.
	maxTagBytes = 64
)

// Negotiator chooses one of the configured content languages for a reader.
// It is safe for concurrent use; build it once at start-up.
type Negotiator struct {
	langs   []string
	matcher language.Matcher
}

// NewNegotiator returns a Negotiator over the configured content languages.
// The first language is the default. Codes are canonicalised ("kir" becomes
// "ky"); an empty list, an invalid tag or a duplicate is an error.
func NewNegotiator(langs []string) (*Negotiator, error) {
	if len(langs) == 0 {
		return nil, errors.New("locale: no content languages configured")
	}
	tags := make([]language.Tag, 0, len(langs))
	codes := make([]string, 0, len(langs))
	for _, l := range langs {
		tag, err := language.Parse(strings.TrimSpace(l))
		if err != nil {
			return nil, fmt.Errorf("locale: content language %q: %w", l, err)
		}
		if tag == language.Und {
			return nil, fmt.Errorf("locale: content language %q is undetermined", l)
		}
		code := tag.String()
		if slices.Contains(codes, code) {
			return nil, fmt.Errorf("locale: content language %q configured twice", code)
		}
		tags = append(tags, tag)
		codes = append(codes, code)
	}
	return &Negotiator{langs: codes, matcher: language.NewMatcher(tags)}, nil
}

// Langs returns the configured language codes, default first.
func (n *Negotiator) Langs() []string {
	return slices.Clone(n.langs)
}

// Default returns the default language code.
func (n *Negotiator) Default() string {
	return n.langs[0]
}

// Supported reports whether code is exactly one of the configured language
// codes, as used in URLs such as /ky/.
func (n *Negotiator) Supported(code string) bool {
	return slices.Contains(n.langs, code)
}

// Match returns the configured language that best fits an Accept-Language
// header, or the default when nothing fits. Malformed entries are skipped,
// entries with q=0 are dropped, and only the first MaxAcceptLanguageBytes
// and MaxAcceptLanguageEntries of the header are read.
func (n *Negotiator) Match(acceptLanguage string) string {
	tags := parseAcceptLanguage(acceptLanguage)
	if len(tags) == 0 {
		return n.Default()
	}
	_, i, conf := n.matcher.Match(tags...)
	if conf == language.No || i < 0 || i >= len(n.langs) {
		return n.Default()
	}
	return n.langs[i]
}

// weighted is one parsed Accept-Language entry.
type weighted struct {
	tag language.Tag
	q   int // weight in thousandths: 0..1000
}

// parseAcceptLanguage returns the acceptable tags of a header, most wanted
// first. Unlike language.ParseAcceptLanguage it never rejects the whole
// header because of one bad entry.
func parseAcceptLanguage(header string) []language.Tag {
	if len(header) > MaxAcceptLanguageBytes {
		header = header[:MaxAcceptLanguageBytes]
		// The cut may fall inside an entry: drop that partial entry.
		if i := strings.LastIndexByte(header, ','); i >= 0 {
			header = header[:i]
		} else {
			header = ""
		}
	}
	var entries []weighted
	for seen := 0; header != "" && seen < MaxAcceptLanguageEntries; {
		var entry string
		entry, header, _ = strings.Cut(header, ",")
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		seen++
		w, ok := parseEntry(entry)
		if !ok || w.q == 0 {
			continue
		}
		entries = append(entries, w)
	}
	slices.SortStableFunc(entries, func(a, b weighted) int { return b.q - a.q })
	tags := make([]language.Tag, len(entries))
	for i, e := range entries {
		tags[i] = e.tag
	}
	return tags
}

// parseEntry parses "ky-KG;q=0.8". The wildcard "*" is reported as not ok:
// it adds nothing to the default.
func parseEntry(entry string) (weighted, bool) {
	name, params, _ := strings.Cut(entry, ";")
	name = strings.TrimSpace(name)
	if name == "" || name == "*" || len(name) > maxTagBytes {
		return weighted{}, false
	}
	w := weighted{q: 1000}
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		key, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(key), "q") {
			continue
		}
		q, ok := parseQ(strings.TrimSpace(value))
		if !ok {
			return weighted{}, false
		}
		w.q = q
	}
	tag, err := language.Parse(name)
	if err != nil {
		return weighted{}, false
	}
	w.tag = tag
	return w, true
}

// parseQ parses a weight such as "0", "0.5", "1" or "1.000" (RFC 9110
// qvalue) into thousandths. Digits past the third decimal are ignored;
// anything else, such as "abc", "2" or "1e-1", is rejected.
func parseQ(s string) (int, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	q := int(s[0]-'0') * 1000
	rest := s[1:]
	if rest == "" {
		return q, true
	}
	if rest[0] != '.' {
		return 0, false
	}
	scale := 100
	for _, c := range rest[1:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		q += int(c-'0') * scale
		scale /= 10
	}
	if q > 1000 {
		return 0, false
	}
	return q, true
}
