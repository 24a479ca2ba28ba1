package mongodb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// colMemoryChanges is the log of memory changes: the key of each memory
// document an approval wrote ("release/lang"), "import:<id>" for a
// committed TMX import, or memoryReloadAll.
const colMemoryChanges = "memory_changes"

// memoryReloadAll asks the processes following the memory log to reload
// the whole memory (after a rebuild).
const memoryReloadAll = "*"

// memoryFollow is how far this process's memory follows the memory log, so
// that entries another process adds (an approval, an import) are offered
// here too without a restart. Before each lookup the memory applies the
// log's new entries: one _id lookup when nothing changed.
type memoryFollow struct {
	mu     sync.Mutex
	once   sync.Once
	log    *seqLog
	loaded bool
	seq    int64 // memory-log position applied
}

// memoryLog returns the memory log.
func (s *Store) memoryLog() *seqLog {
	f := &s.memFollow
	f.once.Do(func() { f.log = &seqLog{db: s.db, coll: colMemoryChanges, clock: s.clock} })
	return f.log
}

// importKey is the memory-log key of a committed import.
func importKey(importID string) string { return "import:" + importID }

// memoryChanged records in the memory log that the memory document key
// changed. The change is stored and already in this process's memory; a
// failure to log it is logged, and other processes learn it at their next
// full load.
func (s *Store) memoryChanged(ctx context.Context, key string) {
	seq, err := s.memoryLog().append(ctx, key)
	if err != nil {
		s.db.log.Warn("memory log: append failed", "key", key, "err", err)
		return
	}
	f := &s.memFollow
	if !f.mu.TryLock() {
		return // a sync is running; it applies the entry again, harmlessly
	}
	defer f.mu.Unlock()
	if f.loaded && f.seq == seq-1 {
		f.seq = seq // this process's own change, already applied
	}
}

// syncMemory applies the memory log's new entries to this process's
// memory; the first call (when LoadMemory was not called) loads it whole,
// as does one that finds itself more than 1,000 entries or a purge behind.
func (s *Store) syncMemory(ctx context.Context) error {
	f := &s.memFollow
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.loaded {
		keys, last, complete, err := s.memoryLog().since(ctx, f.seq, 1000)
		if err != nil {
			return fmt.Errorf("mongodb: follow the memory: %w", err)
		}
		if complete && !slices.Contains(keys, memoryReloadAll) {
			for _, k := range keys {
				if err := s.applyMemoryChange(ctx, k); err != nil {
					return err
				}
			}
			f.seq = last
			return nil
		}
	}
	return s.loadMemoryLocked(ctx)
}

// applyMemoryChange reloads the memory document(s) that key names.
func (s *Store) applyMemoryChange(ctx context.Context, key string) error {
	if id, ok := strings.CutPrefix(key, "import:"); ok {
		var imp importDoc
		found, err := s.db.findByID(ctx, colImports, id, &imp)
		if err != nil || !found {
			return err
		}
		for k := range imp.Batches {
			var d memoryDoc
			ok, err := s.db.findByID(ctx, colMemory, importBatchID(id, k), &d)
			if err != nil {
				return fmt.Errorf("mongodb: follow the memory: %w", err)
			}
			if ok {
				s.memory.Replace(d.ID, d.entries())
			}
		}
		return nil
	}
	var d memoryDoc
	found, err := s.db.findByID(ctx, colMemory, key, &d)
	if err != nil {
		return fmt.Errorf("mongodb: follow the memory: %w", err)
	}
	if !found {
		s.memory.Remove(key)
		return nil
	}
	s.memory.Replace(d.ID, d.entries())
	return nil
}

// LoadMemory reads the stored memory into the in-memory index; main calls it
// at start. Later changes, from any process, are applied before each lookup.
func (s *Store) LoadMemory(ctx context.Context) error {
	s.memFollow.mu.Lock()
	defer s.memFollow.mu.Unlock()
	return s.loadMemoryLocked(ctx)
}

// memoryLoadBatch is how many memory documents one read of the load
// fetches. An import batch holds tmxBatch units (up to 0.5 MB in
// documents of 1,000 units written before tmxBatch was lowered) and the
// embedded server holds several decoded copies of a read: loading the
// memory of a 50,000-unit import in 1,000-unit documents added a peak of
// 292 MB of RSS with reads of 200 documents, 156 MB with 20 and 47 MB with
// 4, in the same time
// (BenchmarkLoadMemoryAfterTMX50k); the 4,000 small documents of an
// archive load no slower (BenchmarkLoadMemoryArchive).
const memoryLoadBatch = 4

// loadMemoryLocked loads the whole memory; s.memFollow.mu is held. The log's
// head is taken first: changes logged during the load are applied again on
// the next sync, which is harmless.
func (s *Store) loadMemoryLocked(ctx context.Context) error {
	head, err := s.memoryLog().head(ctx)
	if err != nil {
		return fmt.Errorf("mongodb: load memory: %w", err)
	}
	done, err := s.committedImports(ctx)
	if err != nil {
		return err
	}
	cur, err := s.db.c(colMemory).Find(ctx, bson.D{}, options.Find().SetBatchSize(memoryLoadBatch))
	if err != nil {
		return fmt.Errorf("mongodb: load memory: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var d memoryDoc
		if err := cur.Decode(&d); err != nil {
			return fmt.Errorf("mongodb: load memory: %w", err)
		}
		if d.Pending != "" && !done[d.Pending] {
			continue // an import that never finished
		}
		s.memory.Replace(d.ID, d.entries())
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("mongodb: load memory: %w", err)
	}
	s.memFollow.seq, s.memFollow.loaded = head, true
	return nil
}
