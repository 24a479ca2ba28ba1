package mongodb

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/tm"
)

// Store implements newsroom.Releases and newsroom.Users.
type Store struct {
	db *DB
	// checkpointMu serialises SaveCheckpoint within this process.
	checkpointMu sync.Mutex
	langs        newsroom.Languages
	now          func() time.Time
	// onPublish is called after anything readers see of a release changed.
	onPublish    func(releaseID string)
	onTransition func(action, lang, to string)
	pause        func(step string)
	locks        keyedMutex
	// publog tells reader caches which releases to reload; changes tells
	// the listing which releases changed in any way.
	publog, changes *seqLog
	listing         listing
	// rollForwardAfter is how old a claimed-but-unfinished write must be
	// before another writer finishes it.
	rollForwardAfter time.Duration
	// hashes bounds concurrent password hashes.
	hashes *hashSlots
	// logRetention is how long the change and publish logs keep entries.
	logRetention time.Duration
	// memory is the translation memory, fed by approvals and publishes.
	memory    *tm.Memory
	memFollow memoryFollow
	sources   sourceCache
	// glossary caches glossaries for the quality checks.
	glossary glossaryCache
	// hooks runs the webhook deliveries (webhooks.go).
	hooks hooks
}

// Options configures a Store.
type Options struct {
	Langs newsroom.Languages
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// OnPublish is called (synchronously, after the write) whenever what readers
	// see of a release may have changed in this process.
	OnPublish func(releaseID string)
	// OnTransition is called after every workflow action this process
	// completes (saves included), whichever edge asked for it: the one
	// place side effects such as metrics hang off.
	OnTransition func(action, lang, to string)
	// Pause, when set, is called at each step of the write protocol
	// ("claimed save", "applied publish", "claimed update", …). Crash tests
	// use it to stop a process exactly there; production leaves it nil.
	Pause func(step string)
	// MaxHashes bounds how many password hashes (32 MiB each) run at once;
	// 1 when zero. HashWait is how long a hash waits for its turn before
	// the caller gets ETooMany; 3 s when zero.
	MaxHashes int
	HashWait  time.Duration
	// LogRetention is how long Sweep keeps change- and publish-log
	// entries; 7 days when zero.
	LogRetention time.Duration
	// MemoryThreshold is the lowest fuzzy match offered, in per cent (default 70).
	MemoryThreshold int
	// Webhooks tunes the webhook dispatcher (RunWebhooks).
	Webhooks WebhookOptions
}

// NewStore returns a Store over db.
func NewStore(db *DB, o Options) *Store {
	s := &Store{db: db, langs: o.Langs, now: o.Now, onPublish: o.OnPublish, onTransition: o.OnTransition, pause: o.Pause,
		rollForwardAfter: 3 * time.Second, hashes: newHashSlots(o.MaxHashes, o.HashWait),
		memory: tm.New(tm.Options{Threshold: o.MemoryThreshold}), hooks: newHooks(o.Webhooks)}
	if s.now == nil {
		s.now = time.Now
	}
	if s.logRetention = o.LogRetention; s.logRetention <= 0 {
		s.logRetention = 7 * 24 * time.Hour
	}
	s.publog = &seqLog{db: db, coll: colPublog, clock: s.clock}
	s.changes = &seqLog{db: db, coll: colChanges, clock: s.clock}
	return s
}

// SetOnPublish sets the publish hook (main wires the reader site after both exist).
func (s *Store) SetOnPublish(f func(releaseID string)) { s.onPublish = f }

// SetOnTransition sets the hook called after every completed workflow action.
func (s *Store) SetOnTransition(f func(action, lang, to string)) { s.onTransition = f }

// step marks a step of the write protocol for Options.Pause.
func (s *Store) step(name string) {
	if s.pause != nil {
		s.pause(name)
	}
}

// Langs returns the configured languages.
func (s *Store) Langs() newsroom.Languages { return s.langs }

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// newID returns a random identifier of 12 lower-case base32 characters.
func newID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
