// Package xliff converts language versions of a release to XLIFF 2.1 and
// 1.2 for CAT tools and reads such files back. It is pure: no HTTP, no
// database. A version becomes units (the title, the lead, one unit per body
// paragraph) whose Markdown inline markup becomes protected inline codes;
// reading a file back gives the Markdown of each target byte for byte.
package xliff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// Format is an XLIFF version this package writes and reads.
type Format string

// The supported XLIFF versions.
const (
	V21 Format = "2.1"
	V12 Format = "1.2"
)

// ParseFormat returns the Format named s ("2.1", "2.0" reads as 2.1, "1.2");
// "" means 2.1.
func ParseFormat(s string) (Format, error) {
	switch s {
	case "", "2.1", "2", "2.0":
		return V21, nil
	case "1.2":
		return V12, nil
	}
	return "", newsroom.Errorf(newsroom.EInvalid, "Unknown XLIFF version %q; use 2.1 or 1.2.", s)
}

// Namespaces of the two versions.
const (
	NS2  = "urn:oasis:names:tc:xliff:document:2.0"
	NS12 = "urn:oasis:names:tc:xliff:document:1.2"
)

// Unit IDs of the title and the lead; body paragraphs are "p1", "p2", ….
const (
	UnitTitle = "title"
	UnitLead  = "lead"
)

// ParagraphID returns the unit ID of the body paragraph with 0-based index i.
func ParagraphID(i int) string { return "p" + strconv.Itoa(i+1) }

// ParseUnitID checks a unit ID and returns, for a body paragraph, its
// 0-based index; -1 for the title and the lead.
func ParseUnitID(id string) (int, bool) {
	switch id {
	case UnitTitle, UnitLead:
		return -1, true
	}
	if len(id) < 2 || len(id) > 7 || id[0] != 'p' || id[1] == '0' {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	if err != nil || n < 1 || strconv.Itoa(n) != id[1:] {
		return 0, false
	}
	return n - 1, true
}

// State is how far a unit's translation has come, in XLIFF 2 terms.
type State string

// The XLIFF 2 segment states.
const (
	StateInitial    State = "initial"
	StateTranslated State = "translated"
	StateReviewed   State = "reviewed"
	StateFinal      State = "final"
)

// StateOf maps a working copy's state to the XLIFF state of its translated units.
func StateOf(s newsroom.State) State {
	switch s {
	case newsroom.StateApproved:
		return StateReviewed
	case newsroom.StatePublished:
		return StateFinal
	case newsroom.StateUntranslated:
		return StateInitial
	}
	return StateTranslated
}

// state12 is the XLIFF 1.2 name of s; an outdated unit needs translation.
func state12(s State, outdated bool) string {
	if outdated {
		return "needs-translation"
	}
	switch s {
	case StateTranslated:
		return "translated"
	case StateReviewed:
		return "signed-off"
	case StateFinal:
		return "final"
	}
	return "new"
}

// Document is one language version of a release as exchanged with a CAT tool.
type Document struct {
	Format     Format
	ReleaseID  string
	SourceLang string
	TargetLang string
	// BaseRev is the target version's revision the file was made from.
	BaseRev int
	// SourceRev is the source version's revision the file was made from.
	SourceRev int
	// Note is the reviewer's last comment, if any.
	Note  string
	Units []Unit
}

// Unit is the title, the lead or one body paragraph.
type Unit struct {
	ID     string
	Source string // Markdown
	Target string // Markdown; meaningful when HasTarget
	// HasTarget is false when the unit carries no target (a partial file).
	HasTarget bool
	State     State
	// Outdated marks a unit whose source changed since it was translated.
	Outdated bool
	// Incomplete marks a unit read from a file whose segments are only
	// partly translated; it is not imported.
	Incomplete bool
	// Line is where the unit starts in a file that was read.
	Line int
}

// original is the value of the file's original attribute, which records
// the release, the language and both base revisions.
func (d *Document) original() string {
	return fmt.Sprintf("kotormo:releases/%s/versions/%s?rev=%d&source_rev=%d", d.ReleaseID, d.TargetLang, d.BaseRev, d.SourceRev)
}

// parseOriginal reads what original wrote.
func (d *Document) parseOriginal(s string) bool {
	rest, ok := strings.CutPrefix(s, "kotormo:releases/")
	if !ok {
		return false
	}
	id, rest, ok := strings.Cut(rest, "/versions/")
	if !ok || id == "" || len(id) > 100 {
		return false
	}
	lang, query, ok := strings.Cut(rest, "?")
	if !ok || lang == "" || len(lang) > 16 {
		return false
	}
	var rev, src string
	for part := range strings.SplitSeq(query, "&") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "rev":
			rev = v
		case "source_rev":
			src = v
		}
	}
	r, err1 := strconv.Atoi(rev)
	sr, err2 := strconv.Atoi(src)
	if err1 != nil || err2 != nil || r < 0 || sr < 0 || r > 1e9 || sr > 1e9 {
		return false
	}
	d.ReleaseID, d.TargetLang, d.BaseRev, d.SourceRev = id, lang, r, sr
	return true
}

// ParseError is a refused file: the line and the reason.
type ParseError struct {
	Line   int
	Reason string
}

// Error implements error.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return e.Reason
}

// Domain returns e as an EInvalid domain error whose message names the line.
func (e *ParseError) Domain() *newsroom.Error {
	if e.Line > 0 {
		return newsroom.Errorf(newsroom.EInvalid, "The XLIFF file was refused at line %d: %s", e.Line, e.Reason)
	}
	return newsroom.Errorf(newsroom.EInvalid, "The XLIFF file was refused: %s", e.Reason)
}
