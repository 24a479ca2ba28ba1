package embeddb

import (
	"context"
	"database/sql"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestIndexIDLookups checks that after IndexIDLookups SQLite answers the
// exact statement FerretDB sends for a lookup by _id from an index, and that
// the data still reads and updates correctly through the driver.
func TestIndexIDLookups(t *testing.T) {
	dir, err := os.MkdirTemp("", "kotormo-embeddb-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	s, err := Start(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(s.URI()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	c := client.Database("idx").Collection("things")
	docs := []any{}
	for _, id := range []string{"a/en/1", "a/en/2", "b/ky/1"} {
		docs = append(docs, bson.D{{Key: "_id", Value: id}, {Key: "n", Value: 1}})
	}
	if _, err := c.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}

	plan := func() string {
		t.Helper()
		db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Opaque: filepath.Join(dir, "db", "idx.sqlite"), RawQuery: "mode=ro"}).String())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var table string
		if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = 'things'`).Scan(&table); err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "`+table+`" WHERE _ferretdb_sjson->'$._id' = ?`, `"a/en/2"`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			out = append(out, detail)
		}
		return strings.Join(out, "; ")
	}
	if p := plan(); !strings.HasPrefix(p, "SCAN") {
		t.Logf("before: %s (FerretDB's own index now serves _id lookups; IndexIDLookups may be unnecessary)", p)
	}
	for range 2 { // idempotent
		if err := s.IndexIDLookups(ctx, "idx"); err != nil {
			t.Fatal(err)
		}
	}
	if p := plan(); !strings.Contains(p, "USING INDEX") {
		t.Fatalf("a lookup by _id still scans: %s", p)
	}

	// Reads and writes by _id see the same data as before.
	if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: "a/en/2"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: 2}}}}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		N int `bson:"n"`
	}
	if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: "a/en/2"}}).Decode(&got); err != nil || got.N != 2 {
		t.Fatalf("after update: %+v, %v", got, err)
	}
	if _, err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: "a/en/2"}}); !mongo.IsDuplicateKeyError(err) {
		t.Fatalf("a duplicate _id gave %v, want a duplicate key error", err)
	}
	if _, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: "b/ky/1"}}); err != nil {
		t.Fatal(err)
	}
	if n, err := c.CountDocuments(ctx, bson.D{}); err != nil || n != 2 {
		t.Fatalf("count after delete: %d, %v", n, err)
	}
}
