package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// moreReleases are the demo's other releases, each left in another state, so
// that the site and the editor show what Kotormo is for: one fully published
// in three languages, one whose Kyrgyz translation is outdated, one with
// changes requested, one approved but not yet published.
var moreReleases = []struct {
	slug   string
	date   time.Time
	places map[string]string
	texts  map[string]newsroom.Content
	// plan lists, per language, what happens to it (see play).
	plan map[string]string
}{
	{
		slug: "clean-water-schools-batken", date: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC),
		places: map[string]string{"en": "Osh", "ru": "Ош", "ky": "Ош"},
		texts: map[string]newsroom.Content{
			"en": {Title: "UNICEF brings clean water to schools in Batken", Lead: "Forty schools in Batken province now have drinking water.",
				Body: "Children in Kara-Suu and Nookat gained access to safe water at school.\n\nThe project, funded by the Government of Japan, installed 12,000 metres of pipes."},
			"ru": {Title: "ЮНИСЕФ обеспечил школы Баткенской области чистой водой", Lead: "В Баткенской области 40 школ обеспечены питьевой водой.",
				Body: "Дети в Кара-Суу и Ноокате получили доступ к чистой воде в школах.\n\nПроект при поддержке правительства Японии проложил 12 000 метров труб."},
			"ky": {Title: "ЮНИСЕФ Баткен облусундагы мектептерди таза суу менен камсыз кылды", Lead: "Баткен облусундагы 40 мектепке ичүүчү суу жеткирилди.",
				Body: "Кара-Суу жана Ноокат райондорундагы балдар мектебинде таза сууга жетишти.\n\nЯпония өкмөтү каржылаган долбоор 12 000 метр түтүк тартты."},
		},
		plan: map[string]string{"en": "published", "ru": "published", "ky": "published"},
	},
	{
		slug: "refugee-protection-consultation", date: time.Date(2026, 10, 27, 0, 0, 0, 0, time.UTC),
		places: map[string]string{"en": "Bishkek", "ru": "Бишкек", "ky": "Бишкек"},
		texts: map[string]newsroom.Content{
			"en": {Title: "Regional consultation on the protection of refugees", Lead: "More than 12,000 refugees received assistance this year.",
				Body: "The UNHCR representative met ministers of the Kyrgyz Republic to discuss the protection of refugees and stateless persons under the 1951 Convention."},
			"ru": {Title: "Региональная консультация по защите беженцев", Lead: "В этом году помощь получили более 12 000 беженцев.",
				Body: "Представитель УВКБ ООН встретился с министрами Кыргызской Республики."},
			"ky": {Title: "Качкындарды коргоо боюнча аймактык кеңешме", Lead: "Быйыл 12 000ден ашык качкын жардам алды.",
				Body: "БУУнун Качкындар боюнча жогорку комиссарынын өкүлү Кыргыз Республикасынын министрлери менен жолугуп, качкындарды жана жарандыгы жок адамдарды 1951-жылдагы Конвенцияга ылайык коргоо маселесин талкуулады."},
		},
		// The English is corrected after the Kyrgyz was published: the
		// Kyrgyz translation is outdated.
		plan: map[string]string{"en": "published+corrected", "ru": "draft", "ky": "published"},
	},
	{
		slug: "local-council-elections", date: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC),
		places: map[string]string{"en": "Karakol", "ru": "Каракол", "ky": "Каракол"},
		texts: map[string]newsroom.Content{
			"en": {Title: "Local council elections were calm", Lead: "UNDP observers noted a high turnout.",
				Body: "Voters cast ballots at 2,500 polling stations. Women made up a third of the candidates."},
			"ru": {Title: "Выборы в местные кенеши прошли спокойно", Lead: "Наблюдатели ПРООН отметили высокую явку.",
				Body: "Избиратели голосовали на 2 500 участках. Женщины составили треть кандидатов."},
			"ky": {Title: "Жергиликтүү кеңештерге шайлоо тынч өттү", Lead: "ПРООНдун байкоочулары шайлоочулардын активдүүлүгү жогору болгонун белгилешти.",
				Body: "Шайлоочулар 2 500 участокто добуш беришти. Талапкерлердин үчтөн бирин аялдар түздү."},
		},
		plan: map[string]string{"en": "published", "ru": "changes_requested", "ky": "draft"},
	},
	{
		slug: "childrens-parliament-convention", date: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC),
		places: map[string]string{"en": "Bishkek", "ru": "Бишкек", "ky": "Бишкек"},
		texts: map[string]newsroom.Content{
			"en": {Title: "Children's parliament marks thirty years of the Convention on the Rights of the Child", Lead: "Kyrgyzstan ratified the Convention in 1994.",
				Body: "To mark the anniversary, schoolchildren held a session of the children's parliament."},
		},
		plan: map[string]string{"en": "approved"},
	},
}

