package search

import (
	"maps"
	"reflect"
	"slices"
	"testing"
)

func TestOneSegmentWithoutSkipIsSearch(t *testing.T) {
	docs := generated(800, "ky")
	ix := BuildLang("ky", docs)
	for _, q := range sampleQueries(docs, 300, 2) {
		for _, limit := range []int{10, 0} {
			if got, want := SearchSegments([]*Index{ix}, q, limit, nil), ix.Search(q, limit); !reflect.DeepEqual(got, want) {
				t.Fatalf("SearchSegments(%q, %d) = %v, Search = %v", q, limit, got, want)
			}
		}
	}
}

func TestSegmentsSearchAsOneIndexOfAllTheirDocuments(t *testing.T) {
	for _, c := range []struct {
		name, lang string
		docs       []Doc
	}{{"generated ru", "ru", generated(900, "ru")}, {"zipf words", "", corpus(900, 150, 5)}, {"small ky", "ky", kyCorpus}} {
		t.Run(c.name, func(t *testing.T) {
			whole := BuildLang(c.lang, c.docs)
			// A large and a small segment, and three uneven ones.
			for _, cuts := range [][]int{{len(c.docs) * 9 / 10}, {1, len(c.docs) / 3}} {
				var segs []*Index
				from := 0
				for _, to := range append(cuts, len(c.docs)) {
					segs = append(segs, BuildLang(c.lang, c.docs[from:to]))
					from = to
				}
				for _, q := range sampleQueries(c.docs, 300, 3) {
					for _, limit := range []int{10, 0} {
						got, want := SearchSegments(segs, q, limit, nil), whole.Search(q, limit)
						if !slices.Equal(got, want) {
							t.Fatalf("segments cut at %v: Search(%q, %d) = %v, one index finds %v", cuts, q, limit, got, want)
						}
					}
				}
			}
		})
	}
}

func TestSkippedDocumentsOfTheBaseAreReplacedByTheDelta(t *testing.T) {
	docs := generated(600, "en")
	base := BuildLang("en", docs)
	// Every tenth release was edited since (its title now says so), every
	// fifteenth was removed, and ten are new.
	changed, removed := map[string]bool{}, map[string]bool{}
	var delta, now []Doc
	for i, d := range docs {
		switch {
		case i%10 == 0:
			changed[d.ID] = true
			d.Title = "Corrected: " + d.Title
			delta = append(delta, d)
		case i%15 == 0:
			removed[d.ID] = true
			continue
		}
		now = append(now, d)
	}
	for _, d := range generated(610, "en")[600:] {
		delta = append(delta, d)
		now = append(now, d)
	}
	segs := []*Index{base, BuildLang("en", delta)}
	skip := func(seg int, id string) bool { return seg == 0 && (changed[id] || removed[id]) }
	rebuilt := BuildLang("en", now)
	for _, q := range append(sampleQueries(now, 200, 4), "corrected", "corrected water") {
		got := SearchSegments(segs, q, 0, skip)
		want := rebuilt.Search(q, 0)
		gotIDs, wantIDs := idSet(got), idSet(want)
		if len(got) != len(gotIDs) {
			t.Fatalf("Search(%q) returns a document twice: %v", q, ids(got))
		}
		if !maps.Equal(gotIDs, wantIDs) {
			t.Fatalf("Search(%q) finds %v, the rebuilt index %v", q, ids(got), ids(want))
		}
	}
	if hits := SearchSegments(segs, "corrected", 0, skip); len(hits) != len(changed) {
		t.Errorf("the corrected titles give %d hits, want %d", len(hits), len(changed))
	}
}

func idSet(hits []Hit) map[string]bool {
	out := map[string]bool{}
	for _, h := range hits {
		out[h.ID] = true
	}
	return out
}

