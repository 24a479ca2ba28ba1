package mongodb

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// colImports holds one document per TMX import that committed. An import's
// batches in the memory collection carry its ID (pending); they are part of
// the memory only once this document exists, so that an import that fails
// or dies half-way never shows.
const colImports = "memory_imports"

// importDoc records a committed TMX import.
type importDoc struct {
	ID      string    `bson:"_id"`
	Src     string    `bson:"src"`
	Tgt     string    `bson:"tgt"`
	At      time.Time `bson:"at"`
	Batches int       `bson:"batches"`
	Units   int       `bson:"units"`
}

// importBatchID is the _id of batch k of an import.
func importBatchID(importID string, k int) string {
	return "import/" + importID + "/" + strconv.Itoa(k)
}

// committedImports returns the IDs of the imports that committed. The
// collection holds one small document per import ever made.
func (s *Store) committedImports(ctx context.Context) (map[string]bool, error) {
	var ds []importDoc
	if err := s.all(ctx, colImports, bson.D{}, &ds); err != nil {
		return nil, fmt.Errorf("mongodb: read imports: %w", err)
	}
	out := make(map[string]bool, len(ds))
	for _, d := range ds {
		out[d.ID] = true
	}
	return out, nil
}
