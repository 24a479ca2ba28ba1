package qa

import (
	"slices"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func content(title, body string) newsroom.Content {
	return newsroom.Content{Title: title, Body: body}
}

// ids returns the message IDs of rs with their paragraphs, as "ID@field/n".
func ids(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.MessageID+"@"+string(r.Field)+"/"+itoa(r.Paragraph))
	}
	return out
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestChecksFlagTheRightParagraph(t *testing.T) {
	tests := []struct {
		name     string
		tgtLang  string
		src, tgt string
		gloss    []Term
		want     []string
	}{
		{"a clean Russian translation has no findings", "ru",
			"UNHCR opened an office.\n\nSee https://unhcr.org.", "УВКБ ООН открыло офис.\n\nСм. https://unhcr.org.", nil, nil},
		{"a Latin a in a Cyrillic word is an error in its paragraph", "ky",
			"First.\n\nThe office opened.", "Биринчи.\n\nКеңсе aчылды.", nil, []string{"QAMixedScripts@body/1"}},
		{"a Cyrillic а in an English word is an error", "en",
			"Первый.", "Grаndi.", nil, []string{"QAMixedScripts@body/0"}},
		{"an old ҥ in Kyrgyz is an error", "ky", "New school.", "Жаҥы мектеп.", nil, []string{"QAKyrgyzLetter@body/0"}},
		{"a missing link is an error", "ru", "Write to info@unhcr.org.", "Пишите нам.", nil, []string{"QALinkMissing@body/0"}},
		{"a changed link is an error and a warning", "ru", "See https://unhcr.org/kg.", "См. https://unhcr.org/kz.", nil,
			[]string{"QALinkMissing@body/0", "QALinkExtra@body/0"}},
		{"a dropped currency is an error", "ky", "It costs $5.", "Бул 5 турат.", nil, []string{"QACurrencyMissing@body/0"}},
		{"a currency word answers a symbol", "ky", "It costs $5.", "Бул 5 доллар турат.", nil, nil},
		{"a missing paragraph is an error on the body", "ru", "One.\n\nTwo.", "Один.", nil,
			[]string{"QAParagraphCount@body/-1", "QAEmpty@body/1"}},
		{"an untranslated paragraph is a warning", "ru", "The office opened today.", "The office opened today.", nil, []string{"QAUntranslated@body/0"}},
		{"a name may stay as it is", "ru", "Filippo Grandi", "Filippo Grandi", nil, nil},
		{"straight quotes in Russian are the wrong style", "ru", "He said “yes”.", "Он сказал \"да\".", nil, []string{"QAQuoteStyle@body/0"}},
		{"guillemets in Kyrgyz are right", "ky", "He said “yes”.", "Ал «ооба» деди.", nil, nil},
		{"unbalanced guillemets are flagged", "ru", "He said “yes”.", "Он сказал «да.", nil, []string{"QAQuotesUnbalanced@body/0"}},
		{"guillemets in English are the wrong style", "en", "Он сказал «да».", "He said «yes».", nil, []string{"QAQuoteStyle@body/0"}},
		{"lost bold is flagged", "ru", "This is **important**.", "Это важно.", nil, []string{"QAMarkupBold@body/0"}},
		{"unbalanced bold is flagged", "ru", "This is **important**.", "Это **важно.", nil, []string{"QAMarkupUnbalanced@body/0", "QAMarkupBold@body/0"}},
		{"a lost link is flagged", "ky", "Read [the report](https://unhcr.org/r).", "Баяндаманы окуңуз https://unhcr.org/r.", nil, []string{"QAMarkupLinks@body/0"}},
		{"a lost list item is flagged", "ru", "- one\n- two", "- один два", nil, []string{"QAMarkupListItems@body/0"}},
		{"a changed heading is flagged", "ru", "## Background", "### Справка", nil, []string{"QAMarkupHeading@body/0"}},
		{"a double space is a warning", "ru", "The office opened.", "Офис  открылся.", nil, []string{"QADoubleSpace@body/0"}},
		{"a missing glossary term is a warning", "ky", "UNHCR helps refugees.", "Уюм качкындарга жардам берет.",
			[]Term{{Source: "UNHCR", Translations: []string{"БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы"}}},
			[]string{"QAGlossaryMissing@body/0"}},
		{"an inflected glossary term counts in Kyrgyz", "ky", "UNHCR helps refugees.", "БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгына рахмат.",
			[]Term{{Source: "UNHCR", Translations: []string{"БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы"}, WordForms: true}}, nil},
		{"беженцев counts as беженцы in Russian", "ru", "Refugees came.", "Приём беженцев.",
			[]Term{{Source: "refugees", Translations: []string{"беженцы"}, WordForms: true}}, nil},
		{"an English plural counts for the singular term", "ru", "The refugees came.", "Беженцы пришли.",
			[]Term{{Source: "refugee", Translations: []string{"беженцы"}, WordForms: true}}, nil},
		{"a forbidden variant is an error", "ru", "UNHCR helps.", "УВКБ ООН и Агентство ООН по делам беженцев помогают.",
			[]Term{{Source: "UNHCR", Translations: []string{"УВКБ ООН"}, Forbidden: []string{"Агентство ООН по делам беженцев"}}},
			[]string{"QAGlossaryForbidden@body/0"}},
		{"a case-sensitive term ignores other cases", "ru", "The un-loved thing.", "Нелюбимая вещь.",
			[]Term{{Source: "UN", Translations: []string{"ООН"}, CaseSensitive: true}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := body("en", tt.src, tt.tgtLang, tt.tgt)
			if tt.tgtLang == "en" {
				in.Source.Lang = "ru"
			}
			in.Glossary = tt.gloss
			got := ids(Check(in))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTitleAndLeadAreChecked(t *testing.T) {
	in := Input{
		Source: Text{Lang: "en", Content: newsroom.Content{Title: "62 refugees", Lead: "The lead.", Body: "Body."}},
		Target: Text{Lang: "ru", Content: newsroom.Content{Title: "26 беженцев", Lead: "", Body: "Текст."}},
	}
	got := ids(Check(in))
	want := []string{"QANumberMissing@title/0", "QANumberExtra@title/0", "QAEmpty@lead/0"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestAnUntranslatedVersionHasNoFindings(t *testing.T) {
	in := body("en", "Text.", "ru", "")
	in.Target.Content.Title = ""
	if rs := Check(in); len(rs) != 0 {
		t.Errorf("got %+v", rs)
	}
}

func TestErrorsCountsOnlyErrors(t *testing.T) {
	rs := []Result{{Severity: Error}, {Severity: Warning}, {Severity: Error}}
	if Errors(rs) != 2 {
		t.Errorf("Errors = %d", Errors(rs))
	}
}

func TestResultsAreBounded(t *testing.T) {
	src := strings.Repeat("1 2 3 4 5 6 7 8 9 10\n\n", 3000)
	rs := Check(body("en", src, "ru", "x"))
	if len(rs) > MaxResults {
		t.Errorf("%d results", len(rs))
	}
}

// FuzzCheck checks that no input panics and that results stay bounded and
// point inside the texts.
func FuzzCheck(f *testing.F) {
	f.Add("UNHCR spent $62 million since 1995.", "УВКБ ООН потратило 62 млн долларов с 1995 г.")
	f.Add("**bold** [link](http://x.org) “q”", "**жирный** [ссылка](http://x.org) «ц»")
	f.Add("12,000 3.2 20th", "12 000 3,2 20-")
	f.Fuzz(func(t *testing.T, s, tg string) {
		in := body("en", s, "ky", tg)
		in.Glossary = []Term{{Source: "UNHCR", Translations: []string{"БУУ"}, Forbidden: []string{"x"}, WordForms: true}}
		rs := Check(in)
		if len(rs) > MaxResults {
			t.Fatalf("%d results", len(rs))
		}
		for _, r := range rs {
			if r.MessageID == "" || (r.Severity != Error && r.Severity != Warning) {
				t.Fatalf("bad result %+v", r)
			}
		}
	})
}

func TestProgressCountsTranslatedParagraphs(t *testing.T) {
	src := content("T", "One.\n\nThe second one.\n\nThree.\n\nUNHCR")
	for _, tt := range []struct {
		name, body string
		want       int
	}{
		{"nothing translated", "", 0},
		{"a copied source paragraph does not count", "Бир.\n\nThe second one.", 1},
		{"a name kept as it is counts", "Бир.\n\nЭки.\n\nҮч.\n\nUNHCR", 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n, total := Progress(src, content("Т", tt.body))
			if n != tt.want || total != 4 {
				t.Errorf("Progress = %d of %d, want %d of 4", n, total, tt.want)
			}
		})
	}
}
