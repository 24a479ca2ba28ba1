package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The corpora below are short press releases in the style of the office's
// own, written in each language; the queries are what readers type. Hits are
// compared as sets: ranking has its own tests.

var ruCorpus = []Doc{
	{ID: "r1", Place: "Бишкек", Title: "УВКБ ООН поддерживает беженцев в Кыргызской Республике",
		Lead: "Более 12 000 беженцев получили помощь.",
		Body: "Представитель УВКБ ООН встретился с министрами Кыргызской Республики. Речь шла о защите беженцев и лиц без гражданства в соответствии с Конвенцией 1951 года."},
	{ID: "r2", Place: "Ош", Title: "ЮНИСЕФ обеспечил школы чистой водой",
		Lead: "В Баткенской области 40 школ обеспечены питьевой водой.",
		Body: "Дети в Кара-Суу и Ноокате получили доступ к чистой воде. Проект поддержан правительством Японии."},
	{ID: "r3", Place: "Бишкек", Title: "Конвенция о правах ребёнка: тридцать лет",
		Lead: "Кыргызстан ратифицировал Конвенцию в 1994 году.",
		Body: "В честь годовщины Конвенции о правах ребёнка школьники провели заседание детского парламента."},
	{ID: "r4", Place: "Нарын", Title: "Всемирная продовольственная программа помогла 62 000 семей",
		Lead: "Продовольственная помощь доставлена в отдалённые сёла.",
		Body: "ВПП ООН совместно с Министерством труда и социального развития распределила муку и масло. Сельские женщины прошли обучение."},
	{ID: "r5", Place: "Бишкек", Title: "Миграционная служба и МОМ подписали меморандум",
		Lead: "Меморандум о партнёрстве направлен на защиту трудовых мигрантов.",
		Body: "Международная организация по миграции и Государственная миграционная служба договорились о сотрудничестве. Мигранты получат консультации."},
	{ID: "r6", Place: "Каракол", Title: "Выборы в местные кенеши прошли спокойно",
		Lead: "Наблюдатели ПРООН отметили высокую явку.",
		Body: "Избиратели голосовали на 2 500 участках. Женщины составили треть кандидатов."},
}

var enCorpus = []Doc{
	{ID: "e1", Place: "Bishkek", Title: "UNHCR supports refugees in the Kyrgyz Republic",
		Lead: "More than 12,000 refugees received assistance.",
		Body: "The UNHCR representative met ministers of the Kyrgyz Republic to discuss the protection of refugees and stateless persons under the 1951 Convention."},
	{ID: "e2", Place: "Osh", Title: "UNICEF brings clean water to schools",
		Lead: "Forty schools in Batken province now have drinking water.",
		Body: "Children in Kara-Suu and Nookat gained access to safe water. The project is funded by the Government of Japan."},
	{ID: "e3", Place: "Bishkek", Title: "Convention on the Rights of the Child turns thirty",
		Lead: "Kyrgyzstan ratified the Convention in 1994.",
		Body: "To mark the anniversary, schoolchildren held a session of the children's parliament."},
	{ID: "e4", Place: "Naryn", Title: "WFP helps 62,000 families",
		Lead: "Food assistance reached remote villages.",
		Body: "WFP and the Ministry of Labour and Social Development distributed flour and oil. Rural women were trained in running small businesses."},
	{ID: "e5", Place: "Bishkek", Title: "Migration service and IOM sign a memorandum",
		Lead: "The partnership aims to protect labour migrants.",
		Body: "The International Organization for Migration and the State Migration Service agreed to cooperate. Migrants will receive counselling."},
	{ID: "e6", Place: "Karakol", Title: "Local council elections were calm",
		Lead: "UNDP observers noted a high turnout.",
		Body: "Voters cast ballots at 2,500 polling stations. Women made up a third of the candidates."},
}

