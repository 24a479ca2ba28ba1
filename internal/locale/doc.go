// Package locale holds the language rules Kotormo needs outside of
// interface strings: choosing a reader's language from Accept-Language,
// formatting dates and numbers the way each language writes them (CLDR),
// naming languages in a language switcher, and spotting Latin letters typed
// by mistake inside Cyrillic words.
//
// Everything here is pure: no HTTP framework, no storage, no package-level
// mutable state. Language codes are BCP 47 tags such as "en", "ru", "ky".
package locale