// loadMore creates moreReleases and plays each one's plan.
func loadMore(ctx context.Context, s Store, editor, translator, reviewer *newsroom.User) error {
	langs := s.Langs()
	if !langs.Has("en") {
		return nil // the demo texts are written from English
	}
	for _, m := range moreReleases {
		r, err := s.CreateRelease(ctx, editor, newsroom.NewRelease{
			Slug: m.slug, SourceLang: "en", Date: m.date, Places: filterPlaces(m.places, langs), Content: m.texts["en"],
		})
		if err != nil {
			return fmt.Errorf("demo release %s: %w", m.slug, err)
		}
		act := func(u *newsroom.User, lang string, a newsroom.Action, comment string) error {
			_, err := s.Transition(ctx, u, r.ID, lang, newsroom.Change{Action: a, Comment: comment})
			return err
		}
		publish := func(u *newsroom.User, lang string) error {
			for _, st := range []struct {
				u *newsroom.User
				a newsroom.Action
			}{{u, newsroom.ActionSubmit}, {reviewer, newsroom.ActionApprove}, {editor, newsroom.ActionPublish}} {
				if err := act(st.u, lang, st.a, ""); err != nil {
					return err
				}
			}
			return nil
		}
		// The source first, then the translations in a fixed order.
		for _, lang := range []string{"en", "ky", "ru"} {
			plan, ok := m.plan[lang]
			if !ok || !langs.Has(lang) {
				continue
			}
			u := translator
			if lang == "en" {
				u = editor
			} else if _, err := s.Save(ctx, translator, r.ID, lang, newsroom.Change{Content: m.texts[lang]}); err != nil {
				return fmt.Errorf("demo %s %s: %w", m.slug, lang, err)
			}
			switch plan {
			case "published", "published+corrected":
				err = publish(u, lang)
			case "approved":
				if err = act(u, lang, newsroom.ActionSubmit, ""); err == nil {
					err = act(reviewer, lang, newsroom.ActionApprove, "")
				}
			case "changes_requested":
				if err = act(u, lang, newsroom.ActionSubmit, ""); err == nil {
					err = act(reviewer, lang, newsroom.ActionRequestChanges, "Check the number of polling stations against the source.")
				}
			}
			if err != nil {
				return fmt.Errorf("demo %s %s: %w", m.slug, lang, err)
			}
		}
		if m.plan["en"] == "published+corrected" {
			// A substantive correction of the source, published after the
			// translations: they are now outdated.
			c := m.texts["en"]
			c.Body += "\n\nThe consultation agreed on a joint plan for 2027."
			if _, err := s.Save(ctx, editor, r.ID, "en", newsroom.Change{Content: c, BaseRev: 1}); err != nil {
				return fmt.Errorf("demo %s correction: %w", m.slug, err)
			}
			if err := publish(editor, "en"); err != nil {
				return fmt.Errorf("demo %s correction: %w", m.slug, err)
			}
		}
	}
	return nil
}
