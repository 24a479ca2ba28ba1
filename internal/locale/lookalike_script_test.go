package locale

import (
	"slices"
	"testing"
)

func TestCyrillicLookalikes(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"a Cyrillic а inside an English name is reported", "Filippo Grаndi visited Bishkek.", []string{"Grаndi"}},
		{"a Cyrillic capital С in a Latin acronym is reported", "UNHСR office", []string{"UNHСR"}},
		{"clean English text has no warnings", "The UN Refugee Agency (UNHCR) opened an office.", nil},
		{"Cyrillic words are not reported", "УВКБ ООН и UNHCR", nil},
		{"a Cyrillic word with one Latin letter is left to LatinLookalikes", "сeгодня", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CyrillicLookalikes(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("CyrillicLookalikes(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestKyrgyzSubstitutes(t *testing.T) {
	tests := []struct {
		name, text string
		want       []KyrgyzSubstitute
	}{
		{"correct Kyrgyz letters are not reported", "Өкмөт жаңы үй курду.", nil},
		{"the Altai ҥ for ң is reported", "жаҥы мектеп", []KyrgyzSubstitute{{"жаҥы", "ҥ", "ң"}}},
		{"the old fita ѳ for ө is reported", "ѳкмѳт", []KyrgyzSubstitute{{"ѳкмѳт", "ѳ", "ө"}}},
		{"a Latin ö for ө is reported", "бöлүм", []KyrgyzSubstitute{{"бöлүм", "ö", "ө"}}},
		{"a Latin ü for ү is reported", "üй-бүлө", []KyrgyzSubstitute{{"üй", "ü", "ү"}}},
		{"a capital Ü is reported with a capital Ү", "Üкмөт", []KyrgyzSubstitute{{"Üкмөт", "Ü", "Ү"}}},
		{"a repeated word is reported once", "жаҥы, жаҥы", []KyrgyzSubstitute{{"жаҥы", "ҥ", "ң"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KyrgyzSubstitutes(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("KyrgyzSubstitutes(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