var kyCorpus = []Doc{
	{ID: "k1", Place: "Бишкек", Title: "БУУнун Качкындар боюнча жогорку комиссары Кыргыз Республикасындагы качкындарды колдойт",
		Lead: "12 000ден ашык качкын жардам алды.",
		Body: "Жогорку комиссардын өкүлү Кыргыз Республикасынын министрлери менен жолугуп, качкындарды жана жарандыгы жок адамдарды коргоо маселесин талкуулады."},
	{ID: "k2", Place: "Ош", Title: "ЮНИСЕФ мектептерди таза суу менен камсыз кылды",
		Lead: "Баткен облусундагы 40 мектепке ичүүчү суу жеткирилди.",
		Body: "Кара-Суу жана Ноокат райондорундагы балдар таза сууга жетишти. Долбоорду Япония өкмөтү каржылады. Айылдагы мектебинде жаңы кран орнотулду."},
	{ID: "k3", Place: "Бишкек", Title: "Бала укуктары жөнүндө конвенцияга отуз жыл",
		Lead: "Кыргызстан Конвенцияны 1994-жылы ратификациялаган.",
		Body: "Конвенциянын жылдыгына карата окуучулар балдар парламентинин жыйынын өткөрүштү."},
	{ID: "k4", Place: "Нарын", Title: "Бүткүл дүйнөлүк азык-түлүк программасы 62 000 үй-бүлөгө жардам берди",
		Lead: "Азык-түлүк жардамы алыскы айылдарга жеткирилди.",
		Body: "Программа Эмгек жана социалдык өнүгүү министрлиги менен бирге ун жана май таратты. Айыл аялдары окутуудан өттү."},
	{ID: "k5", Place: "Бишкек", Title: "Миграция кызматы менен ЭМУ өнөктөштүк жөнүндө меморандумга кол коюшту",
		Lead: "Өнөктөштүктүн максаты — эмгек мигранттарын коргоо.",
		Body: "Эл аралык миграция уюму жана Мамлекеттик миграция кызматы кызматташууга макул болушту. Мигранттар кеңеш алышат."},
	{ID: "k6", Place: "Каракол", Title: "Жергиликтүү кеңештерге шайлоо тынч өттү",
		Lead: "Байкоочулар шайлоочулардын активдүүлүгү жогору болгонун белгилешти.",
		Body: "Шайлоочулар 2 500 участокто добуш беришти. Талапкерлердин үчтөн бирин аялдар түздү."},
	// Typed with the old substitute letters ҥ and ѳ.
	{ID: "k7", Place: "Талас", Title: "Жаҥы мектеп ачылды",
		Body: "Талас облусунда жаҥы мектеп ачылып, ѳкмѳттүн ѳкүлү катышты."},
}

type langQuery struct {
	query string
	want  []string
}

var ruQueries = []langQuery{
	{"беженцы", []string{"r1"}},
	{"беженец", []string{"r1"}},
	{"беженцев", []string{"r1"}},
	{"конвенция", []string{"r1", "r3"}},
	{"конвенцию", []string{"r1", "r3"}},
	{"вода", []string{"r2"}},
	{"Кыргызская Республика", []string{"r1"}},
	{"12000", []string{"r1"}},
	{"12 000", []string{"r1"}},
	{"62000", []string{"r4"}},
	{"Карасуу", []string{"r2"}},
	{"Кара-Суу", []string{"r2"}},
	{"Нарын", []string{"r4"}},
	{"Ош", []string{"r2"}},
	{"Бишкек", []string{"r1", "r3", "r5"}},
	{"школа", []string{"r2", "r3"}},
	{"ребёнка", []string{"r3"}},
	{"права ребенка", []string{"r3"}},
	{"мигранты", []string{"r5"}},
	{"миграционная служба", []string{"r5"}},
	{"партнерство", []string{"r5"}},
	{"продовольственной помощи", []string{"r4"}},
	{"женщина", []string{"r4", "r6"}},
	{"выбор", []string{"r6"}},
	{"наблюдатель", []string{"r6"}},
	{"участки", []string{"r6"}},
	{"участок", []string{"r6"}},
	{"ребенок", []string{"r3"}},
	{"ЮНИСЕФ", []string{"r2"}},
	{"УВКБ", []string{"r1"}},
	{"правительство Японии", []string{"r2"}},
	{"меморандум", []string{"r5"}},
	{"явка", []string{"r6"}},
	{"избиратель", []string{"r6"}},
	{"сотрудничество", []string{"r5"}},
	{"министры", []string{"r1"}},
	{"жираф", nil},
}

var enQueries = []langQuery{
	{"refugee", []string{"e1"}},
	{"refugees", []string{"e1"}},
	{"protecting refugees", []string{"e1"}},
	{"water", []string{"e2"}},
	{"12000", []string{"e1"}},
	{"12,000", []string{"e1"}},
	{"62000", []string{"e4"}},
	{"Karasuu", []string{"e2"}},
	{"Kara-Suu", []string{"e2"}},
	{"Naryn", []string{"e4"}},
	{"Osh", []string{"e2"}},
	{"Bishkek", []string{"e1", "e3", "e5"}},
	{"school", []string{"e2", "e3"}},
	{"rights of the child", []string{"e3"}},
	{"migrant", []string{"e5"}},
	{"migrating", []string{"e5"}},
	{"family", []string{"e4"}},
	{"women", []string{"e4", "e6"}},
	{"elected", []string{"e6"}},
	{"observer", []string{"e6"}},
	{"voter", []string{"e6"}},
	{"UNICEF", []string{"e2"}},
	{"UNHCR", []string{"e1"}},
	{"Japan", []string{"e2"}},
	{"memorandum", []string{"e5"}},
	{"cooperation", []string{"e5"}},
	{"village", []string{"e4"}},
	{"training", []string{"e4"}},
	{"distribution", []string{"e4"}},
	{"ratify", []string{"e3"}},
	{"provinces", []string{"e2"}},
	{"drinking", []string{"e2"}},
	{"parliaments", []string{"e3"}},
	{"Kyrgyz Republic", []string{"e1"}},
	{"giraffe", nil},
}

