package tm

import (
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Two approved paragraphs of two sentences each, sentence by sentence.
const (
	schoolEN = "The office opened a school in Osh. UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1995."
	schoolKY = "Кеңсе Ошто мектеп ачты. БУУнун Качкындар боюнча агенттиги Кыргызстанда 1995-жылдан бери иштейт."
	clinicEN = "A clinic opened in Naryn. It serves two thousand people."
	clinicKY = "Нарында клиника ачылды. Ал эки миң адамды тейлейт."
)

func bodyMatches(segs []Segment, p int) []Match {
	for _, s := range segs {
		if s.Field == "body" && s.Paragraph == p {
			return s.Matches
		}
	}
	return nil
}

func TestAParagraphWithoutAnExactMatchGetsMatchesForItsSentences(t *testing.T) {
	m := New(Options{})
	m.Replace("r1/ky", approved("r1", schoolEN, schoolKY))
	cur := "A new clinic opened in Naryn last week. UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1995."
	ms := bodyMatches(m.LookupRelease("en", "ky", newsroom.Content{Title: "T", Body: cur}), 0)
	var got *Match
	for i := range ms {
		if ms[i].Unit == UnitSentence && ms[i].Sentence.Index == 1 {
			got = &ms[i]
		}
	}
	if got == nil {
		t.Fatalf("no match for the second sentence: %+v", ms)
	}
	if got.Score != 100 || got.Sentence.Text != "UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1995." ||
		got.Entry.Target != "БУУнун Качкындар боюнча агенттиги Кыргызстанда 1995-жылдан бери иштейт." {
		t.Errorf("sentence match %+v", *got)
	}
	for _, mt := range ms {
		if mt.Unit == UnitAssembled {
			t.Errorf("assembled although the first sentence has no exact match: %+v", mt)
		}
	}
	t.Run("a paragraph with an exact match gets no sentence matches", func(t *testing.T) {
		ms := bodyMatches(m.LookupRelease("en", "ky", newsroom.Content{Title: "T", Body: schoolEN}), 0)
		if len(ms) != 1 || ms[0].Unit != UnitSegment || ms[0].Score != 100 {
			t.Errorf("%+v", ms)
		}
	})
}

func TestAParagraphWhoseSentencesAllMatchExactlyIsAssembledBelowOneHundred(t *testing.T) {
	m := New(Options{})
	m.Replace("r1/ky", approved("r1", schoolEN, schoolKY))
	m.Replace("r2/ky", approved("r2", clinicEN, clinicKY))
	cur := "A clinic opened in Naryn.  UNHCR, the UN Refugee Agency, has worked in Kyrgyzstan since 1995."
	ms := bodyMatches(m.LookupRelease("en", "ky", newsroom.Content{Title: "T", Body: cur}), 0)
	if len(ms) == 0 || ms[0].Unit != UnitAssembled {
		t.Fatalf("the first match is not assembled: %+v", ms)
	}
	a := ms[0]
	if a.Score != AssembledScore || a.Score >= 100 || a.Sentence != nil || a.Entry.Kind != KindAssembled {
		t.Errorf("assembled %+v", a)
	}
	if want := "Нарында клиника ачылды. БУУнун Качкындар боюнча агенттиги Кыргызстанда 1995-жылдан бери иштейт."; a.Entry.Target != want {
		t.Errorf("target %q, want %q", a.Entry.Target, want)
	}
	sentences := 0
	for _, mt := range ms[1:] {
		if mt.Unit == UnitSentence && mt.Score == 100 {
			sentences++
		}
	}
	if sentences != 2 {
		t.Errorf("%d exact sentence matches, want 2: %+v", sentences, ms)
	}
	t.Run("a one-paragraph lookup, as pre-translation makes, offers no exact match", func(t *testing.T) {
		for _, mt := range m.Lookup("en", "ky", cur) {
			if mt.Score >= 100 {
				t.Errorf("%+v", mt)
			}
		}
	})
}

// FuzzLookupRelease looks up any body against a memory holding any text as
// a paragraph and its sentences: scores stay in range, sentence matches
// name a sentence of their segment, and at most maxSentences are looked up.
func FuzzLookupRelease(f *testing.F) {
	f.Add(schoolEN, "A clinic opened. "+schoolEN)
	f.Add("One. Two.", "Two. One.\n\nOne.")
	f.Fuzz(func(t *testing.T, stored, body string) {
		m := New(Options{})
		es := []Entry{{SourceLang: "en", TargetLang: "ky", Source: stored, Target: "т", Kind: KindParagraph}}
		for _, s := range Sentences(stored) {
			es = append(es, Entry{SourceLang: "en", TargetLang: "ky", Source: s, Target: "с", Kind: KindSentence})
		}
		m.Replace("k", es)
		for _, seg := range m.LookupRelease("en", "ky", newsroom.Content{Title: "T", Body: body}) {
			n := len(Sentences(seg.Source))
			for _, mt := range seg.Matches {
				if mt.Score < 70 || mt.Score > 101 {
					t.Fatalf("score %d", mt.Score)
				}
				switch mt.Unit {
				case UnitSentence:
					if mt.Sentence == nil || mt.Sentence.Index < 0 || mt.Sentence.Index >= min(n, maxSentences) || mt.Score > 100 {
						t.Fatalf("sentence match %+v of %d sentences", mt, n)
					}
				case UnitAssembled:
					if mt.Score != AssembledScore {
						t.Fatalf("assembled at %d", mt.Score)
					}
				case UnitSegment:
				default:
					t.Fatalf("unit %q", mt.Unit)
				}
			}
		}
	})
}
