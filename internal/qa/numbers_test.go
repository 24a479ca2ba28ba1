package qa

import (
	"testing"
)

func values(ns []Number) []float64 {
	var out []float64
	for _, n := range ns {
		out = append(out, n.Value)
	}
	return out
}

func TestNumbersParseTheWayEachLanguageWritesThem(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []float64
	}{
		{"an English amount with million", "en", "UNHCR has spent over $62 million in Kyrgyzstan since 1995.", []float64{62e6, 1995}},
		{"a Russian amount with миллион in the genitive", "ru", "С 1995 года УВКБ ООН потратило более 62 миллионов долларов.", []float64{1995, 62e6}},
		{"a Russian amount with миллиона", "ru", "Бюджет составил 62 миллиона долларов США.", []float64{62e6}},
		{"a Kyrgyz amount with миллион", "ky", "БУУнун Качкындар иштери боюнча башкармалыгы 62 миллион доллар сарптады.", []float64{62e6}},
		{"an abbreviated Russian amount", "ru", "Выделено 3,2 млн долларов.", []float64{3.2e6}},
		{"an abbreviated English amount", "en", "The project costs $3.2m.", []float64{3.2e6}},
		{"an English decimal point", "en", "Unemployment fell to 3.2 per cent.", []float64{3.2}},
		{"a Russian decimal comma", "ru", "Безработица снизилась до 3,2 процента.", []float64{3.2}},
		{"a Kyrgyz decimal comma", "ky", "Жумушсуздук 3,2 пайызга чейин төмөндөдү.", []float64{3.2}},
		{"English comma grouping", "en", "More than 12,000 refugees returned.", []float64{12000}},
		{"Russian space grouping", "ru", "Более 12 000 беженцев вернулись домой.", []float64{12000}},
		{"Russian no-break space grouping", "ru", "Более 12\u00a0000 беженцев вернулись домой.", []float64{12000}},
		{"Kyrgyz space grouping", "ky", "12 000ден ашык качкын үйүнө кайтты.", []float64{12000}},
		{"a big grouped figure", "ru", "Всего 1 234 567 человек.", []float64{1234567}},
		{"an English ordinal", "en", "It marks the 20th anniversary of the office.", []float64{20}},
		{"a Kyrgyz ordinal with a hyphen", "ky", "Бул кеңсенин 20-жылдыгы.", []float64{20}},
		{"a Russian ordinal with a hyphen", "ru", "Это 20-я годовщина офиса.", []float64{20}},
		{"a year stays a year in English", "en", "The 1951 Refugee Convention.", []float64{1951}},
		{"a year stays a year in Russian", "ru", "Конвенция о статусе беженцев 1951 года.", []float64{1951}},
		{"a year stays a year in Kyrgyz", "ky", "Качкындардын статусу жөнүндө 1951-жылдагы конвенция.", []float64{1951}},
		{"a year followed by a figure is not grouped", "ru", "В 2016 100 человек получили гражданство.", []float64{2016, 100}},
		{"a percentage", "en", "Women make up 51% of staff.", []float64{51}},
		{"a Russian percentage with a space", "ru", "Женщины составляют 51 % сотрудников.", []float64{51}},
		{"thousand words in Kyrgyz", "ky", "5 миң адам катталды.", []float64{5000}},
		{"numbers inside links are ignored", "en", "See https://unhcr.org/2016/report for details.", nil},
		{"a date in English", "en", "Bishkek, 14 October 2016", []float64{14, 2016}},
		{"a date in Kyrgyz", "ky", "Бишкек, 2016-ж., 14-октябрь", []float64{2016, 14}},
		{"metres are not millions", "en", "The wall is 5 m high.", []float64{5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := values(Numbers(tt.lang, tt.text))
			if len(got) != len(tt.want) {
				t.Fatalf("Numbers(%s, %q) = %v, want %v", tt.lang, tt.text, got, tt.want)
			}
			for i := range got {
				if key(got[i]) != key(tt.want[i]) {
					t.Fatalf("Numbers(%s, %q) = %v, want %v", tt.lang, tt.text, got, tt.want)
				}
			}
		})
	}
}

// body returns an Input with one body paragraph per side.
func body(srcLang, src, tgtLang, tgt string) Input {
	return Input{
		Source: Text{Lang: srcLang, Content: content("Title", src)},
		Target: Text{Lang: tgtLang, Content: content("Аталыш", tgt)},
	}
}

func TestNumberCheckAcrossLanguages(t *testing.T) {
	tests := []struct {
		name           string
		src, tgtLang   string
		tgt            string
		missing, extra int
	}{
		{"$62 million equals 62 миллион доллар in Kyrgyz", "UNHCR has spent over $62 million since 1995.", "ky", "БУУнун Качкындар боюнча башкармалыгы 1995-жылдан бери 62 миллион доллардан ашык сарптады.", 0, 0},
		{"$62 million equals 62 миллиона долларов in Russian", "UNHCR has spent over $62 million since 1995.", "ru", "С 1995 года УВКБ ООН потратило более 62 миллиона долларов.", 0, 0},
		{"26 for 62 is flagged", "UNHCR has spent over $62 million since 1995.", "ru", "С 1995 года УВКБ ООН потратило более 26 миллионов долларов.", 1, 1},
		{"3.2 equals 3,2", "Unemployment fell to 3.2 per cent.", "ru", "Безработица снизилась до 3,2 процента.", 0, 0},
		{"3.2 against 2,3 is flagged", "Unemployment fell to 3.2 per cent.", "ru", "Безработица снизилась до 2,3 процента.", 1, 1},
		{"12,000 equals 12 000", "More than 12,000 refugees returned.", "ky", "12 000ден ашык качкын кайтты.", 0, 0},
		{"12,000 against 1 200 is flagged", "More than 12,000 refugees returned.", "ru", "Более 1 200 беженцев вернулись.", 1, 1},
		{"20th equals 20-", "It marks the 20th anniversary.", "ky", "Бул 20-жылдыгы.", 0, 0},
		{"1951 stays 1951", "The 1951 Refugee Convention.", "ru", "Конвенция 1951 года.", 0, 0},
		{"a changed year is flagged", "The 1951 Refugee Convention.", "ky", "1915-жылдагы конвенция.", 1, 1},
		{"62 million equals 62 000 000", "A budget of 62 million.", "ru", "Бюджет в 62 000 000.", 0, 0},
		{"a dropped figure is flagged", "20 years and 1995.", "ru", "Двадцать лет и 1995 год.", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := Check(body("en", tt.src, tt.tgtLang, tt.tgt))
			var missing, extra int
			for _, r := range rs {
				switch r.MessageID {
				case "QANumberMissing":
					missing++
					if r.Severity != Error || r.Paragraph != 0 || r.Field != FieldBody {
						t.Errorf("missing figure reported as %+v", r)
					}
				case "QANumberExtra":
					extra++
				}
			}
			if missing != tt.missing || extra != tt.extra {
				t.Errorf("missing %d extra %d, want %d and %d; results %+v", missing, extra, tt.missing, tt.extra, rs)
			}
		})
	}
}
