package reader_test

import (
	"net/http"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/kotormo/kotormo/internal/reader/readertest"
)

func TestUpdatedDatesAreInTheSiteTimeZone(t *testing.T) {
	bishkek, err := time.LoadLocation("Asia/Bishkek")
	if err != nil {
		t.Fatal(err)
	}
	ps := waterRelease(published)
	// Corrected at 20:00 UTC on 15 October: already 16 October in Bishkek.
	corrected := time.Date(2016, 10, 15, 20, 0, 0, 0, time.UTC)
	ps[1].Rev, ps[1].PublishedAt = 3, corrected
	f := newFixture(t, readertest.NewSource(ps...), func(s *setup) { s.cfg.Location = bishkek })
	f.get("/ru/releases/clean-water").wantStatus(t, http.StatusOK).wantContains(t,
		`Обновлено <time datetime="2016-10-16T02:00:00&#43;06:00">16 октября 2016 г.</time>`)
}
