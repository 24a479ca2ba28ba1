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

// ForgetHistoryDigest empties the history digest, as a database written
// before the digest existed (or restored without it) would have it.
func (s *Store) ForgetHistoryDigest(ctx context.Context) error {
	_, err := s.db.c(colHistory).DeleteMany(ctx, map[string]any{})
	return err
}

// HistoryDigestChunks counts the digest's documents.
func (s *Store) HistoryDigestChunks(ctx context.Context) (int64, error) {
	return s.db.c(colHistory).CountDocuments(ctx, map[string]any{})
}