var kyQueries = []langQuery{
	{"качкын", []string{"k1"}},
	{"качкындар", []string{"k1"}},
	{"мектеп", []string{"k2", "k7"}},
	{"мектебинде", []string{"k2", "k7"}},
	{"суу", []string{"k2"}},
	{"сууга", []string{"k2"}},
	{"Карасуу", []string{"k2"}},
	{"Кара-Суу", []string{"k2"}},
	{"12000", []string{"k1"}},
	{"12 000", []string{"k1"}},
	{"Нарын", []string{"k4"}},
	{"Ош", []string{"k2"}},
	{"өнөктөштүк", []string{"k5"}},
	{"өнөктөштүгүн", []string{"k5"}},
	{"өкмөт", []string{"k2", "k7"}},
	{"жаңы", []string{"k2", "k7"}},
	{"жаҥы", []string{"k2", "k7"}},
	{"ѳкүл", []string{"k1", "k7"}},
	{"онугуу", nil}, // н о у are not ң ө ү: өнүгүү is another word
	{"конвенция", []string{"k3"}},
	{"конвенциянын", []string{"k3"}},
	{"балдар", []string{"k2", "k3"}},
	{"мигрант", []string{"k5"}},
	{"миграция кызматы", []string{"k5"}},
	{"шайлоо", []string{"k6"}},
	{"шайлоочулар", []string{"k6"}},
	{"аялдар", []string{"k4", "k6"}},
	{"айыл", []string{"k2", "k4"}},
	{"Бишкек", []string{"k1", "k3", "k5"}},
	{"ЮНИСЕФ", []string{"k2"}},
	{"Япония өкмөтү", []string{"k2"}},
	{"үй-бүлө", []string{"k4"}},
	{"үйбүлө", []string{"k4"}},
	{"Талас", []string{"k7"}},
	{"облус", []string{"k2", "k7"}},
	{"кеңеш", []string{"k5", "k6"}},
	{"кенеш", nil}, // н is not ң
	{"жираф", nil},
}

func TestRealQueriesFindTheirReleases(t *testing.T) {
	for _, c := range []struct {
		lang    string
		docs    []Doc
		queries []langQuery
	}{{"ru", ruCorpus, ruQueries}, {"en", enCorpus, enQueries}, {"ky", kyCorpus, kyQueries}} {
		if len(c.queries) < 30 {
			t.Errorf("%s has %d queries; the table needs at least 30", c.lang, len(c.queries))
		}
		ix := BuildLang(c.lang, c.docs)
		for _, q := range c.queries {
			t.Run(c.lang+" "+q.query, func(t *testing.T) {
				got := ids(ix.Search(q.query, 0))
				slices.Sort(got)
				if !slices.Equal(got, q.want) {
					t.Errorf("%s search %q = %q, want %q", c.lang, q.query, got, q.want)
				}
			})
		}
	}
}

func TestOldKyrgyzSubstituteLettersFold(t *testing.T) {
	if got, want := Fold("ҤИ Ҥи ҥ Ѳ ѳ"), "ңи ңи ң ө ө"; got != want {
		t.Errorf("Fold = %q, want %q", got, want)
	}
}

func TestSnippetsFindWordForms(t *testing.T) {
	ix := BuildLang("ru", ruCorpus)
	text := "Первое предложение без совпадений, довольно длинное, чтобы отрезать начало. " +
		"Второе предложение тоже длинное и ничего не содержит. Здесь речь о беженцах."
	if got := ix.Snippet(text, "беженцы", 40); !strings.Contains(got, "беженцах") {
		t.Errorf("Snippet = %q, want the excerpt around «беженцах»", got)
	}
}

// FuzzSearchLang searches the three corpora and cuts excerpts with any
// query: nothing panics, hits exist in the corpus, excerpts keep their bound.
//
//	go test ./internal/search/ -run '^$' -fuzz FuzzSearchLang -fuzztime 30s
func FuzzSearchLang(f *testing.F) {
	for _, q := range []string{"беженцы", "мектебинде", "12 000", "Кара-Суу", "ҥѳ", "refugees", "---", "1,000,000", "өнөктөштүгүн"} {
		f.Add(q)
	}
	ixs := []*Index{BuildLang("ru", ruCorpus), BuildLang("en", enCorpus), BuildLang("ky", kyCorpus)}
	f.Fuzz(func(t *testing.T, q string) {
		for _, ix := range ixs {
			for _, h := range ix.Search(q, 10) {
				if h.ID == "" {
					t.Fatalf("empty hit for %q", q)
				}
			}
			if s := ix.Snippet(kyCorpus[1].Body, q, 60); utf8.RuneCountInString(s) > 60 {
				t.Fatalf("excerpt of %d runes for %q", utf8.RuneCountInString(s), q)
			}
		}
	})
}
