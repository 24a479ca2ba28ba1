package newsroom

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// qaOverride applies the quality-check rule to an approval: a text with open
// quality-check errors is approved only with an override reason, which the
// audit entry records. It returns the line to add to the audit comment ("" when
// nothing was overridden).
func qaOverride(ch Change) (string, error) {
	if ch.Action != ActionApprove || ch.QAErrors <= 0 {
		return "", nil
	}
	reason := strings.TrimSpace(ch.Override)
	if reason == "" {
		return "", E(EInvalid, "ErrQAOverrideNeeded", "Errors", ch.QAErrors)
	}
	if utf8.RuneCountInString(reason) > MaxNote {
		return "", E(EInvalid, "ErrOverrideTooLong", "Max", MaxNote)
	}
	return "Quality-check override (" + strconv.Itoa(ch.QAErrors) + " errors): " + reason, nil
}
