package newsroom

import (
	"slices"
	"strings"
	"time"

	"github.com/kotormo/kotormo/internal/slug"
)

// The calendar years a dateline date or an embargo may fall in; anything
// outside is a typing mistake ("0214", "20166").
const (
	MinYear = 1900
	MaxYear = 2999
)

// CheckDate returns t as a dateline date (a UTC calendar day), or an
// EInvalid error when its year is outside MinYear..MaxYear.
func CheckDate(t time.Time) (time.Time, error) {
	if t.IsZero() {
		return t, E(EInvalid, "ErrDateRequired")
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return t, E(EInvalid, "ErrDateRange", "Min", MinYear, "Max", MaxYear)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

// CheckEmbargo returns t in UTC, or an EInvalid error when its year is
// outside MinYear..MaxYear. The zero time means no embargo.
func CheckEmbargo(t time.Time) (time.Time, error) {
	if t.IsZero() {
		return t, nil
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return t, E(EInvalid, "ErrEmbargoRange", "Min", MinYear, "Max", MaxYear)
	}
	return t.UTC(), nil
}

// CheckSlug trims s and returns it if it is a valid slug. Errors: EInvalid.
func CheckSlug(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", E(EInvalid, "ErrSlugEmpty")
	}
	if !slug.Valid(s) {
		return "", E(EInvalid, "ErrSlugInvalid", "Slug", s)
	}
	return s, nil
}

// ApplyUpdate decides whether actor may change r's metadata as in asks, and
// returns the release as it will be with the list of changes for the audit
// log (empty when nothing changes). It merges field by field: only the
// fields in sets are touched, so two updates of different fields both land
// whatever their order. A renamed release keeps its former slugs in
// OldSlugs: they stay reserved and lead readers to the new address.
//
// Errors: EUnauthorized, EForbidden, EInvalid.
func ApplyUpdate(actor *User, r Release, in ReleaseUpdate, langs Languages) (Release, []string, error) {
	if err := CanEditRelease(actor); err != nil {
		return r, nil, err
	}
	var changes []string
	if in.Date != nil {
		d, err := CheckDate(*in.Date)
		if err != nil {
			return r, nil, err
		}
		if !d.Equal(r.Date) {
			r.Date = d
			changes = append(changes, "date "+d.Format(time.DateOnly))
		}
	}
	if in.Places != nil {
		places := make(map[string]string, len(r.Places)+len(in.Places))
		for l, p := range r.Places {
			places[l] = p
		}
		for l, p := range in.Places {
			places[l] = p
		}
		if err := validatePlaces(places, langs); err != nil {
			return r, nil, err
		}
		for l, p := range places {
			if p == "" {
				delete(places, l)
			}
		}
		if !mapsEqual(places, r.Places) {
			r.Places = places
			changes = append(changes, "places")
		}
	}
	if in.EmbargoUntil != nil {
		t, err := CheckEmbargo(*in.EmbargoUntil)
		if err != nil {
			return r, nil, err
		}
		switch {
		case t.Equal(r.EmbargoUntil):
		case t.IsZero():
			r.EmbargoUntil = t
			changes = append(changes, "embargo lifted")
		default:
			r.EmbargoUntil = t
			changes = append(changes, "embargo until "+t.Format(time.RFC3339))
		}
	}
	if in.Slug != nil {
		s, err := CheckSlug(*in.Slug)
		if err != nil {
			return r, nil, err
		}
		if s != r.Slug {
			old := slices.DeleteFunc(slices.Clone(r.OldSlugs), func(x string) bool { return x == s || x == r.Slug })
			r.OldSlugs = append(old, r.Slug)
			r.Slug = s
			changes = append(changes, "slug "+s)
		}
	}
	return r, changes, nil
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
