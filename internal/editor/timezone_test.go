package editor

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/kotormo/kotormo/internal/auth"
	"github.com/kotormo/kotormo/internal/i18n"
	"github.com/kotormo/kotormo/locales"
)

// inZone rebuilds the env's editor with the site time zone loc.
func (e *env) inZone(loc *time.Location) {
	e.t.Helper()
	cat, err := i18n.New(locales.FS, e.store.Langs().Codes())
	if err != nil {
		e.t.Fatal(err)
	}
	ed, err := New(Config{
		Releases: e.store, Users: e.store, Auth: auth.New(auth.Config{Users: e.store, LoginRate: rate.Inf, LoginBurst: 1}),
		Langs: e.store.Langs(), Catalog: cat, Location: loc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return e.now },
	})
	if err != nil {
		e.t.Fatal(err)
	}
	r := gin.New()
	ed.Register(r)
	e.engine, e.ed = r, ed
}

func TestEmbargoIsEnteredAndShownInTheSiteTimeZone(t *testing.T) {
	bishkek, err := time.LoadLocation("Asia/Bishkek")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	e.inZone(bishkek)
	r := e.post("/app/releases", "editor", url.Values{
		"source_lang": {"en"}, "slug": {"tz"}, "date": {"2026-10-14"}, "embargo": {"2026-10-15T09:00"},
		"title": {enTitle}, "lead": {enLead}, "body": {enBody},
	})
	expect(t, r, http.StatusSeeOther)
	id := strings.TrimPrefix(r.location(), "/app/releases/")
	rel, err := e.store.Release(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("09:00 in Bishkek is stored as 03:00 UTC", func(t *testing.T) {
		if got := rel.EmbargoUntil.UTC().Format("2006-01-02 15:04"); got != "2026-10-15 03:00" {
			t.Errorf("embargo = %s UTC", got)
		}
	})
	page := e.get(releaseHref(id), "editor")
	page.body = html.UnescapeString(page.body)
	t.Run("the form shows the embargo as it was typed, naming the zone and its offset", func(t *testing.T) {
		contains(t, page.body, `value="2026-10-15T09:00"`, "Asia/Bishkek, UTC+6")
	})
	t.Run("the badge writes the embargo in the zone with the offset", func(t *testing.T) {
		contains(t, page.body, "15 October 2026, 09:00 (UTC+6)")
	})
	t.Run("Russian editors read the time in Russian", func(t *testing.T) {
		contains(t, html.UnescapeString(e.get(releaseHref(id), "editor", "Accept-Language", "ru").body), "15 октября 2026 г., 09:00 (UTC+6)")
	})
	t.Run("activity log times are in the zone", func(t *testing.T) {
		stamps := regexp.MustCompile(`<time datetime="[^"]+">([^<]*)</time>`).FindAllStringSubmatch(page.body, -1)
		if len(stamps) == 0 {
			t.Fatal("no times on the page")
		}
		for _, m := range stamps {
			if !strings.HasSuffix(m[1], "(UTC+6)") {
				t.Errorf("time %q is not in the site time zone", m[1])
			}
		}
	})
}
