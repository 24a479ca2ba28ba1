// Package locales holds the interface strings of the reader site and the
// editor: one go-i18n message file per language, active.<lang>.toml, with
// English as the source. See README.md for how translators update them.
package locales

import "embed"

// FS holds every message file of this folder, for i18n.New at start-up.
//
//go:embed *.toml
var FS embed.FS
