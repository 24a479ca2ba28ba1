package search

import (
	"testing"
	"time"
)

// FuzzSearchQuery checks the query parser on any query: Search answers at
// most limit distinct hits, every one a document of the index, within a
// generous time (only the first 32 distinct terms are used).
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{
		"", " ", "ёлка", "ANNUAL report", "онугуу", "миң", "a b c d e f g h i j k l m n o p q r s t u v w x y z",
		"caf", "\xff\xfe", "«кавычки» — тире", "Café", "2015", "ab", "---", "İstanbul ǅ ﬁ",
	} {
		f.Add(s)
	}
	docs := corpus(200, 60, 1)
	docs = append(docs,
		Doc{ID: "yolka", Title: "Новогодняя ёлка в Бишкеке", Body: "На площади установили ёлку.", Date: day(1)},
		Doc{ID: "report", Title: "Annual report", Lead: "The office publishes its report.", Body: "Figures for 2015.", Date: day(7)},
	)
	ix := Build(docs)
	known := map[string]bool{}
	for _, d := range docs {
		known[d.ID] = true
	}
	f.Fuzz(func(t *testing.T, query string) {
		start := time.Now()
		hits := ix.Search(query, 10)
		if d := time.Since(start); d > time.Second+time.Duration(len(query))*10*time.Microsecond {
			t.Errorf("%d bytes of query took %v", len(query), d)
		}
		if len(hits) > 10 {
			t.Errorf("Search(%q, 10) gave %d hits", query, len(hits))
		}
		seen := map[string]bool{}
		for _, h := range hits {
			if !known[h.ID] || seen[h.ID] {
				t.Errorf("Search(%q) gave %q (unknown or twice)", query, h.ID)
			}
			seen[h.ID] = true
		}
	})
}
