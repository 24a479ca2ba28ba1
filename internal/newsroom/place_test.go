package newsroom_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func TestAVersionsOwnPlaceIsValidatedLikeTheReleasesPlaces(t *testing.T) {
	langs := newsroom.MustLanguages("en,ru,ky")
	for _, tc := range []struct {
		name, place string
		ok          bool
	}{
		{"empty uses the release's place", "", true},
		{"a Cyrillic place", "БИШКЕК", true},
		{"exactly the limit in runes", strings.Repeat("ө", newsroom.MaxPlace), true},
		{"one rune over the limit", strings.Repeat("ө", newsroom.MaxPlace+1), false},
		{"invalid UTF-8", "Bish\xffkek", false},
		{"a NUL", "Bish\x00kek", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newsroom.Content{Title: "T", Place: tc.place}
			err := c.Validate()
			if (err == nil) != tc.ok {
				t.Fatalf("Content{Place: %q}.Validate() = %v, want ok=%v", tc.place, err, tc.ok)
			}
			if err != nil && newsroom.ErrorCode(err) != newsroom.EInvalid {
				t.Errorf("code = %s, want %s", newsroom.ErrorCode(err), newsroom.EInvalid)
			}
			// The release's places follow the same rule (NUL aside, which
			// both refuse too).
			n := newsroom.NewRelease{Date: time.Date(2016, 10, 14, 0, 0, 0, 0, time.UTC), Places: map[string]string{"ru": tc.place}, Content: newsroom.Content{Title: "T"}}
			if rerr := n.Validate(langs); (rerr == nil) != tc.ok {
				t.Errorf("release place %q: Validate() = %v, want ok=%v", tc.place, rerr, tc.ok)
			}
		})
	}
}

func TestAVersionsOwnPlaceIsNormalizedToOneLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"  БИШКЕК \r\n", "БИШКЕК"},
		{"Кара-\nСуу", "Кара- Суу"},
		{"New   York", "New York"},
	} {
		if got := (newsroom.Content{Place: tc.in}).Normalize().Place; got != tc.want {
			t.Errorf("Normalize(%q).Place = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTheVersionsPlaceWinsOverTheReleasesPlace(t *testing.T) {
	r := &newsroom.Release{SourceLang: "en", Places: map[string]string{"en": "BISHKEK", "ru": "Бишкек"}}
	for _, tc := range []struct{ lang, own, want string }{
		{"ru", "БИШКЕК", "БИШКЕК"},
		{"ru", "", "Бишкек"},
		{"ky", "БИШКЕК", "БИШКЕК"},
		{"ky", "", "BISHKEK"}, // no Kyrgyz release place: the source's
		{"en", "", "BISHKEK"},
	} {
		if got := r.PlaceFor(tc.lang, tc.own); got != tc.want {
			t.Errorf("PlaceFor(%q, %q) = %q, want %q", tc.lang, tc.own, got, tc.want)
		}
	}
}
