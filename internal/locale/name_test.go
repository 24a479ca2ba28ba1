package locale

import "testing"

func TestName(t *testing.T) {
	tests := []struct {
		name string
		lang string
		want string
	}{
		{"English is called English", "en", "English"},
		{"Russian is called Русский", "ru", "Русский"},
		{"Kyrgyz is called Кыргызча", "ky", "Кыргызча"},
		{"Uzbek is called Oʻzbekcha with a turned comma", "uz", "Oʻzbekcha"},
		{"Cyrillic Uzbek is called Ўзбекча", "uz-Cyrl", "Ўзбекча"},
		{"Kazakh is called Қазақша", "kk", "Қазақша"},
		{"Tajik is called Тоҷикӣ", "tg", "Тоҷикӣ"},
		{"the ISO 639-2 Kyrgyz code names Kyrgyz", "kir", "Кыргызча"},
		{"German falls back to CLDR's own name", "de", "Deutsch"},
		{"French gets a capital letter for the switcher", "fr", "Français"},
		{"Turkish falls back to CLDR's own name", "tr", "Türkçe"},
		{"an unknown language is shown as its code", "xx", "xx"},
		{"an invalid code is shown as is", "not a tag", "not a tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Name(tt.lang); got != tt.want {
				t.Errorf("Name(%q) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
}
