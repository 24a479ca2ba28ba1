// Package tbx reads and writes the glossary of one language pair as
// TBX-Basic: TBX version 3 (ISO 30042:2019), dialect TBX-Basic, in the
// DCA style, namespace urn:iso:std:iso:30042:ed:3.0.
//
// One glossary term is one conceptEntry with a langSec for the source
// language and one for the target language:
//
//	<conceptEntry id="t-…">
//	  <note>the term's note</note>
//	  <note>kotormo:wordForms=true</note>
//	  <langSec xml:lang="en"><termSec><term>refugee</term>
//	    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
//	  <langSec xml:lang="ky">
//	    <termSec><term>approved translation</term>
//	      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
//	    <termSec><term>forbidden variant</term>
//	      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
//	  </langSec>
//	</conceptEntry>
//
// Approved translations are the target terms whose administrativeStatus is
// preferredTerm-admn-sts (on import also admittedTerm-admn-sts, or no
// status); forbidden variants are deprecatedTerm-admn-sts (on import also
// supersededTerm-admn-sts). The note is the entry's note.
//
// Case-sensitivity and word forms have no TBX-Basic data category, and
// there is no valid way to add one in the DCA style: the dialect's RELAX NG
// grammar closes the lists of descrip and termNote types (so a custom
// <descrip type="caseSensitive"> or termNote is invalid), and its
// Schematron forbids elements of other namespaces in DCA files. So each
// flag that is set travels as a conceptEntry note of its own whose whole
// text is FlagCaseSensitive+"true" or FlagWordForms+"true"
// ("kotormo:caseSensitive=true", "kotormo:wordForms=true"); a flag that is
// not set is left out and reads as false. The file stays plain TBX-Basic,
// other tools show the flags as notes and keep them, so a glossary that
// goes through another tool and comes back keeps its flags too, and an
// export imports back without loss. On import, a note of that form with a
// value other than true or false rejects the entry.
//
// Reading also accepts the older TBX v2 structure (martif, termEntry,
// langSet, tig and ntig), which many tools still write.
package tbx

import (
	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// Namespaces of the documents.
const (
	// Namespace is TBX v3's (ISO 30042:2019).
	Namespace    = "urn:iso:std:iso:30042:ed:3.0"
	xmlNamespace = "http://www.w3.org/XML/1998/namespace"
)

// Bounds on a document that Read accepts. With them, reading costs time
// linear in the input, and the entries kept (their texts come from the
// input, which has no entities to expand) take memory proportional to at
// most MaxInput.
const (
	// MaxInput is the most bytes read; a longer document is refused.
	MaxInput = 16 << 20
	// MaxEntries is the most entries a document may hold (a glossary holds
	// at most 5,000 terms per language pair).
	MaxEntries = 5_000
	// MaxText is the most bytes of one term's or note's text.
	MaxText = 4 << 10
	// MaxTerms is the most terms one entry may hold, all languages together.
	MaxTerms = 100
	// MaxDepth is the deepest element nesting accepted.
	MaxDepth = 32
	// MaxRejected is the most rejected entries listed one by one.
	MaxRejected = 100
)

// The notes that carry Kotormo's flags (see the package comment).
const (
	FlagCaseSensitive = "kotormo:caseSensitive="
	FlagWordForms     = "kotormo:wordForms="
)

// Administrative statuses (TBX-Basic's values of administrativeStatus).
const (
	Preferred  = "preferredTerm-admn-sts"
	Admitted   = "admittedTerm-admn-sts"
	Deprecated = "deprecatedTerm-admn-sts"
	Superseded = "supersededTerm-admn-sts"
)

// Entry is one glossary term read from or written to a document.
type Entry struct {
	// Index is the entry's position in the document, from 1 (Read).
	Index int
	// ID is the conceptEntry's id attribute, if any.
	ID string
	qa.Term
}

// Rejected is an entry that cannot be imported, and why.
type Rejected struct {
	Index int
	ID    string
	// Err is a coded error (newsroom.E) naming the reason.
	Err error
}

// Result is what Read found.
type Result struct {
	// Entries are the entries that can be imported, in document order.
	Entries []Entry
	// Rejected lists the first MaxRejected entries that cannot.
	Rejected []Rejected
	// Count is the number of entries in the document; RejectedCount the
	// number rejected, also past MaxRejected.
	Count, RejectedCount int
}

func (r *Result) reject(index int, id string, err error) {
	r.RejectedCount++
	if len(r.Rejected) < MaxRejected {
		r.Rejected = append(r.Rejected, Rejected{Index: index, ID: id, Err: err})
	}
}

// The errors of a document Read refuses as a whole.
var (
	errNotTBX = func() error { return newsroom.E(newsroom.EInvalid, "ErrTBXNotTBX") }
	errLarge  = func() error { return newsroom.E(newsroom.ETooLarge, "ErrTBXTooLarge", "Max", MaxInput) }
)
