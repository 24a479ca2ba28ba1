package reader_test

import (
	"net/http"
	"testing"

	"github.com/kotormo/kotormo/internal/reader/readertest"
)

func TestAnEmptyLanguageSaysSoAndLinksToTheOthers(t *testing.T) {
	f := newFixture(t, readertest.NewSource(schoolsRelease(published)...), withLangs("en,ru,ky"))
	r := f.get("/ky/").wantStatus(t, http.StatusOK)
	r.wantContains(t, "Бул тилде азырынча бир да пресс-релиз жарыялана элек.",
		`href="/en/choose?next=%2Fen%2F" hreflang="en"`, `href="/ru/choose?next=%2Fru%2F" hreflang="ru"`)
	r.wantLacks(t, "0 пресс-релиз")
	t.Run("a language with releases shows its count, not the empty state", func(t *testing.T) {
		f.get("/ru/").wantContains(t, "1 пресс-релиз").wantLacks(t, "пока не опубликовано")
	})
}
