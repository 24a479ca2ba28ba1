package locale

import (
	"slices"
	"testing"
)

func TestLatinLookalikes(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"clean Kyrgyz text has no warnings", "Бишкек шаарында жаңы мектеп ачылды.", nil},
		{"clean Russian text has no warnings", "В Бишкеке открылась новая школа.", nil},
		{"Latin words in Cyrillic text are fine", "ЮНИСЕФ и UNICEF, COVID-19 и ООН", nil},
		{"a Latin o inside a Kyrgyz word is reported", "Бишкек шаарында мектеп ачылды, жаңы дo", []string{"дo"}},
		{"a Latin e and a Latin p are reported", "Пpезидент сказал: сeгодня", []string{"Пpезидент", "сeгодня"}},
		{"a Latin a and c and y and x are reported", "aдам сүйлөдү, yшул, xат", []string{"aдам", "yшул", "xат"}},
		{"a Latin capital letter in a Cyrillic acronym is reported", "OОН", []string{"OОН"}},
		{"capitals A B C E H K M O P T X are reported", "AБ BБ CБ EБ HБ KБ MБ OБ PБ TБ XБ", []string{"AБ", "BБ", "CБ", "EБ", "HБ", "KБ", "MБ", "OБ", "PБ", "TБ", "XБ"}},
		{"Kyrgyz letters ң ө ү count as Cyrillic", "өpнөк", []string{"өpнөк"}},
		{"Latin letters that do not look Cyrillic are not reported", "бизнесz", nil},
		{"a repeated word is reported once", "дo жана дo", []string{"дo"}},
		{"punctuation separates words", "«сeл»—(дo)", []string{"сeл", "дo"}},
		{"the halves of a hyphenated word are checked separately", "пресс-рeлиз", []string{"рeлиз"}},
		{"empty text has no warnings", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LatinLookalikes(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("LatinLookalikes(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
