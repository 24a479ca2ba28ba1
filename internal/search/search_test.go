package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty text folds to nothing", "", ""},
		{"latin text is lower-cased", "United Nations", "united nations"},
		{"cyrillic text is lower-cased", "БИШКЕК Кыргызстан", "бишкек кыргызстан"},
		{"yo folds to ye", "Ёлка, ёж, ЁЛКА", "елка еж елка"},
		{"short i stays short i", "Йод, йогурт, район", "йод йогурт район"},
		{"a decomposed short i is still short i", "и\u0306од", "йод"},
		{"a decomposed yo still folds to ye", "е\u0308лка", "елка"},
		{"kyrgyz ng stays distinct", "Миң, ҢОРМА", "миң ңорма"},
		{"kyrgyz barred o stays distinct", "Өнүгүү ӨКМӨТ", "өнүгүү өкмөт"},
		{"kyrgyz straight u stays distinct", "Үй ҮЧҮН", "үй үчүн"},
		{"latin diacritics are removed", "Café, naïve, Ångström, São Paulo", "cafe naive angstrom sao paulo"},
		{"decomposed latin diacritics are removed", "cafe\u0301", "cafe"},
		{"stress marks in russian are removed", "молоко\u0301", "молоко"},
		{"punctuation separates terms", "UN-Habitat's «report» (2016)", "un habitat s report 2016"},
		{"digits are terms", "over $62,000,000 in 1995", "over 62 000 000 in 1995"},
		{"latin look-alikes inside a cyrillic word become cyrillic", "мoлоко МOСКВА", "молоко москва"},
		{"a latin word with a cyrillic look-alike is left alone", "covid", "covid"},
		{"a mixed word with a latin letter without look-alike is left alone", "мdлоко", "мdлоко"},
		{"a german sharp s is kept as a letter", "Straße", "straße"},
		{"an over-long run of letters is not a term", "a " + strings.Repeat("x", 200) + " b", "a b"},
		{"invalid bytes separate terms", "ab\xffcd", "ab cd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	if got, want := Terms("Ёлка и өнүгүү!"), []string{"елка", "и", "өнүгүү"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Terms = %q, want %q", got, want)
	}
	if got := Terms(" — !"); got != nil {
		t.Errorf("Terms of punctuation = %q, want nil", got)
	}
}

func day(d int) time.Time { return time.Date(2016, 10, d, 0, 0, 0, 0, time.UTC) }

