package xliff

import (
	"github.com/kotormo/kotormo/internal/newsroom"
)

// sampleSource and sampleKy are a seed-like release: a title, a lead, body
// paragraphs with quotes, figures, bold, a link, inline code and the closing
// paragraph.
var sampleSource = newsroom.Content{
	Title: "Solar-powered water systems reach 40 villages in Naryn region",
	Lead:  "More than 12,000 people in 40 mountain villages now have safe drinking water. The systems were completed this autumn.",
	Body: `The systems replace diesel pumps and open canals that froze for up to five months a year. Each village now has a borehole.

The programme, worth **over $3.2 million**, was carried out with the [regional administration](https://naryn.example.org/admin "Naryn") and local *water user* associations.

"Clean water is where health begins," said Aigerim Sadykova. "These villages now depend on the sun."

Tariffs are set with the ` + "`tariff-calc`" + ` tool & reviewed <b>yearly</b>.

- first item
- second item

**About the office**

The UN country office in Bishkek supports the Government and people of Kyrgyzstan.`,
}

var sampleKy = newsroom.Content{
	Title: "Күн энергиясындагы суу системалары Нарын облусунун 40 айылына жетти",
	Lead:  "Нарын облусунун 40 тоолуу айылындагы 12 000ден ашык адам эми жыл бою коопсуз ичүүчү сууга ээ.",
	Body: `Системалар дизелдик насосторду жана жылына беш айга чейин тоңуп калган ачык арыктарды алмаштырды.

**3,2 миллион доллардан ашык** болгон программа [облустук администрация](https://naryn.example.org/admin "Naryn") жана жергиликтүү *суу пайдалануучулар* бирикмелери менен бирге ишке ашырылды.

«Таза суу — ден соолуктун башаты», — деди Айгерим Садыкова. «Бул айылдар эми күнгө көз каранды».

Тарифтер ` + "`tariff-calc`" + ` куралы менен белгиленет & <b>жыл сайын</b> каралат.

- биринчи
- экинчи

**Офис жөнүндө**

БУУнун Бишкектеги өлкөлүк офиси Кыргызстандын Өкмөтүн жана элин колдойт.`,
}
