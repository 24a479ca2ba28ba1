package newsroom

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// MaxHistoryPage is the most revisions or audit entries one page of history
// holds; a larger limit is cut to it. DefaultHistoryPage is used when none is given.
const (
	MaxHistoryPage     = 200
	DefaultHistoryPage = 25
)

// ReleaseStream names, in an AuditQuery, the release's own audit entries
// (metadata changes, publish-all), as opposed to a language version's.
const ReleaseStream = "_"

// HistoryLimit returns n bounded to 1..MaxHistoryPage, DefaultHistoryPage for n ≤ 0.
func HistoryLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultHistoryPage
	case n > MaxHistoryPage:
		return MaxHistoryPage
	}
	return n
}

// AuditQuery selects one page of a release's audit log, newest first.
type AuditQuery struct {
	// Streams are the logs to merge: ReleaseStream for the release's own
	// entries, a language code for that version's. Empty means all of them.
	Streams []string
	// Cursor continues after a previous page (its Next); "" starts at the newest entry.
	Cursor string
	// Limit is the page size, bounded by HistoryLimit.
	Limit int
}

// AuditPage is one page of an audit log, newest first.
type AuditPage struct {
	Entries []AuditEntry
	// Next is the cursor of the following, older page; "" when there is none.
	Next string
}

// AuditCursor is a position in several audit streams: for each stream, the
// sequence number of the newest entry not yet read (0 when it is exhausted).
type AuditCursor map[string]int

// maxCursorLen bounds the text of a cursor: a few dozen streams at most.
const maxCursorLen = 1024

// ParseAuditCursor reads a cursor written by AuditCursor.String, accepting only
// the given streams. Every stream missing from the cursor is exhausted.
// Errors: EInvalid. Its cost is linear in len(s), which is bounded.
func ParseAuditCursor(s string, streams []string) (AuditCursor, error) {
	bad := Errorf(EInvalid, "The history cursor %q is not one this server wrote.", truncate(s, 40))
	if len(s) > maxCursorLen {
		return nil, bad
	}
	c := AuditCursor{}
	for part := range strings.SplitSeq(s, ",") {
		name, num, ok := strings.Cut(part, ":")
		if !ok || !slices.Contains(streams, name) {
			return nil, bad
		}
		if _, dup := c[name]; dup {
			return nil, bad
		}
		n, err := strconv.Atoi(num)
		if err != nil || n < 0 || n > 1<<40 {
			return nil, bad
		}
		c[name] = n
	}
	return c, nil
}

// String writes the cursor with its streams in sorted order, leaving out
// exhausted ones; "" when every stream is exhausted.
func (c AuditCursor) String() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(c)) {
		if c[k] > 0 {
			parts = append(parts, k+":"+strconv.Itoa(c[k]))
		}
	}
	return strings.Join(parts, ",")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// recordReview keeps on the head where its last review is (see Version.ReviewSeq).
func recordReview(next *Version, a Action) {
	if next.Seq == 1 {
		next.ReviewKnown = true // its first write: nothing before to miss
	}
	switch a {
	case ActionSubmit, ActionRequestChanges:
		next.ReviewSeq = next.Seq
	case ActionApprove:
		next.ReviewSeq, next.ApprovedRev = next.Seq, next.Rev
	}
}
