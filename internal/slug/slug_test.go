package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	tests := []struct {
		name  string
		title string
		want  string
	}{
		{"an english title is lower-cased and hyphenated",
			"UN and Kyrgyzstan Mark 20 Years of Partnership", "un-and-kyrgyzstan-mark-20-years-of-partnership"},
		{"a kyrgyz title is transliterated",
			"Кыргызстан жана БУУ: 20 жылдык өнөктөштүк", "kyrgyzstan-zhana-buu-20-zhyldyk-onoktoshtuk"},
		{"a russian title is transliterated",
			"ООН и Кыргызстан отмечают 20 лет партнёрства", "oon-i-kyrgyzstan-otmechayut-20-let-partnyorstva"},
		{"russian digraph letters are spelled out",
			"Жизнь, чай, шум, щука, цех, хор, юг, яма", "zhizn-chay-shum-shchuka-tsekh-khor-yug-yama"},
		{"hard and soft signs are dropped inside words", "подъезд объявил мальчик", "podezd-obyavil-malchik"},
		{"yeru and e-oborotnoye are transliterated", "Мы, эти", "my-eti"},
		{"kyrgyz letters have their own transliteration", "Миң өнүгүү үчүн", "ming-onuguu-uchun"},
		{"upper-case kyrgyz letters are transliterated too", "ҢӨҮ", "ngou"},
		{"latin diacritics are removed", "Café Señor Ünïcödé Ångström", "cafe-senor-unicode-angstrom"},
		{"latin letters without decomposition are spelled out", "Straße Ærø Łódź", "strasse-aero-lodz"},
		{"decomposed input is handled like composed input", "Йошкар-Ола и\u0306", "yoshkar-ola-y"},
		{"apostrophes join rather than split", "UN’s report, Kyrgyzstan's view", "uns-report-kyrgyzstans-view"},
		{"punctuation runs become one hyphen", "Bishkek -- 14/10/2016 (update)!!", "bishkek-14-10-2016-update"},
		{"figures keep their digits", "Over $62 million for 1995–2016", "over-62-million-for-1995-2016"},
		{"leading and trailing separators are dropped", "  — «Hello» —  ", "hello"},
		{"an empty title gives an empty slug", "", ""},
		{"a title of punctuation gives an empty slug", "!!! — ???", ""},
		{"a title in an untransliterated script gives an empty slug", "联合国", ""},
		{"compatibility forms are folded", "ﬁnal ²", "final-2"},
		{"a mixed-script title keeps every word", "UNDP и ПРООН: report", "undp-i-proon-report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Make(tt.title)
			if got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.title, got, tt.want)
			}
			if got != "" && !Valid(got) {
				t.Errorf("Make(%q) = %q is not Valid", tt.title, got)
			}
		})
	}
}

func TestMakeLength(t *testing.T) {
	long := "Кыргыз Республикасынын Өкмөтү жана Бириккен Улуттар Уюму туруктуу өнүгүү максаттарына жетүү боюнча жаңы келишимге кол коюшту"
	tests := []struct {
		name  string
		title string
		want  string
	}{
		{"a long title is cut at a word boundary", long,
			"kyrgyz-respublikasynyn-okmotu-zhana-birikken-uluttar-uyumu-turuktuu-onuguu"},
		{"a title of exactly the limit is kept", strings.Repeat("a", 80), strings.Repeat("a", 80)},
		{"a single over-long word is cut to the limit", strings.Repeat("b", 200), strings.Repeat("b", 80)},
		{"a word ending exactly at the limit is kept", strings.Repeat("c", 39) + " " + strings.Repeat("d", 40) + " e",
			strings.Repeat("c", 39) + "-" + strings.Repeat("d", 40)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Make(tt.title)
			if got != tt.want {
				t.Errorf("Make = %q, want %q", got, tt.want)
			}
			if len(got) > MaxLen || strings.HasSuffix(got, "-") {
				t.Errorf("Make = %q is too long or ends with '-'", got)
			}
		})
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		name string
		slug string
		want bool
	}{
		{"a simple slug is valid", "un-report-2016", true},
		{"a single word is valid", "report", true},
		{"digits alone are valid", "2016", true},
		{"a slug at the length limit is valid", strings.Repeat("a", 100), true},
		{"an empty slug is invalid", "", false},
		{"a slug over the length limit is invalid", strings.Repeat("a", 101), false},
		{"upper-case letters are invalid", "UN-report", false},
		{"a leading hyphen is invalid", "-report", false},
		{"a trailing hyphen is invalid", "report-", false},
		{"a double hyphen is invalid", "un--report", false},
		{"an underscore is invalid", "un_report", false},
		{"a space is invalid", "un report", false},
		{"cyrillic letters are invalid", "отчет", false},
		{"a slash is invalid", "un/report", false},
		{"a dot segment is invalid", "..", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Valid(tt.slug); got != tt.want {
				t.Errorf("Valid(%q) = %v, want %v", tt.slug, got, tt.want)
			}
		})
	}
}

func FuzzMake(f *testing.F) {
	f.Add("Кыргызстан жана БУУ: 20 жылдык өнөктөштүк")
	f.Add("Café ﬁnal \xff")
	f.Fuzz(func(t *testing.T, title string) {
		got := Make(title)
		if got != "" && !Valid(got) {
			t.Fatalf("Make(%q) = %q is not Valid", title, got)
		}
		if len(got) > MaxLen {
			t.Fatalf("Make(%q) = %q is longer than %d", title, got, MaxLen)
		}
	})
}
