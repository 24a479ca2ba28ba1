package tmx

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const sample = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
<header creationtool="memoQ" creationtoolversion="9" segtype="sentence" o-tmf="memoQTM" adminlang="en-us" srclang="en-us" datatype="plaintext"/>
<body>
<tu tuid="1" creationdate="20160101T120000Z" creationid="aigul" changedate="20160102T120000Z" changeid="bakyt">
<prop type="x-client">UNHCR</prop><note>Closing paragraph</note>
<tuv xml:lang="en-US"><seg>UNHCR has worked in Kyrgyzstan since 1995.</seg></tuv>
<tuv xml:lang="ky-KG"><seg>БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы Кыргызстанда 1995-жылдан бери иштейт.</seg></tuv>
</tu>
<tu tuid="2"><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept> &amp; there.</seg></tuv><tuv xml:lang="ky"><seg><bpt i="1">&lt;b&gt;</bpt>Бул жерди<ept i="1">&lt;/b&gt;</ept> басыңыз.</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="en"><seg>Only English.</seg></tuv></tu>
<tu tuid="4"><tuv xml:lang="en"><seg>Empty target.</seg></tuv><tuv xml:lang="ky"><seg>  </seg></tuv></tu>
<tu tuid="5"><tuv><seg>No language.</seg></tuv></tu>
<tu tuid="6"><tuv xml:lang="en"><seg>Russian only.</seg></tuv><tuv xml:lang="ru"><seg>Только по-русски.</seg></tuv></tu>
</body>
</tmx>`

func readAll(t *testing.T, doc string) ([]Unit, Report) {
	t.Helper()
	var us []Unit
	rep, err := Read(strings.NewReader(doc), "en", "ky", func(u Unit) error { us = append(us, u); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return us, rep
}

func TestReadValidatesAndReportsRejectedUnits(t *testing.T) {
	us, rep := readAll(t, sample)
	if rep.Units != 6 || rep.Imported != 2 || rep.RejectedCount != 4 {
		t.Fatalf("report %+v", rep)
	}
	wantReasons := map[string]string{
		"3": "no segment in the target language ky",
		"4": "an empty segment",
		"5": "a <tuv> has no xml:lang",
		"6": "no segment in the target language ky",
	}
	for _, r := range rep.Rejected {
		if wantReasons[r.TUID] != r.Reason {
			t.Errorf("unit %s: reason %q, want %q", r.TUID, r.Reason, wantReasons[r.TUID])
		}
	}
	if us[0].Source != "UNHCR has worked in Kyrgyzstan since 1995." || us[0].CreationID != "aigul" || us[0].Props[0].Value != "UNHCR" || us[0].Notes[0] != "Closing paragraph" {
		t.Errorf("unit 1: %+v", us[0])
	}
	if us[1].Source != "Press here & there." || us[1].Target != "Бул жерди басыңыз." {
		t.Errorf("inline codes: %q / %q", us[1].Source, us[1].Target)
	}
}

func TestExportOfWhatWasImportedRoundTrips(t *testing.T) {
	us, _ := readAll(t, sample)
	var buf bytes.Buffer
	w := NewWriter(&buf, "en", "ky")
	for _, u := range us {
		if err := w.Write(u); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	again, rep := readAll(t, buf.String())
	if rep.RejectedCount != 0 || !reflect.DeepEqual(again, us) {
		t.Fatalf("round trip:\n%+v\n%+v", us, again)
	}
	t.Run("plain text is escaped", func(t *testing.T) {
		var buf bytes.Buffer
		w := NewWriter(&buf, "en", "ky")
		_ = w.Write(Unit{Source: "a < b & c", Target: "а < б"})
		_ = w.Close()
		got, _ := readAll(t, buf.String())
		if len(got) != 1 || got[0].Source != "a < b & c" {
			t.Fatalf("%+v", got)
		}
	})
}

func TestNotTMXIsRefused(t *testing.T) {
	for _, doc := range []string{"", "<html></html>", `<tmx version="2.0"><header/></tmx>`, "<tmx><header/><body><tu>"} {
		if _, err := Read(strings.NewReader(doc), "en", "ky", func(Unit) error { return nil }); err == nil {
			t.Errorf("%q: no error", doc)
		}
	}
}

func TestAnErrorFromTheCallbackStopsTheRead(t *testing.T) {
	stop := errors.New("stop")
	_, err := Read(strings.NewReader(sample), "en", "ky", func(Unit) error { return stop })
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(sample)
	f.Fuzz(func(t *testing.T, doc string) {
		n := 0
		rep, _ := Read(strings.NewReader(doc), "en", "ky", func(u Unit) error {
			n++
			if u.Source == "" || u.Target == "" {
				return fmt.Errorf("empty unit passed on")
			}
			return nil
		})
		if rep.Imported != n || len(rep.Rejected) > MaxRejected {
			t.Fatalf("report %+v, %d units", rep, n)
		}
	})
}
