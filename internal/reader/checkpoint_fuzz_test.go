package reader

import (
	"hash/fnv"
	"reflect"
	"testing"
	"time"

	"github.com/kotormo/kotormo/internal/newsroom"
)

func checkpointSample() map[string]map[string]*version {
	at := time.Date(2026, 11, 30, 4, 5, 6, 7, time.UTC)
	v := func(id, lang string, old []string, embargo time.Time) *version {
		return &version{Published: &newsroom.Published{
			ReleaseID: id, Slug: id + "-slug", OldSlugs: old, Lang: lang, SourceLang: "en",
			Content: newsroom.Content{Title: "Таза суу " + lang, Lead: "Кириш «сөз».", Place: "Ош"},
			Place:   "Бишкек", Date: at.Truncate(24 * time.Hour), EmbargoUntil: embargo, Rev: 7,
			PublishedAt: at, FirstPublishedAt: at.Add(-time.Hour),
		}, sum: 0xdeadbeefcafef00d}
	}
	return map[string]map[string]*version{
		"r1": {"en": v("r1", "en", nil, time.Time{}), "ky": v("r1", "ky", []string{"old-1", "old-2"}, at.Add(time.Hour))},
		"r2": {"ru": v("r2", "ru", nil, time.Time{})},
	}
}

func TestACheckpointDecodesToWhatWasEncoded(t *testing.T) {
	want := checkpointSample()
	data, err := encodeCheckpoint(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeCheckpoint(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %+v, want %+v", got, want)
	}
	if _, err := decodeCheckpoint(data[:len(data)-1]); err == nil {
		t.Error("a cut checkpoint decoded")
	}
}

func TestTheBodyDigestIsFNV1a(t *testing.T) {
	for _, body := range []string{"", "Суу — **өмүр**.", "water"} {
		h := fnv.New64a()
		_, _ = h.Write([]byte(body))
		if got := bodySum(body); got != h.Sum64() {
			t.Errorf("bodySum(%q) = %x, FNV-1a %x", body, got, h.Sum64())
		}
	}
}

// FuzzDecodeCheckpoint: any bytes either decode into versions that encode
// and decode to the same, or are refused; nothing panics or allocates past
// what the bytes describe (decodeCheckpoint checks lengths against what is left).
func FuzzDecodeCheckpoint(f *testing.F) {
	data, err := encodeCheckpoint(checkpointSample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("KRC1"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		// The inner format: compression is the zstd package's business.
		raw, err := decodeVersions(b)
		if err != nil {
			return
		}
		again, err := encodeCheckpoint(raw)
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeCheckpoint(again)
		if err != nil || !reflect.DeepEqual(back, raw) {
			t.Fatalf("a decoded checkpoint does not survive encoding again: %v", err)
		}
	})
}
