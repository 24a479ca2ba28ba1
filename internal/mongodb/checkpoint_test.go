package mongodb_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"math/rand/v2"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kotormo/kotormo/internal/mongodb"
	"github.com/kotormo/kotormo/internal/mongodb/mongotest"
)

func TestCheckpointsAreWholeAndTheLatestWins(t *testing.T) {
	store := mongotest.Store(t, "")
	ctx := context.Background()
	blob := func(n int, seed uint64) []byte {
		r := rand.New(rand.NewPCG(seed, 1))
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return b
	}
	if _, _, found, err := store.LoadCheckpoint(ctx, "reader"); err != nil || found {
		t.Fatalf("an empty database has a checkpoint (found %v, err %v)", found, err)
	}
	big := blob(2<<20+123, 1) // three chunks
	if err := store.SaveCheckpoint(ctx, "reader", big, 10); err != nil {
		t.Fatal(err)
	}
	got, seq, found, err := store.LoadCheckpoint(ctx, "reader")
	if err != nil || !found || seq != 10 || !bytes.Equal(got, big) {
		t.Fatalf("loaded %d bytes, seq %d, found %v, err %v; want the %d bytes saved at 10", len(got), seq, found, err, len(big))
	}
	// An older state does not replace a newer one; a newer one does, and
	// the replaced chunks are gone.
	if err := store.SaveCheckpoint(ctx, "reader", blob(10, 2), 9); err != nil {
		t.Fatal(err)
	}
	if _, seq, _, _ := store.LoadCheckpoint(ctx, "reader"); seq != 10 {
		t.Errorf("an older checkpoint replaced a newer one: seq %d", seq)
	}
	small := blob(100, 3)
	if err := store.SaveCheckpoint(ctx, "reader", small, 11); err != nil {
		t.Fatal(err)
	}
	if got, seq, _, _ := store.LoadCheckpoint(ctx, "reader"); seq != 11 || !bytes.Equal(got, small) {
		t.Errorf("after a newer save: seq %d, %d bytes", seq, len(got))
	}
	if n, err := store.DB().CountRaw(ctx, "checkpoints"); err != nil || n != 1 {
		t.Errorf("%d chunk documents after replacing a checkpoint (err %v); want the new one's 1", n, err)
	}
	if !mongodb.IsDerived("checkpoints") || !mongodb.IsDerived("checkpoint_heads") || mongodb.IsDerived("published") {
		t.Error("IsDerived does not name the checkpoint collections alone")
	}

	// Writers racing each other leave one whole checkpoint and no stray chunks.
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			if err := store.SaveCheckpoint(ctx, "reader", blob(1<<20+i, uint64(10+i)), int64(20+i%2)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, seq, found, err = store.LoadCheckpoint(ctx, "reader")
	if err != nil || !found || (seq != 20 && seq != 21) {
		t.Fatalf("after racing saves: seq %d, found %v, err %v", seq, found, err)
	}
	i := len(got) - 1<<20
	if i < 0 || i > 3 || !bytes.Equal(got, blob(1<<20+i, uint64(10+i))) {
		t.Errorf("after racing saves the checkpoint is not one writer's whole blob (%d bytes)", len(got))
	}
	if n, _ := store.DB().CountRaw(ctx, "checkpoints"); n != 2 {
		t.Errorf("%d chunk documents after racing saves; want the winner's 2", n)
	}

	// Chunks no head points to (a save that stopped half-way, or that lost
	// a race with another process) go with the next save once they are old;
	// recent ones may be a save under way elsewhere and stay.
	stray := func(gen string) bson.Raw {
		b, _ := bson.Marshal(bson.D{{Key: "_id", Value: gen + "/0"}, {Key: "data", Value: []byte("x")}})
		return b
	}
	recent := fmt.Sprintf("reader-%016x-abcd", time.Now().UnixNano())
	if err := store.DB().InsertRaw(ctx, "checkpoints", []bson.Raw{stray("reader-0000000000000001-abcd"), stray(recent)}); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveCheckpoint(ctx, "reader", small, 30); err != nil {
		t.Fatal(err)
	}
	if n, _ := store.DB().CountRaw(ctx, "checkpoints"); n != 2 {
		t.Errorf("%d chunk documents after a save with two stray ones; want its own and the recent stray one", n)
	}
}
