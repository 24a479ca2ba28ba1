package readertest

import (
	"fmt"
	"strings"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Generate returns n releases published in every language of langs, shaped
// like the newsroom's real ones: a title, a dateline, a lead, seven to nine
// body paragraphs of Markdown with quotes and figures, and the standard
// "About the office" paragraph — about 5 KB of Markdown per language. Text
// exists for en, ru and ky; other languages get the English text. Release i
// is dated i days before 2026-11-01 and published an hour after its date, so
// release 0 is the newest.
func Generate(n int, langs []string) []*newsroom.Published {
	out := make([]*newsroom.Published, 0, n*len(langs))
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		date := base.AddDate(0, 0, -i)
		published := date.Add(time.Hour)
		id := fmt.Sprintf("r%06d", i)
		slug := fmt.Sprintf("release-%d-%s", i, topics[i%len(topics)].slug)
		for _, lang := range langs {
			out = append(out, &newsroom.Published{
				ReleaseID: id, Slug: slug, Lang: lang, SourceLang: langs[0],
				Content:          Content(lang, i),
				Place:            placeName(lang, i),
				Date:             date,
				Rev:              1,
				PublishedAt:      published,
				FirstPublishedAt: published,
			})
		}
	}
	return out
}

// Content returns the text of release i in lang (see Generate).
func Content(lang string, i int) newsroom.Content {
	t := texts[lang]
	if t == nil {
		t = texts["en"]
	}
	topic := topics[i%len(topics)]
	name := t.topic(topic)
	figure := 10 + (i*7)%90
	year := 1995 + i%30
	title := fmt.Sprintf(t.title, name, i+1)
	lead := fmt.Sprintf(t.lead, name, figure)
	var b strings.Builder
	paras := 7 + i%3
	for p := range paras {
		tpl := t.paras[(i+p)%len(t.paras)]
		b.WriteString(fmt.Sprintf(tpl, name, figure+p, year, officials[(i+p)%len(officials)]))
		b.WriteString("\n\n")
	}
	b.WriteString(t.about)
	return newsroom.Content{Title: title, Lead: lead, Body: b.String()}
}

func placeName(lang string, i int) string {
	places := map[string][]string{
		"en": {"Bishkek", "Osh", "Karakol", "Naryn", "Jalal-Abad"},
		"ru": {"Бишкек", "Ош", "Каракол", "Нарын", "Джалал-Абад"},
		"ky": {"Бишкек", "Ош", "Каракол", "Нарын", "Жалал-Абад"},
	}
	p := places[lang]
	if p == nil {
		p = places["en"]
	}
	return p[i%len(p)]
}

type topic struct {
	slug       string
	en, ru, ky string
}

var topics = []topic{
	{"water", "clean drinking water", "чистой питьевой воды", "таза ичүүчү суу"},
	{"schools", "rural schools", "сельских школ", "айылдык мектептер"},
	{"health", "maternal health", "здоровья матерей", "энелердин ден соолугу"},
	{"energy", "renewable energy", "возобновляемой энергетики", "кайра жаралуучу энергия"},
	{"roads", "mountain roads", "горных дорог", "тоо жолдору"},
	{"youth", "youth employment", "занятости молодёжи", "жаштардын иш менен камсыз болушу"},
}

var officials = []string{"Aida Sydykova", "Nurlan Abdyrakhmanov", "Elena Petrova", "Bakyt Osmonov", "Gulnara Toktosunova"}

type langText struct {
	title, lead, about string
	paras              []string
	topic              func(topic) string
}

