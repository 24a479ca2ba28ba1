package locale

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Name returns a language's name in that language (its autonym), written
// as it should appear in a language switcher: "English", "Русский",
// "Кыргызча", "Oʻzbekcha". Languages without a name here get CLDR's own
// name with a capital first letter; an unknown code is returned unchanged.
func Name(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return lang
	}
	switch tag.String() {
	case "en":
		return "English"
	case "ru":
		return "Русский"
	case "ky":
		return "Кыргызча"
	case "uz", "uz-Latn":
		return "Oʻzbekcha"
	case "uz-Cyrl":
		return "Ўзбекча"
	case "kk":
		return "Қазақша"
	case "tg":
		return "Тоҷикӣ"
	}
	name := display.Self.Name(tag)
	if name == "" {
		return lang
	}
	return upperFirst(name)
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToTitle(r)) + s[size:]
}