func TestSearchSegmentsWithoutSegmentsOrDocumentsFindsNothing(t *testing.T) {
	for name, segs := range map[string][]*Index{
		"no segments":      nil,
		"nil segments":     {nil, nil},
		"empty segments":   {Build(nil), Build(nil)},
		"an empty and nil": {nil, Build(nil)},
	} {
		t.Run(name, func(t *testing.T) {
			if hits := SearchSegments(segs, "water", 10, nil); hits != nil {
				t.Errorf("got %v", hits)
			}
		})
	}
}

func TestANilSegmentIsAnEmptyOne(t *testing.T) {
	t.Run("a nil segment keeps the others' indexes for skip", func(t *testing.T) {
		ix := Build([]Doc{{ID: "a", Title: "Water", Date: day(1)}, {ID: "b", Title: "Water", Date: day(2)}})
		var asked []int
		skip := func(seg int, id string) bool {
			asked = append(asked, seg)
			return id == "b"
		}
		if got := ids(SearchSegments([]*Index{nil, ix}, "water", 10, skip)); !reflect.DeepEqual(got, []string{"a"}) {
			t.Errorf("got %v, want [a]", got)
		}
		if !reflect.DeepEqual(asked, []int{1, 1}) {
			t.Errorf("skip was asked about segments %v, want [1 1]", asked)
		}
	})
	t.Run("a nil segment is ignored", func(t *testing.T) {
		ix := Build([]Doc{{ID: "a", Title: "Water", Date: day(1)}})
		if got, want := SearchSegments([]*Index{nil, ix, nil}, "water", 10, nil), ix.Search("water", 10); !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

func TestAPrefixExpandsToTheMostFrequentTermsOfAllSegments(t *testing.T) {
	// 70 words begin with "wat", each in two documents of segment a: in
	// one index, only the 64 most frequent are used. "waterz" is in one
	// document of a and five of b: frequent only over both segments.
	var a, b []Doc
	for i := range 70 {
		w := "wat" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		a = append(a, Doc{ID: "a1" + w, Title: w, Date: day(1)}, Doc{ID: "a2" + w, Title: w, Date: day(1)})
	}
	a = append(a, Doc{ID: "az", Title: "waterz", Date: day(2)})
	for i := range 5 {
		b = append(b, Doc{ID: "bz" + string(rune('0'+i)), Title: "waterz", Date: day(2)})
	}
	segs := []*Index{Build(a), Build(b)}
	want := Build(append(slices.Clone(a), b...)).Search("wat", 0)
	got := SearchSegments(segs, "wat", 0, nil)
	if !slices.Equal(got, want) {
		t.Errorf("SearchSegments = %v, want %v", ids(got), ids(want))
	}
	if !idSet(got)["az"] {
		t.Errorf("the segment where waterz is rare lost it: %v", ids(got))
	}
	if n := len(Build(a).Search("wat", 0)); n != 128 {
		t.Fatalf("segment a alone finds %d documents, want 64 words × 2 (the test no longer tests the global choice)", n)
	}
}

// FuzzSearchSegments searches a corpus split into a large and a small
// segment with any query: the hits are exactly those of one index of the
// whole corpus, scores included.
//
//	go test ./internal/search/ -run '^$' -fuzz FuzzSearchSegments -fuzztime 30s
func FuzzSearchSegments(f *testing.F) {
	for _, s := range []string{"", "ёлка", "мектеп", "12 000", "Кара-Суу", "ка", "кар", "ta re", "онугуу миң", "\xff"} {
		f.Add(s, uint8(10))
	}
	docs := append(corpus(300, 60, 9), kyCorpus...)
	whole := BuildLang("ky", docs)
	segs := []*Index{BuildLang("ky", docs[:250]), BuildLang("ky", docs[250:])}
	f.Fuzz(func(t *testing.T, query string, limit uint8) {
		got, want := SearchSegments(segs, query, int(limit), nil), whole.Search(query, int(limit))
		if !slices.Equal(got, want) {
			t.Fatalf("SearchSegments(%q, %d) = %v, one index finds %v", query, limit, got, want)
		}
	})
}