var texts = map[string]*langText{
	"en": {
		topic: func(t topic) string { return t.en },
		title: "New programme for %s launched in the region (%d)",
		lead:  "The country office and the Government today launched a programme for %s that will reach over %d thousand people in the coming three years.",
		paras: []string{
			"The programme on %[1]s builds on two decades of cooperation. Since %[3]d the office has supported more than %[2]d districts, and the new phase adds **over $62 million** in funding from partners, with a focus on the most remote communities in the mountains.",
			"\"This is a turning point for %[1]s in our country,\" said %[4]s, who leads the work in the field. \"For %[2]d years families have told us what they need. Now we can answer with investment that lasts, and with local people who run it themselves.\"",
			"According to the latest survey, %[2]d per cent of households in the target areas still lack reliable access to services. The programme will train local specialists, repair facilities built before %[3]d and set up a monitoring system that publishes results every quarter.",
			"The Minister welcomed the agreement and said the Government would match the funding for %[1]s. \"We signed today, and work starts on Monday,\" the Minister told journalists after the ceremony, adding that %[2]d new jobs would be created in the first year alone.",
			"Partners include local governments, civil society organisations and the private sector. Each district will elect a committee of %[2]d members, at least half of them women, to decide how the money for %[1]s is spent and to report back to their communities.",
			"Independent experts will evaluate the programme in %[3]d and again at its end. Their reports, together with the budget and the list of projects, will be published in English, Russian and Kyrgyz, so that everyone can follow how the funds for %[1]s are used.",
			"\"We have learned that lasting change comes when communities own the results,\" said %[4]s. \"That is why %[2]d per cent of the budget goes directly to projects chosen by the people who will use them.\"",
			"The first projects will start in the spring. Residents can find the list of districts, the timetable and the contacts of the local committees on the office's website and in the local administration offices, where information about %[1]s is available in all three languages.",
		},
		about: "**About the office.** The country office works with the Government and the people of the Kyrgyz Republic to reduce poverty, protect the environment and build institutions that serve everyone. It has been present in the country since 1993. For more information, contact the communications team in Bishkek.",
	},
	"ru": {
		topic: func(t topic) string { return t.ru },
		title: "В регионе начата новая программа развития %s (%d)",
		lead:  "Страновой офис и Правительство сегодня запустили программу развития %s, которая в ближайшие три года охватит более %d тысяч человек.",
		paras: []string{
			"Программа развития %[1]s опирается на двадцатилетнее сотрудничество. С %[3]d года офис поддержал более %[2]d районов, а новый этап добавляет **более 62 млн долларов США** от партнёров с упором на самые отдалённые горные сёла.",
			"«Это поворотный момент для %[1]s в нашей стране, — сказала %[4]s, руководитель работы на местах. — %[2]d лет семьи рассказывали нам, что им нужно. Теперь мы можем ответить долгосрочными вложениями и местными специалистами, которые сами ими управляют».",
			"По данным последнего обследования, %[2]d процентов домохозяйств в целевых районах по-прежнему не имеют надёжного доступа к услугам. Программа подготовит местных специалистов, отремонтирует объекты, построенные до %[3]d года, и создаст систему мониторинга с ежеквартальной публикацией результатов.",
			"Министр приветствовал соглашение и заявил, что Правительство выделит равную сумму на развитие %[1]s. «Мы подписали соглашение сегодня, а работа начнётся в понедельник», — сказал министр журналистам после церемонии, добавив, что только в первый год будет создано %[2]d новых рабочих мест.",
			"В число партнёров входят органы местного самоуправления, гражданское общество и частный сектор. В каждом районе будет избран комитет из %[2]d человек, не менее половины которых — женщины: он решит, как расходовать средства на развитие %[1]s, и будет отчитываться перед жителями.",
			"Независимые эксперты оценят программу в %[3]d году и по её завершении. Их отчёты вместе с бюджетом и перечнем проектов будут опубликованы на английском, русском и кыргызском языках, чтобы каждый мог проследить, как расходуются средства на развитие %[1]s.",
			"«Мы убедились, что устойчивые перемены происходят тогда, когда результаты принадлежат самим сообществам, — сказала %[4]s. — Поэтому %[2]d процентов бюджета направляются непосредственно на проекты, выбранные теми, кто будет ими пользоваться».",
			"Первые проекты начнутся весной. Список районов, график работ и контакты местных комитетов жители найдут на сайте офиса и в местных администрациях, где информация о развитии %[1]s доступна на всех трёх языках.",
		},
		about: "**Об офисе.** Страновой офис работает с Правительством и народом Кыргызской Республики над сокращением бедности, защитой окружающей среды и укреплением институтов, служащих всем. Офис работает в стране с 1993 года. За дополнительной информацией обращайтесь в пресс-службу в Бишкеке.",
	},
	"ky": {
		topic: func(t topic) string { return t.ky },
		title: "Аймакта %s боюнча жаңы программа башталды (%d)",
		lead:  "Өлкөлүк кеңсе жана Өкмөт бүгүн %s боюнча программаны ишке киргизишти, ал жакынкы үч жылда %d миңден ашык адамды камтыйт.",
		paras: []string{
			"%[1]s боюнча программа жыйырма жылдык кызматташтыкка негизделет. %[3]d-жылдан бери кеңсе %[2]d ашык районду колдоп келген, ал эми жаңы этап өнөктөштөрдөн **62 миллион АКШ долларынан ашык** каражат кошот жана тоолуу алыскы айылдарга басым жасайт.",
			"«Бул биздин өлкөдө %[1]s үчүн бурулуш учур, — деди талаадагы иштерди жетектеген %[4]s. — %[2]d жыл бою үй-бүлөлөр бизге эмне керек экенин айтып келишти. Эми биз туруктуу инвестиция жана аны өздөрү башкарган жергиликтүү адистер менен жооп бере алабыз».",
			"Акыркы изилдөөнүн жыйынтыгы боюнча, максаттуу райондордогу үй чарбаларынын %[2]d пайызы дагы эле кызматтарга ишенимдүү жете алышпайт. Программа жергиликтүү адистерди даярдайт, %[3]d-жылга чейин курулган объекттерди оңдойт жана натыйжаларды ар чейректе жарыялап турган мониторинг системасын түзөт.",
			"Министр макулдашууну кубаттап, Өкмөт %[1]s үчүн ошончо эле каражат бөлөрүн билдирди. «Биз бүгүн кол койдук, иш дүйшөмбүдө башталат», — деди министр аземден кийин журналисттерге жана биринчи жылы эле %[2]d жаңы жумуш орду түзүлөрүн кошумчалады.",
			"Өнөктөштөрдүн катарында жергиликтүү өз алдынча башкаруу органдары, жарандык коом жана жеке сектор бар. Ар бир райондо %[2]d мүчөдөн турган комитет шайланат, алардын жок дегенде жарымы аялдар болот: комитет %[1]s үчүн каражатты кантип жумшоону чечип, тургундарга отчет берет.",
			"Көз карандысыз эксперттер программаны %[3]d-жылы жана ал аяктаганда баалашат. Алардын отчеттору бюджет жана долбоорлордун тизмеси менен бирге англис, орус жана кыргыз тилдеринде жарыяланат, ошондо ар ким %[1]s үчүн каражат кантип жумшалып жатканын көзөмөлдөй алат.",
			"«Туруктуу өзгөрүүлөр натыйжалар коомчулуктун өзүнө таандык болгондо гана болорун түшүндүк, — деди %[4]s. — Ошондуктан бюджеттин %[2]d пайызы аларды колдоно турган адамдар тандаган долбоорлорго түз жумшалат».",
			"Биринчи долбоорлор жазында башталат. Райондордун тизмесин, иштердин графигин жана жергиликтүү комитеттердин байланыштарын тургундар кеңсенин сайтынан жана жергиликтүү администрациялардан таба алышат, ал жерде %[1]s жөнүндө маалымат үч тилде тең бар.",
		},
		about: "**Кеңсе жөнүндө.** Өлкөлүк кеңсе Кыргыз Республикасынын Өкмөтү жана эли менен бирге жакырчылыкты кыскартуу, айлана-чөйрөнү коргоо жана баарына кызмат кылган институттарды чыңдоо боюнча иштейт. Кеңсе өлкөдө 1993-жылдан бери иштейт. Кошумча маалымат алуу үчүн Бишкектеги басма сөз кызматына кайрылыңыз.",
	},
}
