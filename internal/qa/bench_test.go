package qa

import (
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

const enPara = "UNHCR, the UN Refugee Agency, has spent over $62 million in Kyrgyzstan since 1995, helping more than 12,000 refugees. " +
	"“We are proud of the 20th anniversary,” said the Representative. See https://unhcr.org/kg or write to info@unhcr.org."

const kyPara = "БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы 1995-жылдан бери Кыргызстанда 62 миллион доллардан ашык каражат сарптап, " +
	"12 000ден ашык качкынга жардам берди. «Биз 20-жылдыгыбыз менен сыймыктанабыз», — деди өкүл. https://unhcr.org/kg же info@unhcr.org дарегине жазыңыз."

// fiveKB returns a source and translation of about 5 KB each.
func fiveKB() Input {
	var en, ky []string
	for len(strings.Join(ky, "\n\n")) < 5000 {
		en = append(en, enPara)
		ky = append(ky, kyPara)
	}
	terms := []Term{{Source: "UNHCR", Translations: []string{"БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы"}, WordForms: true}}
	for _, w := range []string{"refugee", "agency", "anniversary", "office", "representative", "asylum", "statelessness", "citizenship", "border", "government"} {
		terms = append(terms, Term{Source: w, Translations: []string{"качкын"}, Forbidden: []string{"кочкун"}, WordForms: true})
	}
	return Input{
		Source:   Text{Lang: "en", Content: newsroom.Content{Title: "UNHCR marks 20 years in Kyrgyzstan", Lead: enPara, Body: strings.Join(en, "\n\n")}},
		Target:   Text{Lang: "ky", Content: newsroom.Content{Title: "БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы Кыргызстанда 20 жыл", Lead: kyPara, Body: strings.Join(ky, "\n\n")}},
		Glossary: terms,
	}
}

// BenchmarkCheckFiveKB measures QA of a 5 KB Kyrgyz version against its
// English source with an 11-term glossary (target: ≤ 5 ms per op):
//
//	go test ./internal/qa/ -run '^$' -bench CheckFiveKB -benchtime 200x
func BenchmarkCheckFiveKB(b *testing.B) {
	in := fiveKB()
	b.SetBytes(int64(len(in.Target.Content.Body)))
	for b.Loop() {
		Check(in)
	}
}
