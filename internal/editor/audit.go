package editor

import (
	"context"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// maxAuditScan bounds how far back, in audit entries of one version, the
// edit and review pages look for the last review: a page costs at most this
// many lookups however long the history grows.
const maxAuditScan = 400

// auditScanPage is how many entries each step of that look-back reads.
const auditScanPage = 25

// lastAudit walks a version's audit log from the newest entry and returns the
// first entry for which match says found; it stops early when match says
// stop, or after maxAuditScan entries. It returns nil when nothing matched.
func (e *Editor) lastAudit(ctx context.Context, releaseID, lang string, match func(newsroom.AuditEntry) (found, stop bool)) (*newsroom.AuditEntry, error) {
	q := newsroom.AuditQuery{Streams: []string{lang}, Limit: auditScanPage}
	for seen := 0; seen < maxAuditScan; {
		page, err := e.releases.AuditPage(ctx, releaseID, q)
		if err != nil {
			return nil, err
		}
		for _, a := range page.Entries {
			found, stop := match(a)
			if found {
				return &a, nil
			}
			if stop {
				return nil, nil
			}
		}
		seen += len(page.Entries)
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	return nil, nil
}

// approvedRev returns the revision of v last approved, 0 when none: from the
// head, or, for a version last reviewed before heads recorded it, from a
// bounded look back through the audit log.
func (e *Editor) approvedRev(ctx context.Context, releaseID string, v *newsroom.Version) (int, error) {
	if v.ReviewKnown || v.ReviewSeq > 0 {
		return v.ApprovedRev, nil
	}
	a, err := e.lastAudit(ctx, releaseID, v.Lang, func(a newsroom.AuditEntry) (bool, bool) {
		return a.Action == string(newsroom.ActionApprove) && a.Rev > 0, false
	})
	if err != nil || a == nil {
		return 0, err
	}
	return a.Rev, nil
}

// lastReview returns the request for changes that v's latest review made,
// nil when the latest review was not one: one lookup of the entry the head
// points at, or a bounded look back for heads that do not record it.
func (e *Editor) lastReview(ctx context.Context, releaseID string, v *newsroom.Version) (*newsroom.AuditEntry, error) {
	if v.ReviewKnown && v.ReviewSeq == 0 {
		return nil, nil
	}
	if v.ReviewSeq > 0 {
		cursor := newsroom.AuditCursor{v.Lang: v.ReviewSeq}.String()
		page, err := e.releases.AuditPage(ctx, releaseID, newsroom.AuditQuery{Streams: []string{v.Lang}, Cursor: cursor, Limit: 1})
		if err != nil || len(page.Entries) == 0 || page.Entries[0].Action != string(newsroom.ActionRequestChanges) {
			return nil, err
		}
		return &page.Entries[0], nil
	}
	return e.lastAudit(ctx, releaseID, v.Lang, func(a newsroom.AuditEntry) (bool, bool) {
		stop := a.Action == string(newsroom.ActionSubmit) || a.Action == string(newsroom.ActionApprove)
		return a.Action == string(newsroom.ActionRequestChanges), stop
	})
}
