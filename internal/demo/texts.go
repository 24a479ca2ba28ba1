package demo

import "github.com/kotormo/kotormo/internal/newsroom"

// texts is the sample release, written for this project, in three languages.
var texts = map[string]newsroom.Content{
	"en": {
		Title: "Solar-powered water systems reach 40 villages in Naryn region",
		Lead:  "More than 12,000 people in 40 mountain villages of Naryn region now have safe drinking water all year round, thanks to solar-powered pumping systems completed this autumn with the support of the UN country office.",
		Body: `The systems replace diesel pumps and open canals that froze for up to five months a year. Each village now has a borehole, a solar array, an insulated storage tank and public taps within 200 metres of every household.

The programme, worth over $3.2 million, was carried out between 2023 and 2026 together with the regional administration and local water user associations, which will run and maintain the systems.

"Clean water is where health, education and dignity begin," said Aigerim Sadykova, Head of the UN Office in Kyrgyzstan, at the opening ceremony in the village of Kara-Suu. "These villages now depend on the sun rather than on fuel deliveries that stop every winter."

Local health workers report that cases of waterborne disease among children fell by almost 40 per cent in the villages connected first, in 2024.

"For twenty years our women carried water from the river, even at minus thirty degrees," said Bakyt Osmonov, head of the Kara-Suu village council. "Now my granddaughter fills a bucket at the tap next to the school."

Each water user association has trained two technicians, and half of the 80 trainees are women. Tariffs set by the villages themselves cover repairs and the replacement of batteries.

The regional administration plans to extend the model to a further 25 villages by 2028.

**About the office**

The UN country office in Bishkek supports the Government and people of Kyrgyzstan in achieving the Sustainable Development Goals, working with national partners, civil society and communities in all seven regions of the country.`,
	},
	"ru": {
		Title: "Водоснабжение на солнечной энергии пришло в 40 сёл Нарынской области",
		Lead:  "Более 12 000 жителей 40 горных сёл Нарынской области теперь круглый год обеспечены безопасной питьевой водой благодаря насосным системам на солнечной энергии, завершённым этой осенью при поддержке странового офиса ООН.",
		Body: `Новые системы заменили дизельные насосы и открытые арыки, которые замерзали до пяти месяцев в году. В каждом селе теперь есть скважина, солнечные панели, утеплённый резервуар и общественные краны не дальше 200 метров от каждого дома.

Программа стоимостью более 3,2 млн долларов США реализована в 2023–2026 годах совместно с областной администрацией и местными ассоциациями водопользователей, которые будут эксплуатировать и обслуживать системы.

«С чистой воды начинаются здоровье, образование и достоинство, — сказала глава Офиса ООН в Кыргызстане Айгерим Садыкова на церемонии открытия в селе Кара-Суу. — Теперь эти сёла зависят от солнца, а не от поставок топлива, которые каждую зиму прекращаются».

По данным местных медицинских работников, в сёлах, подключённых первыми в 2024 году, число случаев заболеваний, передающихся через воду, среди детей снизилось почти на 40 процентов.

«Двадцать лет наши женщины носили воду из реки, даже в тридцатиградусный мороз, — рассказал глава айыл окмоту Кара-Суу Бакыт Осмонов. — Теперь моя внучка набирает ведро из крана рядом со школой».

Каждая ассоциация водопользователей подготовила двух техников; половина из 80 обученных — женщины. Тарифы, установленные самими сёлами, покрывают ремонт и замену аккумуляторов.

Областная администрация планирует распространить эту модель ещё на 25 сёл к 2028 году.

**Об офисе**

Страновой офис ООН в Бишкеке поддерживает Правительство и народ Кыргызстана в достижении Целей устойчивого развития, работая с национальными партнёрами, гражданским обществом и местными сообществами во всех семи областях страны.`,
	},
	"ky": {
		Title: "Нарын облусунун 40 айылына күн энергиясы менен иштеген суу түтүгү жетти",
		Lead:  "Нарын облусунун 40 тоолуу айылындагы 12 000ден ашык адам БУУнун өлкөдөгү кеңсесинин колдоосу менен ушул күзүндө бүткөн күн энергиясындагы насостук системалардын аркасында жыл бою таза ичүүчү сууга ээ болушту.",
		Body: `Жаңы системалар жылына беш айга чейин тоңуп калган дизель насосторду жана ачык арыктарды алмаштырды. Ар бир айылда азыр скважина, күн панелдери, жылуулоочу суу сактагыч жана ар бир үйдөн 200 метрден алыс эмес жалпы крандар бар.

Наркы 3,2 миллион АКШ долларынан ашкан программа 2023–2026-жылдары облустук администрация жана системаларды пайдалана турган жана тейлей турган жергиликтүү суу пайдалануучулар ассоциациялары менен бирге ишке ашырылды.

«Ден соолук, билим жана ар-намыс таза суудан башталат, — деди БУУнун Кыргызстандагы кеңсесинин башчысы Айгерим Садыкова Кара-Суу айылындагы ачылыш аземинде. — Эми бул айылдар ар кыш сайын токтоп калган күйүүчү майга эмес, күнгө таянышат».

Жергиликтүү медицина кызматкерлеринин маалыматы боюнча, 2024-жылы биринчи туташтырылган айылдарда балдардын арасында суу аркылуу жуккан оорулар дээрлик 40 пайызга азайган.

«Жыйырма жыл бою аялдарыбыз суу дарыядан ташыган, отуз градус суукта да, — деди Кара-Суу айыл өкмөтүнүн башчысы Бакыт Осмонов. — Эми неберем мектептин жанындагы крандан чака толтурат».

Ар бир суу пайдалануучулар ассоциациясы эки техникти даярдады, окутулган 80 адамдын жарымы — аялдар. Айылдардын өздөрү белгилеген тарифтер оңдоону жана аккумуляторлорду алмаштырууну жабат.

Облустук администрация бул моделди 2028-жылга чейин дагы 25 айылга жайылтууну пландаштырууда.

**Кеңсе жөнүндө**

БУУнун Бишкектеги өлкөлүк кеңсеси Кыргызстандын Өкмөтүн жана элин Туруктуу өнүгүү максаттарына жетүүдө колдоп, өлкөнүн бардык жети облусундагы улуттук өнөктөштөр, жарандык коом жана жергиликтүү жамааттар менен иштейт.`,
	},
}
