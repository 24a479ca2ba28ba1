package reader_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestRootRedirectsToTheReadersLanguage(t *testing.T) {
	f := newsroomFixture(t)
	tests := []struct {
		name           string
		acceptLanguage string
		cookie         string
		want           string
	}{
		{"a Kyrgyz browser gets Kyrgyz", "ky", "", "ky"},
		{"Kyrgyz for Kyrgyzstan gets Kyrgyz", "ky-KG", "", "ky"},
		{"the three-letter code kir gets Kyrgyz", "kir", "", "ky"},
		{"Russian for Kyrgyzstan gets Russian", "ru-KG,ru;q=0.9", "", "ru"},
		{"Uzbek readers get Russian", "uz", "", "ru"},
		{"Ukrainian readers get the default, not Russian", "uk", "", "en"},
		{"German readers get the default", "de-DE,de;q=0.9", "", "en"},
		{"a malformed entry does not hide the valid one", "en;q=abc,ky", "", "ky"},
		{"an unknown tag does not hide the valid one", "xx-!!,ky", "", "ky"},
		{"an entry with q=0 is refused", "ru;q=0,ky", "", "ky"},
		{"higher q wins", "en;q=0.5,ru;q=0.8", "", "ru"},
		{"no header gets the default", "", "", "en"},
		{"a wildcard gets the default", "*", "", "en"},
		{"a huge header still works", "ky," + strings.Repeat("x,", 50_000), "", "ky"},
		{"the cookie beats the header", "ky", "ru", "ru"},
		{"the cookie alone decides", "", "ky", "ky"},
		{"an unknown cookie value is ignored", "ru", "de", "ru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h []string
			if tt.acceptLanguage != "" {
				h = append(h, "Accept-Language: "+tt.acceptLanguage)
			}
			if tt.cookie != "" {
				h = append(h, "Cookie: lang="+tt.cookie)
			}
			r := f.get("/", h...).wantStatus(t, http.StatusSeeOther)
			if got := r.Header.Get("Location"); got != "/"+tt.want+"/" {
				t.Errorf("Location = %q, want /%s/", got, tt.want)
			}
			if got := r.Header.Get("Vary"); got != "Accept-Language, Cookie" {
				t.Errorf("Vary = %q, want %q", got, "Accept-Language, Cookie")
			}
		})
	}
}

func TestLanguagePrefixedPagesNeverRedirectByHeader(t *testing.T) {
	f := newsroomFixture(t)
	for _, path := range []string{"/en/", "/en/releases/clean-water", "/ru/feed.atom"} {
		r := f.get(path, "Accept-Language: ky", "Cookie: lang=ky").wantStatus(t, http.StatusOK)
		if strings.Contains(r.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("%s varies on Accept-Language: %q", path, r.Header.Get("Vary"))
		}
	}
	r := f.get("/ru").wantStatus(t, http.StatusMovedPermanently)
	if got := r.Header.Get("Location"); got != "/ru/" {
		t.Errorf("/ru redirects to %q, want /ru/", got)
	}
}

func TestTheSwitcherRemembersTheLanguage(t *testing.T) {
	f := newsroomFixture(t)
	r := f.get("/ru/choose?next=/ru/releases/clean-water").wantStatus(t, http.StatusSeeOther)
	if got := r.Header.Get("Location"); got != "/ru/releases/clean-water" {
		t.Errorf("Location = %q", got)
	}
	var found bool
	for _, c := range r.Cookies() {
		if c.Name == "lang" && c.Value == "ru" && c.Path == "/" && c.MaxAge > 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("no lang=ru cookie for the whole site; Set-Cookie: %q", r.Header.Values("Set-Cookie"))
	}

	t.Run("it never redirects off the chosen language's pages", func(t *testing.T) {
		for _, next := range []string{"https://evil.example/", "//evil.example/ru/", "/ru//evil.example", "/ky/releases/clean-water", "/ru/../app/", "/ru/%0d%0aSet-Cookie:x=1"} {
			r := f.get("/ru/choose?next="+next).wantStatus(t, http.StatusSeeOther)
			if got := r.Header.Get("Location"); got != "/ru/" {
				t.Errorf("next=%q redirects to %q, want /ru/", next, got)
			}
		}
	})
	t.Run("an unknown language sets no cookie", func(t *testing.T) {
		r := f.get("/de/choose?next=/de/").wantStatus(t, http.StatusNotFound)
		if len(r.Cookies()) != 0 {
			t.Errorf("cookies set: %v", r.Cookies())
		}
	})
}
