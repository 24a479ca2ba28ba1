package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// collect returns the runs joinedWords or refJoinedWords emits for text.
func collect(scan func(string, func(string)), text string) []string {
	var out []string
	scan(text, func(w string) { out = append(out, w) })
	return out
}

func TestJoinedWordsFindsTheRunsTheRegexpFinds(t *testing.T) {
	for _, text := range []string{
		"", "12 000", "12,000,000 и 1 000 000", "1234 567", "12 3456", "12 000 0001", "12 000 000a",
		"x12 000", "д12 000", "_12 000", "12 000ден", "12\u00a0000 и 3\u202f000 и 4\u2009000", "12\n000",
		"Кара-Суу", "үй-бүлө", "a-b-c", "a--b", "-a-b-", "ab-", "1-2 000", "12 000-abc", "Kara\u2011Suu",
		"x² -y", "Ⅻ-ⅳ", "a\xff-b", "\xff12 000", "12 000 000 000 0001", "1, 000", "99,999,99",
		"Jalal-Abad, 1,500 and 2 500 участках", "a-1 000", "1 000-a 2 000",
	} {
		got, want := collect(joinedWords, text), collect(refJoinedWords, text)
		if !slices.Equal(got, want) {
			t.Errorf("joinedWords(%q) = %q, the regexp finds %q", text, got, want)
		}
	}
}

// FuzzJoinedWords checks the hand-written scanner against the regular
// expression it replaces, on any text.
//
//	go test ./internal/search/ -run '^$' -fuzz FuzzJoinedWords -fuzztime 30s
func FuzzJoinedWords(f *testing.F) {
	for _, s := range []string{"12 000", "Кара-Суу", "1,000,000x", "12 000 0001", "д12\u00a0000", "a\u2011b-c", "\xff1-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, want := collect(joinedWords, text), collect(refJoinedWords, text)
		if !slices.Equal(got, want) {
			t.Fatalf("joinedWords(%q) = %q, the regexp finds %q", text, got, want)
		}
	})
}

func TestJoinedWordsFindsTheRunsTheRegexpFindsInRandomTexts(t *testing.T) {
	// Pieces that matter to one of the two patterns, and some that do not.
	pieces := []string{"1", "2", "0", "12", "123", "1234", "a", "Z", "_", "ж", "Ң", "²", "٣", "ǅ",
		" ", "\u00a0", "\u202f", "\u2009", ",", "-", "\u2011", ".", "\n", "\xff", "\x80", "\xd0", "—", "«"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20_000 {
		var b strings.Builder
		for range rng.IntN(24) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		if got, want := collect(joinedWords, text), collect(refJoinedWords, text); !slices.Equal(got, want) {
			t.Fatalf("joinedWords(%q) = %q, the regexp finds %q", text, got, want)
		}
	}
}

// BenchmarkJoinedWords scans the text of a generated release with the
// scanner and with the regular expression it replaced:
//
//	go test ./internal/search/ -run '^$' -bench JoinedWords
func BenchmarkJoinedWords(b *testing.B) {
	for _, lang := range []string{"ky", "ru", "en"} {
		d := generated(1, lang)[0]
		text := d.Title + "\n" + d.Lead + "\n" + d.Body
		for _, s := range []struct {
			name string
			scan func(string, func(string))
		}{{"scanner", joinedWords}, {"regexp", refJoinedWords}} {
			b.Run(lang+"/"+s.name, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					s.scan(text, func(string) {})
				}
			})
		}
	}
}
