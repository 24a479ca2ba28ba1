package textdiff

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// apply rebuilds the old and new texts from a word diff.
func apply(ops []Op) (from, to string) {
	var a, b strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case Equal:
			a.WriteString(op.Text)
			b.WriteString(op.Text)
		case Delete:
			a.WriteString(op.Text)
		case Insert:
			b.WriteString(op.Text)
		}
	}
	return a.String(), b.String()
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty text has no tokens", "", nil},
		{"words and spaces alternate", "over $62 million", []string{"over", " ", "$", "62", " ", "million"}},
		{"cyrillic words stay whole", "Бишкек, 14 октября", []string{"Бишкек", ",", " ", "14", " ", "октября"}},
		{"each punctuation mark is its own token", "«Да!»", []string{"«", "Да", "!", "»"}},
		{"runs of white space are one token", "a \n\t b", []string{"a", " \n\t ", "b"}},
		{"combining marks stay inside their word", "cafe\u0301 ok", []string{"cafe\u0301", " ", "ok"}},
		{"invalid bytes are single tokens", "a\xff\xfeb", []string{"a", "\xff", "\xfe", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tokenize(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []Op
	}{
		{"two empty texts have no ops", "", "", nil},
		{"identical texts are one equality", "Bishkek, 14 October", "Bishkek, 14 October",
			[]Op{{Equal, "Bishkek, 14 October"}}},
		{"text added to an empty side is one insertion", "", "new text",
			[]Op{{Insert, "new text"}}},
		{"text removed entirely is one deletion", "old text", "",
			[]Op{{Delete, "old text"}}},
		{"a changed figure is the only change", "over $62 million in 2015", "over $64 million in 2015",
			[]Op{{Equal, "over $"}, {Delete, "62"}, {Insert, "64"}, {Equal, " million in 2015"}}},
		{"an inserted word keeps its space", "the office in Bishkek", "the country office in Bishkek",
			[]Op{{Equal, "the "}, {Insert, "country "}, {Equal, "office in Bishkek"}}},
		{"a deleted word keeps its space", "a very big day", "a big day",
			[]Op{{Equal, "a "}, {Delete, "very "}, {Equal, "big day"}}},
		{"a changed comma is a punctuation change", "Bishkek, Osh", "Bishkek; Osh",
			[]Op{{Equal, "Bishkek"}, {Delete, ","}, {Insert, ";"}, {Equal, " Osh"}}},
		{"neighbouring replaced words read as one phrase", "the quick brown fox", "a slow brown fox",
			[]Op{{Delete, "the quick"}, {Insert, "a slow"}, {Equal, " brown fox"}}},
		{"cyrillic words diff like latin ones", "Кыргызстан и ООН", "Кыргызстан жана БУУ",
			[]Op{{Equal, "Кыргызстан "}, {Delete, "и ООН"}, {Insert, "жана БУУ"}}},
		{"an unchanged word between two edits stays visible",
			"сказал координатор ООН в Кыргызстане", "заявил координатор ООН в Кыргызской Республике",
			[]Op{{Delete, "сказал"}, {Insert, "заявил"}, {Equal, " координатор ООН в "},
				{Delete, "Кыргызстане"}, {Insert, "Кыргызской Республике"}}},
		{"punctuation between two edits joins them", "Bishkek, Osh", "Talas, Naryn",
			[]Op{{Delete, "Bishkek, Osh"}, {Insert, "Talas, Naryn"}}},
		{"a case change is a change", "Office", "office",
			[]Op{{Delete, "Office"}, {Insert, "office"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.a, tt.b)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Words(%q, %q) =\n %q\nwant\n %q", tt.a, tt.b, got, tt.want)
			}
			if a, b := apply(got); a != tt.a || b != tt.b {
				t.Errorf("applying the ops gives %q, %q", a, b)
			}
		})
	}
}