// ids returns the IDs of hits in order.
func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := Build([]Doc{
		{ID: "yolka", Title: "Новогодняя ёлка в Бишкеке", Body: "На площади установили ёлку.", Date: day(1)},
		{ID: "elka", Title: "Праздник", Body: "Большая елка и подарки для детей.", Date: day(2)},
		{ID: "onuguu", Title: "Туруктуу өнүгүү", Body: "Өнүгүү максаттары боюнча жыйын.", Date: day(3)},
		{ID: "onuguu-latin", Title: "Онугуу", Body: "Текст, набранный без кыргызских букв: онугуу.", Date: day(4)},
		{ID: "ming", Title: "Миң жыл", Body: "Миң адам катышты.", Date: day(5)},
		{ID: "min", Title: "Мин", Body: "Мин деген сөз.", Date: day(6)},
		{ID: "report", Title: "Annual report", Lead: "The office publishes its report.", Body: "Figures for 2015.", Date: day(7)},
		{ID: "cafe", Title: "Café opens", Body: "A new café in Bishkek.", Date: day(8)},
	})
	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"an empty query has no hits", "", nil},
		{"a query of punctuation has no hits", " —!? ", nil},
		{"a word matches regardless of case", "ANNUAL", []string{"report"}},
		{"yo in the query finds ye in the text (and the title match first)", "ёлка", []string{"yolka", "elka"}},
		{"ye in the query finds yo in the text", "елка", []string{"yolka", "elka"}},
		{"upper-case ye finds yo", "ЕЛКА", []string{"yolka", "elka"}},
		{"kyrgyz letters do not match their russian look-alikes", "өнүгүү", []string{"onuguu"}},
		{"russian letters do not match kyrgyz ones", "онугуу", []string{"onuguu-latin"}},
		{"ng does not match n", "миң", []string{"ming"}},
		{"n does not match ng", "мин", []string{"min"}},
		{"all query terms are required", "annual figures", []string{"report"}},
		{"a query with one missing term has no hits", "annual bishkek", nil},
		{"the last term matches as a prefix", "площади ёлк", []string{"yolka"}},
		{"a short last term does not match as a prefix", "an", nil},
		{"an earlier term does not match as a prefix", "annu report", nil},
		{"diacritics in the query are ignored", "cafe", []string{"cafe"}},
		{"diacritics in the text are ignored", "CAFÉ", []string{"cafe"}},
		{"a repeated term counts once", "report report", []string{"report"}},
		{"an unknown word has no hits", "xylophone", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(ix.Search(tt.query, 10)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Search(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchRanking(t *testing.T) {
	filler := "The office worked with partners across the country on many projects this year."
	tests := []struct {
		name  string
		docs  []Doc
		query string
		want  []string
	}{
		{"a title match ranks above a body match",
			[]Doc{
				{ID: "body", Title: "Partners meet", Body: filler + " Water supply was discussed.", Date: day(2)},
				{ID: "title", Title: "Water supply", Body: filler, Date: day(1)},
			}, "water", []string{"title", "body"}},
		{"a title match ranks above a lead match",
			[]Doc{
				{ID: "lead", Title: "Partners meet", Lead: "Water was on the agenda.", Body: filler, Date: day(2)},
				{ID: "title", Title: "Water agenda", Lead: "Partners met.", Body: filler, Date: day(1)},
			}, "water", []string{"title", "lead"}},
		{"a lead match ranks above a body match",
			[]Doc{
				{ID: "body", Title: "Partners meet", Lead: "Partners met.", Body: filler + " Water.", Date: day(2)},
				{ID: "lead", Title: "Partners meet", Lead: "Water was on the agenda.", Body: filler, Date: day(1)},
			}, "water", []string{"lead", "body"}},
		{"an exact match ranks above a prefix match",
			[]Doc{
				{ID: "prefix", Title: "Waterways", Body: filler, Date: day(2)},
				{ID: "exact", Title: "Water", Body: filler, Date: day(1)},
			}, "water", []string{"exact", "prefix"}},
		{"a rare term weighs more than a common one",
			[]Doc{
				{ID: "common", Title: "Report on the office", Body: "office office", Date: day(3)},
				{ID: "rare", Title: "Report on glaciers", Body: "office", Date: day(2)},
				{ID: "other", Title: "Office", Body: "office", Date: day(1)},
			}, "office glaciers", []string{"rare"}},
		{"equal scores put the newer document first",
			[]Doc{
				{ID: "old", Title: "Water", Date: day(1)},
				{ID: "new", Title: "Water", Date: day(9)},
				{ID: "mid", Title: "Water", Date: day(5)},
			}, "water", []string{"new", "mid", "old"}},
		{"equal scores and dates are ordered by ID",
			[]Doc{
				{ID: "b", Title: "Water", Date: day(1)},
				{ID: "a", Title: "Water", Date: day(1)},
			}, "water", []string{"a", "b"}},
		{"a later document with the same ID replaces the earlier one",
			[]Doc{
				{ID: "x", Title: "Water", Date: day(1)},
				{ID: "x", Title: "Fire", Date: day(1)},
			}, "water", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(Build(tt.docs).Search(tt.query, 0)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Search(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchLimit(t *testing.T) {
	var docs []Doc
	for i := range 30 {
		docs = append(docs, Doc{ID: fmt.Sprintf("d%02d", i), Title: "Water", Date: day(1).AddDate(0, 0, i)})
	}
	ix := Build(docs)
	tests := []struct {
		name  string
		limit int
		want  int
	}{
		{"a limit caps the hits", 5, 5},
		{"a zero limit returns all hits", 0, 30},
		{"a negative limit returns all hits", -1, 30},
		{"a limit above the hits returns them all", 100, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Search("water", tt.limit)
			if len(hits) != tt.want {
				t.Fatalf("got %d hits, want %d", len(hits), tt.want)
			}
			if hits[0].ID != "d29" {
				t.Errorf("first hit = %s, want the newest, d29", hits[0].ID)
			}
		})
	}
	t.Run("an empty index has no hits", func(t *testing.T) {
		if hits := Build(nil).Search("water", 10); hits != nil {
			t.Errorf("got %v", hits)
		}
	})
}

func TestSearchIsSafeForConcurrentUse(t *testing.T) {
	docs := corpus(200, 50, 1)
	ix := Build(docs)
	query := docs[7].Title
	want := ix.Search(query, 10)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := ix.Search(query, 10); !reflect.DeepEqual(got, want) {
					t.Errorf("concurrent Search = %v, want %v", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestSnippet(t *testing.T) {
	text := "Bishkek, 14 October 2016 – The United Nations and the Kyrgyz Republic marked 20 years of partnership. " +
		"Over $62 million was invested in water supply, health and education."
	tests := []struct {
		name  string
		text  string
		query string
		limit int
		want  string
	}{
		{"an empty text gives an empty snippet", "", "water", 40, ""},
		{"a short text is returned whole", "Water supply.", "water", 40, "Water supply."},
		{"no limit returns the whole text with collapsed spaces", "A  b\n\nc", "b", 0, "A b c"},
		{"the excerpt gives a third of its room to what precedes the match", text, "water", 40, "…invested in water supply, health and…"},
		{"a match at the start has no leading ellipsis", text, "bishkek", 30, "Bishkek, 14 October 2016 –…"},
		{"a match at the end uses the room before it", text, "education", 40, "…in water supply, health and education."},
		{"folded forms match", "Праздник в столице начался вечером: ёлка стоит на площади.", "ЕЛКА", 30, "…вечером: ёлка стоит на…"},
		{"a match near the start keeps the start", "Новогодняя ёлка стоит на площади в центре города.", "ЕЛКА", 30, "Новогодняя ёлка стоит на…"},
		{"the last query term matches as a prefix", text, "partner", 30, "…years of partnership. Over…"},
		{"without a match the start of the text is used", text, "glaciers", 25, "Bishkek, 14 October 2016…"},
		{"an over-long matching word is cut", "a " + strings.Repeat("ж", 40) + " b", "жжж", 10, "…жжжжжжжж…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Snippet(tt.text, tt.query, tt.limit)
			if got != tt.want {
				t.Errorf("Snippet(%q, %d) = %q, want %q", tt.query, tt.limit, got, tt.want)
			}
			if tt.limit > 0 && utf8.RuneCountInString(got) > tt.limit {
				t.Errorf("Snippet = %q is longer than %d", got, tt.limit)
			}
		})
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("Новогодняя ёлка стоит на площади.", "елка", 10)
	f.Add("a b c", "", 1)
	f.Fuzz(func(t *testing.T, text, query string, limit int) {
		limit %= 500
		got := Snippet(text, query, limit)
		if limit > 0 && utf8.RuneCountInString(got) > limit {
			t.Fatalf("Snippet(%q, %q, %d) = %q is too long", text, query, limit, got)
		}
	})
}

// corpus generates n documents of about words words each, with a Zipf-like
// vocabulary of Russian-looking and English words, deterministically.
func corpus(n, words int, seed uint64) []Doc {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	syll := []string{"ка", "ра", "ны", "ст", "ол", "ен", "ко", "ми", "ёл", "жа", "ңы", "өн", "үч", "ta", "re", "on", "ma", "li"}
	vocab := make([]string, 20_000)
	for i := range vocab {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteString(syll[rng.IntN(len(syll))])
		}
		vocab[i] = b.String()
	}
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
	text := func(k int) string {
		var b strings.Builder
		for i := range k {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(vocab[zipf.Uint64()])
			if rng.IntN(12) == 0 {
				b.WriteString(".")
			}
		}
		return b.String()
	}
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{
			ID:    fmt.Sprintf("r%05d", i),
			Title: text(8),
			Lead:  text(40),
			Body:  text(words),
			Date:  day(1).Add(time.Duration(i) * time.Hour),
		}
	}
	return docs
}

// BenchmarkSearch measures one query against 10,000 documents of about 5 KB
// each (about 700 words of Cyrillic text).
func BenchmarkSearch(b *testing.B) {
	docs := corpus(10_000, 700, 42)
	start := time.Now()
	ix := Build(docs)
	b.Logf("built an index of %d docs in %v", ix.Len(), time.Since(start))
	// The rarest word of one document.
	rare := ""
	for _, w := range Terms(docs[123].Body) {
		if rare == "" || docFreq(ix, w) < docFreq(ix, rare) {
			rare = w
		}
	}
	queries := []struct{ name, q string }{
		{"rare word", rare},
		{"two words", strings.Join(Terms(docs[77].Title)[:2], " ")},
		{"common word", Terms(docs[5].Body)[0]},
		{"prefix", string([]rune(Terms(docs[9].Title)[0])[:3])},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			var hits int
			for b.Loop() {
				hits = len(ix.Search(q.q, 10))
			}
			b.ReportMetric(float64(hits), "hits")
		})
	}
}

// docFreq returns the number of documents of ix that contain term t.
func docFreq(ix *Index, t string) int {
	if id, ok := ix.lookup(t); ok {
		return int(ix.terms[id].df)
	}
	return 0
}

func BenchmarkBuild(b *testing.B) {
	docs := corpus(1_000, 700, 7)
	b.ReportAllocs()
	for b.Loop() {
		Build(docs)
	}
}

func FuzzFold(f *testing.F) {
	f.Add("Ёлка и Йод, Өнүгүү, Café")
	f.Add("ΣΑΣ İstanbul")
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if lowered := cases.Lower(language.Und).String(s); Fold(lowered) != got {
			t.Fatalf("Fold(%q) = %q but Fold of its lower-case form = %q", s, got, Fold(lowered))
		}
		if !utf8.ValidString(s) {
			return
		}
		if nfd := norm.NFD.String(s); Fold(nfd) != got {
			t.Fatalf("Fold(%q) = %q but Fold of its NFD form = %q", s, got, Fold(nfd))
		}
	})
}
