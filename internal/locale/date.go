package locale

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/ar"
	"github.com/go-playground/locales/az"
	"github.com/go-playground/locales/be"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/en_GB"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/fa"
	"github.com/go-playground/locales/fr"
	"github.com/go-playground/locales/hy"
	"github.com/go-playground/locales/it"
	"github.com/go-playground/locales/ka"
	"github.com/go-playground/locales/kk"
	"github.com/go-playground/locales/ky"
	"github.com/go-playground/locales/mn"
	"github.com/go-playground/locales/pt"
	"github.com/go-playground/locales/ru"
	"github.com/go-playground/locales/tg"
	"github.com/go-playground/locales/tk"
	"github.com/go-playground/locales/tr"
	"github.com/go-playground/locales/uk"
	"github.com/go-playground/locales/uz"
	"github.com/go-playground/locales/uz_Cyrl"
	"github.com/go-playground/locales/zh"
	"golang.org/x/text/language"
)

// Style is how much of a date is written out, following CLDR's date styles.
type Style int

const (
	// Long is the dateline style: "14 October 2016", "14 октября 2016 г.",
	// "2016-ж., 14-октябрь".
	Long Style = iota
	// Full adds the weekday: "Friday, 14 October 2016".
	Full
)

// isoDate is the layout used for languages without CLDR date data here.
const isoDate = "2006-01-02"

// FormatDate writes the calendar date of t (in t's own location) in lang's
// CLDR style. English follows UN usage (en-GB: "14 October 2016"). A
// language without date data here is written as ISO 8601 ("2016-10-14").
func FormatDate(lang string, t time.Time, style Style) string {
	cldr := cachedTranslator(lang)
	if cldr == nil {
		return t.Format(isoDate)
	}
	if style == Full {
		return cldr.FmtDateFull(t)
	}
	return cldr.FmtDateLong(t)
}

// translators caches dateTranslator's answers by language: building one
// costs more than formatting a date with it, and a site formats one date per
// release version (30,000 at 10,000 releases) when it starts. Translators
// are not changed after New, so one may serve any number of goroutines.
var (
	translators sync.Map // lang → locales.Translator (nil for none)
	// cachedLangs bounds the cache: past maxCachedLangs tags, whatever a
	// caller passes, translators are built per call as before.
	cachedLangs atomic.Int32
)

const maxCachedLangs = 64

func cachedTranslator(lang string) locales.Translator {
	if tr, ok := translators.Load(lang); ok {
		t, _ := tr.(locales.Translator)
		return t
	}
	tr := dateTranslator(lang)
	if cachedLangs.Add(1) <= maxCachedLangs {
		translators.Store(lang, tr)
	}
	return tr
}

// dateTranslator returns CLDR data for lang, or nil. Only languages a
// newsroom in the region is likely to publish in are linked in, to keep the
// binary small; add a case to support another one.
func dateTranslator(lang string) locales.Translator {
	tag, err := language.Parse(lang)
	if err != nil {
		return nil
	}
	base, _ := tag.Base()
	script, _ := tag.Script()
	switch base.String() {
	case "en":
		return en_GB.New()
	case "ru":
		return ru.New()
	case "ky":
		return ky.New()
	case "uz":
		if script.String() == "Cyrl" {
			return uz_Cyrl.New()
		}
		return uz.New()
	case "kk":
		return kk.New()
	case "tg":
		return tg.New()
	case "tk":
		return tk.New()
	case "tr":
		return tr.New()
	case "az":
		return az.New()
	case "mn":
		return mn.New()
	case "uk":
		return uk.New()
	case "be":
		return be.New()
	case "hy":
		return hy.New()
	case "ka":
		return ka.New()
	case "fa":
		return fa.New()
	case "ar":
		return ar.New()
	case "zh":
		return zh.New()
	case "de":
		return de.New()
	case "fr":
		return fr.New()
	case "es":
		return es.New()
	case "it":
		return it.New()
	case "pt":
		return pt.New()
	}
	return nil
}
