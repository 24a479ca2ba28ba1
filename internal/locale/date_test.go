package locale

import (
	"fmt"
	"testing"
	"time"
)

func TestFormatDateExamples(t *testing.T) {
	day := time.Date(2016, time.October, 14, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name  string
		lang  string
		style Style
		want  string
	}{
		{"English long dates follow UN (en-GB) style", "en", Long, "14 October 2016"},
		{"English full dates add the weekday first", "en", Full, "Friday, 14 October 2016"},
		{"Russian long dates use the genitive month and г.", "ru", Long, "14 октября 2016 г."},
		{"Russian full dates add the weekday first", "ru", Full, "пятница, 14 октября 2016 г."},
		{"Kyrgyz long dates put the year first", "ky", Long, "2016-ж., 14-октябрь"},
		{"Kyrgyz full dates add the weekday last", "ky", Full, "2016-ж., 14-октябрь, жума"},
		{"a regional Kyrgyz code formats as Kyrgyz", "ky-KG", Long, "2016-ж., 14-октябрь"},
		{"American English is still written UN style", "en-US", Long, "14 October 2016"},
		{"Uzbek falls back to CLDR data", "uz", Long, "14-oktabr, 2016"},
		{"Cyrillic Uzbek uses its own CLDR data", "uz-Cyrl", Long, "14 октябр, 2016"},
		{"Kazakh falls back to CLDR data", "kk", Long, "2016 ж. 14 қазан"},
		{"German falls back to CLDR data", "de", Full, "Freitag, 14. Oktober 2016"},
		{"a language without date data is written ISO 8601", "xx", Long, "2016-10-14"},
		{"an invalid code is written ISO 8601", "not a tag", Full, "2016-10-14"},
		{"an unknown style is written long", "ru", Style(42), "14 октября 2016 г."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatDate(tt.lang, day, tt.style); got != tt.want {
				t.Errorf("FormatDate(%q, %v, %d) = %q, want %q", tt.lang, day, tt.style, got, tt.want)
			}
		})
	}
}

func TestFormatDateUsesTheTimesOwnLocation(t *testing.T) {
	bishkek := time.FixedZone("Asia/Bishkek", 6*60*60)
	// 20:00 UTC on 13 October is already 14 October in Bishkek.
	late := time.Date(2016, time.October, 13, 20, 0, 0, 0, time.UTC)
	if got, want := FormatDate("en", late.In(bishkek), Long), "14 October 2016"; got != want {
		t.Errorf("a Bishkek time is dated %q, want %q", got, want)
	}
	if got, want := FormatDate("en", late, Long), "13 October 2016"; got != want {
		t.Errorf("the same instant in UTC is dated %q, want %q", got, want)
	}
}

func TestFormatDateMonths(t *testing.T) {
	ru := []string{"января", "февраля", "марта", "апреля", "мая", "июня",
		"июля", "августа", "сентября", "октября", "ноября", "декабря"}
	ky := []string{"январь", "февраль", "март", "апрель", "май", "июнь",
		"июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"}
	en := []string{"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"}
	for i := range 12 {
		month := time.Month(i + 1)
		day := time.Date(2024, month, 5, 12, 0, 0, 0, time.UTC)
		tests := []struct {
			name string
			lang string
			want string
		}{
			{fmt.Sprintf("Russian writes %s in the genitive", month), "ru", "5 " + ru[i] + " 2024 г."},
			{fmt.Sprintf("Kyrgyz writes %s after the year", month), "ky", "2024-ж., 5-" + ky[i]},
			{fmt.Sprintf("English writes %s in full", month), "en", "5 " + en[i] + " 2024"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := FormatDate(tt.lang, day, Long); got != tt.want {
					t.Errorf("FormatDate(%q, %v, Long) = %q, want %q", tt.lang, day, got, tt.want)
				}
			})
		}
	}
}

func TestFormatDateKyrgyzWeekdays(t *testing.T) {
	// 14 to 20 October 2024 run Monday to Sunday.
	weekdays := []string{"дүйшөмбү", "шейшемби", "шаршемби", "бейшемби", "жума", "ишемби", "жекшемби"}
	for i, name := range weekdays {
		day := time.Date(2024, time.October, 14+i, 12, 0, 0, 0, time.UTC)
		want := fmt.Sprintf("2024-ж., %d-октябрь, %s", 14+i, name)
		t.Run(fmt.Sprintf("Kyrgyz calls %s %s", day.Weekday(), name), func(t *testing.T) {
			if got := FormatDate("ky", day, Full); got != want {
				t.Errorf("FormatDate(ky, %v, Full) = %q, want %q", day, got, want)
			}
		})
	}
}

func BenchmarkFormatDate(b *testing.B) {
	day := time.Date(2016, time.October, 14, 0, 0, 0, 0, time.UTC)
	for _, lang := range []string{"en", "ru", "ky"} {
		b.Run(lang, func(b *testing.B) {
			for b.Loop() {
				FormatDate(lang, day, Long)
			}
		})
	}
}
