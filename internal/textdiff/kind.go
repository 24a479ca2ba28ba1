// Package textdiff compares release texts: word by word inside a paragraph and
// paragraph by paragraph across a Markdown body. Translators use it to see what
// changed in the source since the revision they translated; reviewers use it to
// compare any two revisions.
//
// All functions are pure and bound their own work, so a hostile or huge body
// (megabytes, thousands of paragraphs) degrades to a coarser diff instead of
// consuming quadratic time or memory.
package textdiff

import "fmt"

// Kind says what a word-level Op does to the text.
type Kind uint8

// The word-level operations. The zero Kind is invalid.
const (
	// Equal text is in both sides.
	Equal Kind = iota + 1
	// Insert text is only in the new side.
	Insert
	// Delete text is only in the old side.
	Delete
)

var kindNames = [...]string{Equal: "equal", Insert: "insert", Delete: "delete"}

// ParseKind parses the text form of a Kind ("equal", "insert", "delete").
func ParseKind(s string) (Kind, error) {
	for k, name := range kindNames {
		if name != "" && name == s {
			return Kind(k), nil
		}
	}
	return 0, fmt.Errorf("textdiff: invalid op kind %q", s)
}

// String returns the text form of k, or "Kind(n)" for an invalid value.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// MarshalText encodes k as "equal", "insert" or "delete".
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) >= len(kindNames) || kindNames[k] == "" {
		return nil, fmt.Errorf("textdiff: invalid op kind %d", uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes the text form produced by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Op is one step of a word-level diff. Concatenating the Text of the Equal and
// Delete ops gives the old text; Equal and Insert ops give the new text.
type Op struct {
	Kind Kind   `json:"kind"`
	Text string `json:"text"`
}

// ParaKind says what happened to a paragraph between two versions of a body.
type ParaKind uint8

// The paragraph-level changes. The zero ParaKind is invalid.
const (
	// ParaEqual paragraphs are identical in both versions.
	ParaEqual ParaKind = iota + 1
	// ParaAdded paragraphs exist only in the new version.
	ParaAdded
	// ParaRemoved paragraphs exist only in the old version.
	ParaRemoved
	// ParaChanged paragraphs were edited; the change carries a word diff.
	ParaChanged
)

var paraKindNames = [...]string{
	ParaEqual:   "equal",
	ParaAdded:   "added",
	ParaRemoved: "removed",
	ParaChanged: "changed",
}

// ParseParaKind parses the text form of a ParaKind ("equal", "added",
// "removed", "changed").
func ParseParaKind(s string) (ParaKind, error) {
	for k, name := range paraKindNames {
		if name != "" && name == s {
			return ParaKind(k), nil
		}
	}
	return 0, fmt.Errorf("textdiff: invalid paragraph change kind %q", s)
}

// String returns the text form of k, or "ParaKind(n)" for an invalid value.
func (k ParaKind) String() string {
	if int(k) < len(paraKindNames) && paraKindNames[k] != "" {
		return paraKindNames[k]
	}
	return fmt.Sprintf("ParaKind(%d)", uint8(k))
}

// MarshalText encodes k as "equal", "added", "removed" or "changed".
func (k ParaKind) MarshalText() ([]byte, error) {
	if int(k) >= len(paraKindNames) || paraKindNames[k] == "" {
		return nil, fmt.Errorf("textdiff: invalid paragraph change kind %d", uint8(k))
	}
	return []byte(paraKindNames[k]), nil
}

// UnmarshalText decodes the text form produced by MarshalText.
func (k *ParaKind) UnmarshalText(b []byte) error {
	v, err := ParseParaKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// ParagraphChange is one entry of a paragraph-level diff. FromIndex and
// ToIndex are positions in the old and new paragraph lists, or -1 when the
// paragraph is absent from that side. Words is set only for ParaChanged.
type ParagraphChange struct {
	Kind      ParaKind `json:"kind"`
	FromIndex int      `json:"from_index"`
	ToIndex   int      `json:"to_index"`
	From      string   `json:"from,omitempty"`
	To        string   `json:"to,omitempty"`
	Words     []Op     `json:"words,omitempty"`
}
