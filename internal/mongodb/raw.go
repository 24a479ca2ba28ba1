package mongodb

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The raw access below serves backup and restore (package backup): whole
// collections as BSON documents, whatever their shape.

// CollectionNames lists the database's collections, sorted.
func (db *DB) CollectionNames(ctx context.Context) ([]string, error) {
	names, err := db.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("mongodb: list collections: %w", err)
	}
	slices.Sort(names)
	return names, nil
}

// EachRaw calls fn with every document of coll, in _id order.
func (db *DB) EachRaw(ctx context.Context, coll string, fn func(bson.Raw) error) error {
	cur, err := db.c(coll).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("mongodb: read %s: %w", coll, err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		if err := fn(cur.Current); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("mongodb: read %s: %w", coll, err)
	}
	return nil
}

// InsertRaw inserts documents into coll, creating it if needed.
func (db *DB) InsertRaw(ctx context.Context, coll string, docs []bson.Raw) error {
	if len(docs) == 0 {
		return nil
	}
	anyDocs := make([]any, len(docs))
	for i, d := range docs {
		anyDocs[i] = d
	}
	if _, err := db.c(coll).InsertMany(ctx, anyDocs); err != nil {
		return fmt.Errorf("mongodb: restore %s: %w", coll, err)
	}
	return nil
}

// CountRaw returns the number of documents in coll.
func (db *DB) CountRaw(ctx context.Context, coll string) (int64, error) {
	n, err := db.c(coll).CountDocuments(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("mongodb: count %s: %w", coll, err)
	}
	return n, nil
}

// DropRaw removes collection coll.
func (db *DB) DropRaw(ctx context.Context, coll string) error {
	if err := db.c(coll).Drop(ctx); err != nil {
		return fmt.Errorf("mongodb: drop %s: %w", coll, err)
	}
	return nil
}

// EnsureSchema creates the store's collections and indexes, as Connect does.
func (db *DB) EnsureSchema(ctx context.Context) error { return db.ensureIndexes(ctx) }

// WriteMark returns a number that changes whenever a release is written
// (the heads of the changes and publish logs), so that a reader of the
// whole database can tell whether writes happened while it read.
func (s *Store) WriteMark(ctx context.Context) (int64, error) {
	a, err := s.changes.head(ctx)
	if err != nil {
		return 0, err
	}
	b, err := s.publog.head(ctx)
	if err != nil {
		return 0, err
	}
	return a<<32 + b, nil
}
