package mongodb

import "context"

// ChangesSince exposes the changes log's reader to the tests.
func (s *Store) ChangesSince(ctx context.Context, seq int64) (ids []string, last int64, complete bool, err error) {
	return s.changes.since(ctx, seq, 1000)
}

// LogRelease appends id to the changes log, for the tests.
func (s *Store) LogRelease(ctx context.Context, id string) (int64, error) {
	return s.changes.append(ctx, id)
}
