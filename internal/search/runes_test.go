package search

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

func TestTextsOfCaselessRunesLowerCaseRuneByRune(t *testing.T) {
	lower := cases.Lower(language.Und)
	// What scan does when needsCaser says no.
	byRune := func(s string) string {
		out := []rune{}
		for _, r := range s {
			if isCyrillicBlock(r) || r < utf8.RuneSelf {
				r = unicode.ToLower(r)
			}
			out = append(out, r)
		}
		return string(out)
	}
	for r := range rune(0x3000) {
		if !isCaseless(r) {
			continue
		}
		for _, s := range []string{string(r), "Ж" + string(r) + "A", "I" + string(r) + "Ӏ", string(r) + "ЁЛКА" + string(r)} {
			if needsCaser(s) {
				t.Fatalf("needsCaser(%q) = true", s)
			}
			if got, want := byRune(s), lower.String(s); got != want {
				t.Errorf("lower-casing %q rune by rune gives %q, the caser %q", s, got, want)
			}
		}
	}
}

func TestRuneTablesAgreeWithTheUnicodePackage(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if got, want := isLetterOrNumber(r), unicode.IsLetter(r) || unicode.IsNumber(r); got != want {
			t.Fatalf("isLetterOrNumber(%U) = %v, want %v", r, got, want)
		}
		if isCyrillicBlock(r) && cyrillicLower[r-0x400] != unicode.ToLower(r) {
			t.Fatalf("cyrillicLower(%U) = %U, want %U", r, cyrillicLower[r-0x400], unicode.ToLower(r))
		}
	}
	for _, s := range []string{"", "a", "ж", "\xd0", "\xd0a", "\xc0\x80", "\xc2\x80", "\xdf\xbf", "€", "\xff", "ж\xbf"} {
		for i := range len(s) {
			r, n := decodeRune(s, i)
			wr, wn := utf8.DecodeRuneInString(s[i:])
			if r != wr || n != wn {
				t.Errorf("decodeRune(%q, %d) = %U, %d, want %U, %d", s, i, r, n, wr, wn)
			}
		}
	}
}
