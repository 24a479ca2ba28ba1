package mongodb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Checkpoints are derived data a process may keep in the database to start
// faster: the reader site keeps there what it knows of every published
// snapshot except the bodies, so that a restart reads a few large documents
// instead of every release (on the embedded database each document read
// costs about 150 µs whatever its size). A checkpoint is a blob cut into
// chunks of checkpointChunk bytes, written under a fresh generation and
// then made current by a conditional update of its head, so that a reader
// never sees half of one and two writers never mix theirs. Checkpoints are
// not backed up (see IsDerived): they are rebuilt from the data.
const (
	colCheckpoints    = "checkpoints"
	colCheckpointHead = "checkpoint_heads"
	checkpointChunk   = 1 << 20
	// maxCheckpoint bounds a checkpoint, in bytes.
	maxCheckpoint = 256 << 20
)

// IsDerived reports whether collection name holds only data derived from
// the others (checkpoints), which backups leave out.
func IsDerived(name string) bool { return name == colCheckpoints || name == colCheckpointHead }

type checkpointHead struct {
	ID     string    `bson:"_id"`
	Gen    string    `bson:"gen"`
	Seq    int64     `bson:"seq"`
	Chunks int       `bson:"chunks"`
	Size   int       `bson:"size"`
	Sum    string    `bson:"sum"`
	At     time.Time `bson:"at"`
}

type checkpointDoc struct {
	ID   string `bson:"_id"`
	Data []byte `bson:"data"`
}

func chunkID(gen string, k int) string { return gen + "/" + strconv.Itoa(k) }

// LoadCheckpoint returns the current checkpoint called name and the
// sequence number its writer gave it; found is false when there is none or
// when it was replaced while being read (the caller then does without).
func (s *Store) LoadCheckpoint(ctx context.Context, name string) (data []byte, seq int64, found bool, err error) {
	var h checkpointHead
	ok, err := s.db.findByID(ctx, colCheckpointHead, name, &h)
	if err != nil || !ok {
		return nil, 0, false, err
	}
	if h.Size > maxCheckpoint || h.Chunks > maxCheckpoint/checkpointChunk+1 {
		return nil, 0, false, nil
	}
	data = make([]byte, 0, h.Size)
	for k := range h.Chunks {
		var d checkpointDoc
		ok, err := s.db.findByID(ctx, colCheckpoints, chunkID(h.Gen, k), &d)
		if err != nil {
			return nil, 0, false, err
		}
		if !ok {
			return nil, 0, false, nil // replaced meanwhile
		}
		data = append(data, d.Data...)
	}
	if sum := sha256.Sum256(data); len(data) != h.Size || hex.EncodeToString(sum[:]) != h.Sum {
		return nil, 0, false, nil
	}
	return data, h.Seq, true, nil
}

// SaveCheckpoint makes data the checkpoint called name, unless the current
// one has a higher sequence number (another process saved a later state).
// The previous checkpoint's chunks are removed.
func (s *Store) SaveCheckpoint(ctx context.Context, name string, data []byte, seq int64) error {
	s.checkpointMu.Lock() // one save at a time in this process
	defer s.checkpointMu.Unlock()
	if len(data) > maxCheckpoint {
		return fmt.Errorf("mongodb: checkpoint %s of %d bytes is over the limit", name, len(data))
	}
	var old checkpointHead
	hadOld, err := s.db.findByID(ctx, colCheckpointHead, name, &old)
	if err != nil {
		return err
	}
	if hadOld && old.Seq > seq {
		return nil
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	sum := sha256.Sum256(data)
	now := time.Now().UTC()
	h := checkpointHead{ID: name, Gen: fmt.Sprintf("%s-%016x-%x", name, now.UnixNano(), b), Seq: seq, Size: len(data), Sum: hex.EncodeToString(sum[:]), At: now}
	for off := 0; off < len(data) || h.Chunks == 0; off += checkpointChunk {
		d := checkpointDoc{ID: chunkID(h.Gen, h.Chunks), Data: data[off:min(off+checkpointChunk, len(data))]}
		if _, err := s.db.c(colCheckpoints).InsertOne(ctx, d); err != nil {
			return fmt.Errorf("mongodb: save checkpoint %s: %w", name, err)
		}
		h.Chunks++
	}
	won := false
	if hadOld {
		r, err := s.db.c(colCheckpointHead).ReplaceOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "gen", Value: old.Gen}}, h)
		if err != nil {
			return fmt.Errorf("mongodb: save checkpoint %s: %w", name, err)
		}
		won = r.MatchedCount == 1
	} else {
		_, err := s.db.c(colCheckpointHead).InsertOne(ctx, h)
		if err != nil && !mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("mongodb: save checkpoint %s: %w", name, err)
		}
		won = err == nil
	}
	// The loser's chunks, or the replaced checkpoint's, go.
	drop := h
	if won {
		drop = old
	}
	var errs []error
	for k := range drop.Chunks {
		if _, err := s.db.c(colCheckpoints).DeleteOne(ctx, bson.D{{Key: "_id", Value: chunkID(drop.Gen, k)}}); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("mongodb: remove an old checkpoint of %s: %w", name, err)
	}
	if won {
		return s.sweepCheckpoints(ctx, name, h.Gen, h.Chunks)
	}
	return nil
}

// checkpointGrace is how old a generation of chunks must be before a sweep
// removes it: far longer than a save takes, so that a sweep never removes
// the chunks of a save under way in another process.
const checkpointGrace = 10 * time.Minute

// sweepCheckpoints removes chunks of name that no head points to: those
// of a save that another process made current at the same moment (the
// embedded database's conditional update is not atomic across connections,
// so both may think they won) or that stopped half-way. It reads the chunk
// IDs only when the collection holds more documents than the current
// checkpoint's.
func (s *Store) sweepCheckpoints(ctx context.Context, name, current string, chunks int) error {
	n, err := s.db.c(colCheckpoints).EstimatedDocumentCount(ctx)
	if err != nil || n <= int64(chunks) {
		return err
	}
	cur, err := s.db.c(colCheckpoints).Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("mongodb: sweep checkpoints: %w", err)
	}
	var stale []string
	for cur.Next(ctx) {
		id, _ := cur.Current.Lookup("_id").StringValueOK()
		gen, _, _ := strings.Cut(id, "/")
		rest, ok := strings.CutPrefix(gen, name+"-")
		if !ok || gen == current {
			continue
		}
		stamp, _, _ := strings.Cut(rest, "-")
		if t, err := strconv.ParseInt(stamp, 16, 64); err == nil && time.Since(time.Unix(0, t)) < checkpointGrace {
			continue
		}
		stale = append(stale, id)
	}
	err = errors.Join(cur.Err(), cur.Close(ctx))
	for _, id := range stale {
		if _, e := s.db.c(colCheckpoints).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); e != nil {
			err = errors.Join(err, e)
		}
	}
	if err != nil {
		return fmt.Errorf("mongodb: sweep checkpoints: %w", err)
	}
	return nil
}
