package tm

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

const closingEN = "UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1995. It protects refugees and stateless people."
const closingKY = "БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы Кыргызстанда 1995-жылдан бери иштейт. Ал качкындарды жана жарандыгы жок адамдарды коргойт."

func approved(id, body, kyBody string) []Entry {
	es := Align(newsroom.Content{Title: "Title " + id, Body: body}, newsroom.Content{Title: "Аталыш " + id, Body: kyBody})
	for i := range es {
		es[i].SourceLang, es[i].TargetLang, es[i].ReleaseID, es[i].Rev = "en", "ky", id, 1
	}
	return es
}

func TestAlignCutsTitleLeadParagraphsAndSentences(t *testing.T) {
	es := Align(
		newsroom.Content{Title: "Title", Lead: "Lead.", Body: "First paragraph.\n\n" + closingEN},
		newsroom.Content{Title: "Аталыш", Lead: "Лид.", Body: "Биринчи абзац.\n\n" + closingKY},
	)
	var kinds []string
	for _, e := range es {
		kinds = append(kinds, fmt.Sprintf("%s/%d", e.Kind, e.Index))
	}
	want := "title/0 lead/0 paragraph/0 paragraph/1 sentence/1 sentence/1"
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if es[4].Source != "UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1995." || !strings.HasPrefix(es[4].Target, "БУУнун") {
		t.Errorf("sentence pair %+v", es[4])
	}
	t.Run("paragraphs are not paired when the counts differ", func(t *testing.T) {
		es := Align(newsroom.Content{Title: "T", Body: "A.\n\nB."}, newsroom.Content{Title: "Т", Body: "А."})
		if len(es) != 1 || es[0].Kind != KindTitle {
			t.Fatalf("%+v", es)
		}
	})
}

func TestLookupOffersExactInContextAndFuzzyMatches(t *testing.T) {
	m := New(Options{})
	m.Replace("r1/ky", approved("r1", "The office opened a school.\n\n"+closingEN, "Кеңсе мектеп ачты.\n\n"+closingKY))
	segs := m.LookupRelease("en", "ky", newsroom.Content{
		Title: "Something new", Body: "The office opened a new school.\n\n" + closingEN + "\n\nUnrelated words here entirely.",
	})
	byPara := map[int][]Match{}
	for _, s := range segs {
		if s.Field == "body" {
			byPara[s.Paragraph] = s.Matches
		}
	}
	t.Run("the shared closing paragraph is an exact match", func(t *testing.T) {
		if len(byPara[1]) == 0 || byPara[1][0].Score != 100 || byPara[1][0].Entry.Target != closingKY {
			t.Fatalf("%+v", byPara[1])
		}
	})
	t.Run("an edited paragraph is a fuzzy match with a diff and the differing names", func(t *testing.T) {
		ms := byPara[0]
		if len(ms) == 0 || ms[0].Score < 70 || ms[0].Score >= 100 {
			t.Fatalf("%+v", ms)
		}
		if len(ms[0].Diff) == 0 {
			t.Error("no diff")
		}
	})
	t.Run("unrelated text has no match", func(t *testing.T) {
		if len(byPara[2]) != 0 {
			t.Fatalf("%+v", byPara[2])
		}
	})
	t.Run("two neighbouring exact paragraphs score 101", func(t *testing.T) {
		segs := m.LookupRelease("en", "ky", newsroom.Content{Title: "X", Body: "The office opened a school.\n\n" + closingEN})
		for _, s := range segs {
			if s.Field == "body" && (len(s.Matches) == 0 || s.Matches[0].Score != 101) {
				t.Fatalf("paragraph %d: %+v", s.Paragraph, s.Matches)
			}
		}
	})
}

func TestFuzzyMatchesFlagDifferentFiguresAndNames(t *testing.T) {
	m := New(Options{})
	m.Replace("r1/ky", approved("r1", "UNHCR has spent over $62 million in Kyrgyzstan since 1995 with Filippo Grandi.", "ky"))
	ms := m.Lookup("en", "ky", "UNHCR has spent over $26 million in Kyrgyzstan since 1995 with Kelly Clements.")
	if len(ms) == 0 {
		t.Fatal("no match")
	}
	got := strings.Join(ms[0].Differs, ",")
	if got != "62 million,Filippo,Grandi" {
		t.Errorf("differs = %q", got)
	}
}

func TestReapprovalReplacesAVersionsEntries(t *testing.T) {
	m := New(Options{})
	m.Replace("r1/ky", approved("r1", closingEN, "Эски котормо."))
	m.Replace("r1/ky", approved("r1", closingEN, closingKY))
	ms := m.Lookup("en", "ky", closingEN)
	if len(ms) != 1 || ms[0].Entry.Target != closingKY {
		t.Fatalf("%+v", ms)
	}
	if n := m.Len("en", "ky"); n != 4 { // title, paragraph, two sentences
		t.Errorf("Len = %d", n)
	}
}

func TestTheThresholdIsConfigurable(t *testing.T) {
	for _, tt := range []struct {
		threshold int
		want      bool
	}{{70, false}, {50, true}} {
		t.Run(fmt.Sprintf("at %d%%", tt.threshold), func(t *testing.T) {
			m := New(Options{Threshold: tt.threshold})
			m.Replace("r1/ky", approved("r1", "one two three four five six seven eight nine ten", "ky"))
			got := len(m.Lookup("en", "ky", "one two three four five six other words here now")) > 0
			if got != tt.want {
				t.Errorf("match offered = %v", got)
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"a b c d", "a b c d", 100}, {"a b c d", "a b x d", 75}, {"a b c d", "a b c", 75}, {"", "a", 0}} {
		m := New(Options{}) // the dictionary knows both texts' words
		m.Add("k", []Entry{{SourceLang: "en", TargetLang: "ky", Source: tt.a + " " + tt.b, Target: "x"}})
		if got := similarity(m.query(tt.a).ids, m.query(tt.b).ids); got != tt.want {
			t.Errorf("similarity(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzLookup(f *testing.F) {
	f.Add("The office opened.", "The office closed.")
	f.Fuzz(func(t *testing.T, stored, query string) {
		m := New(Options{})
		m.Replace("k", []Entry{{SourceLang: "en", TargetLang: "ky", Source: stored, Target: "x", Kind: KindParagraph}})
		for _, mt := range m.Lookup("en", "ky", query) {
			if mt.Score < 70 || mt.Score > 100 {
				t.Fatalf("score %d", mt.Score)
			}
		}
	})
}

func TestLookupsAndApprovalsMayRunAtOnce(t *testing.T) {
	m := New(Options{})
	done := make(chan bool)
	go func() {
		for i := range 200 {
			m.Replace(fmt.Sprintf("r%d/ky", i%5), approved("r", "The office opened a school.\n\n"+closingEN, "Кеңсе мектеп ачты.\n\n"+closingKY))
		}
		done <- true
	}()
	for range 200 {
		m.LookupRelease("en", "ky", newsroom.Content{Title: "T", Body: closingEN})
	}
	<-done
	if ms := m.Lookup("en", "ky", closingEN); len(ms) != 1 || ms[0].Score != 100 {
		t.Fatalf("%+v", ms)
	}
}
