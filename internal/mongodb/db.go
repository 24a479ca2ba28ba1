// Package mongodb stores Kotormo's releases, users and sessions in MongoDB (or
// the embedded FerretDB) through the official driver. It implements the
// interfaces of package newsroom; bson shapes stay private to this package.
//
// The embedded server scans a whole collection for every query that is not
// exactly {_id: …}, and its updates cost grow with a collection's bytes. So
// every hot path here reads and writes by _id only: versions are small heads
// updated in place, while texts (revisions) and the audit log are insert-only,
// and a unique _id insert into the audit log is the compare-and-set that
// serialises writes to one version across processes.
package mongodb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

// Collection names.
const (
	colReleases  = "releases"
	colSlugs     = "slugs"
	colVersions  = "versions"
	colRevisions = "revisions"
	colAudit     = "audit"
	colPublished = "published"
	colPublog    = "publog"
	colChanges   = "changes"
	colUsers     = "users"
	colSessions  = "sessions"
	colTokens    = "tokens"
)

// collections lists every collection the store uses.
var collections = []string{
	colReleases, colSlugs, colVersions, colRevisions, colAudit, colHistory, colPublished, colPublog, colChanges, colUsers, colSessions, colTokens,
	colGlossary, colMemory, colFills,
	colWebhooks, colDeliveries, colDeliveryClaims,
}

// DB is a connection to one database.
type DB struct {
	client *mongo.Client
	db     *mongo.Database
	log    *slog.Logger
	uri    string
	ready  readyCache
	// idOnly is true on the embedded FerretDB, which uses an index only
	// for exact {_id: …} filters (see backend.go).
	idOnly   bool
	commands *commandCounter
}

// Connect connects to uri and uses database name, creating indexes idempotently.
func Connect(ctx context.Context, uri, name string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.Default()
	}
	// Timeouts given in the URI win over these defaults.
	cc := &commandCounter{}
	opts := options.Client().ApplyURI(uri).SetMonitor(cc.monitor())
	if opts.ServerSelectionTimeout == nil {
		opts.SetServerSelectionTimeout(10 * time.Second)
	}
	if opts.Timeout == nil {
		opts.SetTimeout(30 * time.Second)
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("mongodb: connect: %w", err)
	}
	db := &DB{client: client, db: client.Database(name), log: log, uri: uri, commands: cc}
	if err := db.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("mongodb: ping: %w", err)
	}
	db.idOnly = db.isFerretDB(ctx)
	if err := db.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	return db, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.client.Ping(ctx, readpref.Primary())
}

// Close disconnects.
func (db *DB) Close(ctx context.Context) error { return db.client.Disconnect(ctx) }

// Drop removes the whole database; tests use it to clean up.
func (db *DB) Drop(ctx context.Context) error { return db.db.Drop(ctx) }

// Name is the database's name.
func (db *DB) Name() string { return db.db.Name() }

func (db *DB) c(name string) *mongo.Collection { return db.db.Collection(name) }

func (db *DB) ensureIndexes(ctx context.Context) error {
	// Create every collection up front, so that the embedded server's tables
	// exist for embeddb's _id indexes before the first write.
	for _, name := range collections {
		err := db.db.CreateCollection(ctx, name)
		var ce mongo.CommandError
		if err != nil && !(errors.As(err, &ce) && ce.Code == 48) { // NamespaceExists
			return fmt.Errorf("mongodb: create collection %s: %w", name, err)
		}
	}
	// Hot paths read by _id only; these serve the rarer scans on a real MongoDB
	// and enforce uniqueness everywhere.
	idx := []struct {
		coll, name string
		m          mongo.IndexModel
	}{
		{colUsers, "email_unique", mongo.IndexModel{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetUnique(true).SetName("email_unique")}},
		{colReleases, "date", mongo.IndexModel{Keys: bson.D{{Key: "date", Value: -1}}, Options: options.Index().SetName("date")}},
		{colSessions, "user", mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user")}},
	}
	for _, i := range idx {
		if _, err := db.c(i.coll).Indexes().CreateOne(ctx, i.m); err != nil {
			return fmt.Errorf("mongodb: create index %s.%s: %w", i.coll, i.name, err)
		}
	}
	return nil
}

// findByID decodes the document with _id id into out; found is false when there is none.
func (db *DB) findByID(ctx context.Context, coll, id string, out any) (found bool, err error) {
	err = db.c(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(out)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("mongodb: find %s %v: %w", coll, id, err)
	}
	return true, nil
}