func TestWordsOnLargeInputs(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("large inputs are slow under the race detector and in short mode")
	}
	var a, b strings.Builder
	for i := range 200_000 {
		fmt.Fprintf(&a, "w%d ", i%977)
		fmt.Fprintf(&b, "w%d ", (i*7)%983)
	}
	tests := []struct {
		name string
		a, b string
	}{
		{"two unrelated megabyte texts", a.String(), b.String()},
		{"a megabyte text with one change in the middle", a.String(), a.String()[:500_000] + "CHANGED" + a.String()[500_000:]},
		{"interleaved repetitive texts below the token cap", strings.Repeat("a b ", 9_000), strings.Repeat("b a ", 9_000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			ops := Words(tt.a, tt.b)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("Words took %v", d)
			}
			if a, b := apply(ops); a != tt.a || b != tt.b {
				t.Errorf("applying the ops does not give the inputs back")
			}
		})
	}
}

func TestKindText(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		text string
	}{
		{"equal is written as equal", Equal, "equal"},
		{"insert is written as insert", Insert, "insert"},
		{"delete is written as delete", Delete, "delete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.kind.MarshalText()
			if err != nil || string(b) != tt.text {
				t.Fatalf("MarshalText = %q, %v", b, err)
			}
			var k Kind
			if err := k.UnmarshalText(b); err != nil || k != tt.kind {
				t.Fatalf("UnmarshalText = %v, %v", k, err)
			}
		})
	}
	t.Run("the zero kind cannot be marshalled", func(t *testing.T) {
		if _, err := Kind(0).MarshalText(); err == nil {
			t.Error("want an error")
		}
	})
	t.Run("an unknown name cannot be parsed", func(t *testing.T) {
		if _, err := ParseKind("replace"); err == nil {
			t.Error("want an error")
		}
		if _, err := ParseParaKind(""); err == nil {
			t.Error("want an error")
		}
	})
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"an empty body has no paragraphs", "", nil},
		{"a body of blank lines has no paragraphs", "\n \n\t\n", nil},
		{"blank lines separate paragraphs", "One.\n\nTwo.\n\n\nThree.", []string{"One.", "Two.", "Three."}},
		{"CRLF and CR line endings are normalised", "One\r\nstill one\r\n\r\nTwo\r\rThree",
			[]string{"One\nstill one", "Two", "Three"}},
		{"paragraphs are trimmed", "  One.  \n   \n\tTwo.\t", []string{"One.", "Two."}},
		{"a line of spaces counts as blank", "One.\n    \nTwo.", []string{"One.", "Two."}},
		{"a byte-order mark is dropped", "\uFEFFOne.", []string{"One."}},
		{"a fenced code block keeps its blank lines", "Intro.\n\n```\ncode\n\nmore\n```\n\nOutro.",
			[]string{"Intro.", "```\ncode\n\nmore\n```", "Outro."}},
		{"a list is one paragraph", "- a\n- b\n\nAfter.", []string{"- a\n- b", "After."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Paragraphs(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Paragraphs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// changeSpan is a compact form of a ParagraphChange for test tables.
type changeSpan struct {
	kind     ParaKind
	from, to int
}

func compact(cs []ParagraphChange) []changeSpan {
	var out []changeSpan
	for _, c := range cs {
		out = append(out, changeSpan{c.Kind, c.FromIndex, c.ToIndex})
	}
	return out
}

func TestDiff(t *testing.T) {
	lead := "Bishkek, 14 October 2016 – The United Nations and the Kyrgyz Republic marked 20 years of partnership."
	quote := "“We are proud of what we achieved together,” said the Resident Coordinator."
	figures := "Over $62 million was invested in 2015 alone."
	about := "About the office: the office has worked in Kyrgyzstan since 1995."

	tests := []struct {
		name     string
		from, to []string
		want     []changeSpan
	}{
		{"two empty bodies have no changes", nil, nil, nil},
		{"identical bodies are all equal", []string{lead, about}, []string{lead, about},
			[]changeSpan{{ParaEqual, 0, 0}, {ParaEqual, 1, 1}}},
		{"a new body is all added", nil, []string{lead, about},
			[]changeSpan{{ParaAdded, -1, 0}, {ParaAdded, -1, 1}}},
		{"an emptied body is all removed", []string{lead}, nil,
			[]changeSpan{{ParaRemoved, 0, -1}}},
		{"an inserted paragraph is added", []string{lead, about}, []string{lead, quote, about},
			[]changeSpan{{ParaEqual, 0, 0}, {ParaAdded, -1, 1}, {ParaEqual, 1, 2}}},
		{"a deleted paragraph is removed", []string{lead, quote, about}, []string{lead, about},
			[]changeSpan{{ParaEqual, 0, 0}, {ParaRemoved, 1, -1}, {ParaEqual, 2, 1}}},
		{"an edited paragraph is changed", []string{lead, figures, about},
			[]string{lead, strings.Replace(figures, "$62", "$64", 1), about},
			[]changeSpan{{ParaEqual, 0, 0}, {ParaChanged, 1, 1}, {ParaEqual, 2, 2}}},
		{"a replaced paragraph is removed and added", []string{lead, figures, about},
			[]string{lead, quote, about},
			[]changeSpan{{ParaEqual, 0, 0}, {ParaRemoved, 1, -1}, {ParaAdded, -1, 1}, {ParaEqual, 2, 2}}},
		{"an edit next to an insertion pairs the right paragraphs", []string{lead, figures},
			[]string{lead, quote, figures + " More later."},
			[]changeSpan{{ParaEqual, 0, 0}, {ParaAdded, -1, 1}, {ParaChanged, 1, 2}}},
		{"moved paragraphs are removed and added", []string{lead, quote, about},
			[]string{quote, lead, about},
			[]changeSpan{{ParaRemoved, 0, -1}, {ParaEqual, 1, 0}, {ParaAdded, -1, 1}, {ParaEqual, 2, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.from, tt.to)
			if !reflect.DeepEqual(compact(got), tt.want) {
				t.Fatalf("Diff = %v, want %v", compact(got), tt.want)
			}
			checkDiff(t, tt.from, tt.to, got)
		})
	}
}

// checkDiff verifies the invariants of any paragraph diff: every paragraph of
// both sides appears once, in order, with the right text, and changed
// paragraphs carry a word diff that rebuilds both texts.
func checkDiff(t *testing.T, from, to []string, got []ParagraphChange) {
	t.Helper()
	var gotFrom, gotTo []string
	for _, c := range got {
		if c.FromIndex >= 0 {
			if c.FromIndex != len(gotFrom) || c.From != from[c.FromIndex] {
				t.Fatalf("change %+v is out of order or has the wrong old text", c)
			}
			gotFrom = append(gotFrom, c.From)
		}
		if c.ToIndex >= 0 {
			if c.ToIndex != len(gotTo) || c.To != to[c.ToIndex] {
				t.Fatalf("change %+v is out of order or has the wrong new text", c)
			}
			gotTo = append(gotTo, c.To)
		}
		switch c.Kind {
		case ParaEqual:
			if c.From != c.To {
				t.Errorf("equal change %+v has different texts", c)
			}
		case ParaChanged:
			if a, b := apply(c.Words); a != c.From || b != c.To {
				t.Errorf("the word diff of %+v does not rebuild its texts", c)
			}
		case ParaAdded:
			if c.FromIndex != -1 {
				t.Errorf("added change %+v has an old index", c)
			}
		case ParaRemoved:
			if c.ToIndex != -1 {
				t.Errorf("removed change %+v has a new index", c)
			}
		default:
			t.Errorf("change %+v has an invalid kind", c)
		}
	}
	if len(gotFrom) != len(from) || len(gotTo) != len(to) {
		t.Fatalf("diff covers %d/%d old and %d/%d new paragraphs", len(gotFrom), len(from), len(gotTo), len(to))
	}
}

func TestDiffJSON(t *testing.T) {
	got, err := json.Marshal(Diff([]string{"One two three."}, []string{"One two four."}))
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"kind":"changed","from_index":0,"to_index":0,"from":"One two three.","to":"One two four.",` +
		`"words":[{"kind":"equal","text":"One two "},{"kind":"delete","text":"three"},{"kind":"insert","text":"four"},{"kind":"equal","text":"."}]}]`
	if string(got) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", got, want)
	}
	var back []ParagraphChange
	if err := json.Unmarshal(got, &back); err != nil || back[0].Kind != ParaChanged || back[0].Words[1].Kind != Delete {
		t.Errorf("round trip = %+v, %v", back, err)
	}
}

func TestChangedIndexes(t *testing.T) {
	p := func(s string) string { return "The paragraph about " + s + " has several words in it." }
	tests := []struct {
		name     string
		from, to []string
		want     []int
	}{
		{"nothing changed gives no indexes", []string{p("a"), p("b")}, []string{p("a"), p("b")}, nil},
		{"an edited paragraph is reported at its new index", []string{p("a"), p("b")}, []string{p("a"), p("c")}, []int{1}},
		{"an added paragraph is reported", []string{p("a")}, []string{p("new"), p("a")}, []int{0}},
		{"a removed paragraph is not reported", []string{p("a"), p("b")}, []string{p("b")}, nil},
		{"every paragraph of a new body is reported", nil, []string{"x", "y"}, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ChangedIndexes(tt.from, tt.to); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ChangedIndexes = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDiffOnLargeInputs(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("large inputs are slow under the race detector and in short mode")
	}
	many := func(n, salt int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("Paragraph %d of a long body with some shared words %d.", i, (i*salt)%97)
		}
		return out
	}
	tests := []struct {
		name     string
		from, to []string
	}{
		{"five thousand paragraphs all different", many(5_000, 3), many(5_000, 7)},
		{"five thousand paragraphs with one change", many(5_000, 3),
			append(append(many(2_500, 3), "inserted"), many(5_000, 3)[2_500:]...)},
		{"one megabyte paragraph against an edit of it", []string{strings.Repeat("word ", 200_000)},
			[]string{strings.Repeat("word ", 100_000) + "other " + strings.Repeat("word ", 100_000)}},
		{"many similar paragraphs replaced at once", many(1_500, 3), many(1_500, 5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got := Diff(tt.from, tt.to)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("Diff took %v", d)
			}
			checkDiff(t, tt.from, tt.to, got)
		})
	}
}

func FuzzWords(f *testing.F) {
	f.Add("", "")
	f.Add("over $62 million", "over $64 million")
	f.Add("Кыргызстан жана БУУ: 20 жылдык өнөктөштүк", "Кыргызстан и ООН: 20 лет партнёрства")
	f.Add("a b a b a b", "b a b a")
	f.Add("a\xffb", "a\xfeb c")
	f.Fuzz(func(t *testing.T, a, b string) {
		ops := Words(a, b)
		if ga, gb := apply(ops); ga != a || gb != b {
			t.Fatalf("Words(%q, %q) = %q rebuilds %q, %q", a, b, ops, ga, gb)
		}
		for i, op := range ops {
			if op.Text == "" {
				t.Fatalf("op %d is empty: %q", i, ops)
			}
			if i > 0 && ops[i-1].Kind == op.Kind {
				t.Fatalf("ops %d and %d have the same kind: %q", i-1, i, ops)
			}
		}
	})
}

func BenchmarkWords(b *testing.B) {
	para := strings.Repeat("The office and the Government signed an agreement worth over $62 million. ", 20)
	edited := strings.Replace(para, "$62", "$64", 3)
	edited = strings.Replace(edited, "agreement", "memorandum", 5)
	b.ReportAllocs()
	for b.Loop() {
		Words(para, edited)
	}
}

func BenchmarkDiff(b *testing.B) {
	var from, to []string
	for i := range 10 {
		p := fmt.Sprintf("Paragraph %d: the office and the Government signed an agreement worth over $%d million.", i, 60+i)
		from = append(from, p)
		if i%3 == 0 {
			p = strings.Replace(p, "agreement", "memorandum", 1)
		}
		to = append(to, p)
	}
	b.ReportAllocs()
	for b.Loop() {
		Diff(from, to)
	}
}

func BenchmarkDiffMegabyte(b *testing.B) {
	var from, to []string
	for i := range 20_000 {
		from = append(from, fmt.Sprintf("Paragraph %d with words %d.", i, i%89))
		to = append(to, fmt.Sprintf("Paragraph %d with words %d.", i, i%83))
	}
	b.ReportAllocs()
	for b.Loop() {
		Diff(from, to)
	}
}
