package xliff

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

func sampleInput(f Format) Input {
	return Input{
		Format: f, ReleaseID: "r1", SourceLang: "en", TargetLang: "ky",
		Source: sampleSource, SourceRev: 3, Target: sampleKy, TargetRev: 5,
		TargetState: newsroom.StateInReview, Note: "Check «the figures» & names",
	}
}

func export(t *testing.T, in Input) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, Build(in)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func read(t *testing.T, file []byte) *Document {
	t.Helper()
	d, err := Read(bytes.NewReader(file))
	if err != nil {
		t.Fatalf("Read: %v\n%s", err, file)
	}
	return d
}

var formats = []Format{V21, V12}

func TestAnUnchangedFileChangesNothing(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			d := read(t, export(t, sampleInput(f)))
			if d.Format != f || d.ReleaseID != "r1" || d.SourceLang != "en" || d.TargetLang != "ky" || d.BaseRev != 5 || d.SourceRev != 3 {
				t.Fatalf("header = %+v", d)
			}
			if err := d.Check("r1", "en", "ky"); err != nil {
				t.Fatal(err)
			}
			res := Apply(d, sampleKy, len(textdiff.Paragraphs(sampleSource.Body)))
			if res.Content != sampleKy || len(res.Changed) != 0 || len(res.Unknown) != 0 {
				t.Fatalf("changed %v, unknown %v, content equal %v", res.Changed, res.Unknown, res.Content == sampleKy)
			}
		})
	}
}

func TestUnitsCarrySourceAndTargetMarkdownByteForByte(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			d := read(t, export(t, sampleInput(f)))
			src, tgt := textdiff.Paragraphs(sampleSource.Body), textdiff.Paragraphs(sampleKy.Body)
			if len(d.Units) != 2+len(src) {
				t.Fatalf("%d units, want %d", len(d.Units), 2+len(src))
			}
			for i, u := range d.Units[2:] {
				if u.ID != ParagraphID(i) || u.Source != src[i] || !u.HasTarget || u.Target != tgt[i] {
					t.Errorf("unit %d = %q %q→%q", i, u.ID, u.Source, u.Target)
				}
			}
			if d.Units[0].Target != sampleKy.Title || d.Units[1].Target != sampleKy.Lead {
				t.Errorf("title/lead = %q / %q", d.Units[0].Target, d.Units[1].Target)
			}
		})
	}
}

func TestChangingTwoTargetsChangesExactlyThoseParagraphs(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			file := string(export(t, sampleInput(f)))
			file = strings.Replace(file, "Системалар дизелдик", "Жаңы системалар дизелдик", 1)
			file = strings.Replace(file, "БУУнун Бишкектеги", "БУУнун Бишкек шаарындагы", 1)
			res := Apply(read(t, []byte(file)), sampleKy, len(textdiff.Paragraphs(sampleSource.Body)))
			if !slices.Equal(res.Changed, []string{"p1", "p7"}) {
				t.Fatalf("changed %v, want [p1 p7]", res.Changed)
			}
			changed := textdiff.ChangedIndexes(textdiff.Paragraphs(sampleKy.Body), textdiff.Paragraphs(res.Content.Body))
			if !slices.Equal(changed, []int{0, 6}) || res.Content.Title != sampleKy.Title || res.Content.Lead != sampleKy.Lead {
				t.Fatalf("paragraphs changed %v", changed)
			}
			want := strings.Replace(strings.Replace(sampleKy.Body, "Системалар дизелдик", "Жаңы системалар дизелдик", 1), "БУУнун Бишкектеги", "БУУнун Бишкек шаарындагы", 1)
			if res.Content.Body != want {
				t.Fatalf("body =\n%s", res.Content.Body)
			}
		})
	}
}

func TestAPartialFileFillsOnlyWhatItCarries(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			in := sampleInput(f)
			in.Target = newsroom.Content{Title: sampleKy.Title}
			d := read(t, export(t, in))
			// The translator translates the lead and the second paragraph only.
			for i := range d.Units {
				switch d.Units[i].ID {
				case "lead":
					d.Units[i].Target, d.Units[i].HasTarget = "Жаңы лид.", true
				case "p2":
					d.Units[i].Target, d.Units[i].HasTarget = "Экинчи **абзац**.", true
				}
			}
			res := Apply(d, in.Target, 7)
			if !slices.Equal(res.Changed, []string{"lead", "p2"}) {
				t.Fatalf("changed %v", res.Changed)
			}
			if res.Content.Title != sampleKy.Title || res.Content.Lead != "Жаңы лид." || res.Content.Body != "Экинчи **абзац**." {
				t.Fatalf("content %+v", res.Content)
			}
		})
	}
}

func TestUnitsTheReleaseDoesNotHaveAreReported(t *testing.T) {
	d := &Document{Units: []Unit{{ID: "p1", Target: "a", HasTarget: true}, {ID: "p9", Target: "b", HasTarget: true}}}
	res := Apply(d, newsroom.Content{Title: "T", Body: "x"}, 2)
	if !slices.Equal(res.Unknown, []string{"p9"}) || !slices.Equal(res.Changed, []string{"p1"}) || res.Content.Body != "a" {
		t.Fatalf("%+v", res)
	}
}

func TestStatesAreMappedForEachVersion(t *testing.T) {
	cases := []struct {
		state    newsroom.State
		outdated bool
		v2, v12  string
	}{
		{newsroom.StateDraft, false, `state="translated"`, `state="translated"`},
		{newsroom.StateInReview, false, `state="translated"`, `state="translated"`},
		{newsroom.StateApproved, false, `state="reviewed"`, `state="signed-off"`},
		{newsroom.StatePublished, false, `state="final"`, `state="final"`},
		{newsroom.StatePublished, true, `state="initial" subState="kotormo:outdated"`, `state="needs-translation"`},
	}
	for _, tc := range cases {
		t.Run(string(tc.state), func(t *testing.T) {
			for _, f := range formats {
				in := sampleInput(f)
				in.TargetState, in.OutdatedTitle = tc.state, tc.outdated
				file := string(export(t, in))
				title := file[strings.Index(file, `"title"`):strings.Index(file, `"lead"`)]
				want := map[Format]string{V21: tc.v2, V12: tc.v12}[f]
				if !strings.Contains(title, want) {
					t.Errorf("%s: title unit lacks %s:\n%s", f, want, title)
				}
				if tc.outdated && !strings.Contains(title, "<note") {
					t.Errorf("%s: an outdated unit carries no note", f)
				}
			}
		})
	}
}

func TestTheReviewersCommentIsANote(t *testing.T) {
	for _, f := range formats {
		file := string(export(t, sampleInput(f)))
		if !strings.Contains(file, ">Check «the figures» &amp; names</note>") {
			t.Errorf("%s: no note in\n%s", f, file[:400])
		}
	}
}

func TestLinkTargetsAreNotTranslatableText(t *testing.T) {
	for _, f := range formats {
		file := string(export(t, sampleInput(f)))
		for _, tag := range []string{"<source>", "<target>"} {
			for _, part := range strings.Split(file, tag)[1:] {
				text := stripTags(part[:strings.Index(part, "</"+tag[1:])])
				if strings.Contains(text, "naryn.example.org") {
					t.Errorf("%s: the link target is text in %s", f, tag)
				}
			}
		}
	}
}

// stripTags keeps the text outside elements, dropping native code of
// bpt/ept/ph (which XLIFF 1.2 keeps inside those elements).
func stripTags(s string) string {
	var b strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "<bpt") || strings.HasPrefix(s[i:], "<ept") || strings.HasPrefix(s[i:], "<ph"):
			depth++
		case strings.HasPrefix(s[i:], "</bpt>") || strings.HasPrefix(s[i:], "</ept>") || strings.HasPrefix(s[i:], "</ph>"):
			depth--
		}
		if s[i] == '<' {
			i += strings.IndexByte(s[i:], '>')
			continue
		}
		if depth == 0 {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func TestControlCharactersTravelAsCodePointsIn21AndAreRefusedIn12(t *testing.T) {
	in := sampleInput(V21)
	in.Target.Body = "a\x01b\x0cc"
	in.Source.Body = "x\x7fy"
	d := read(t, export(t, in))
	if d.Units[2].Target != "a\x01b\x0cc" || d.Units[2].Source != "x\x7fy" {
		t.Fatalf("unit = %+v", d.Units[2])
	}
	in.Format = V12
	in.Note = "a note with a bell \a is still written"
	if err := Write(&bytes.Buffer{}, Build(in)); newsroom.ErrorCode(err) != newsroom.EInvalid || !strings.Contains(err.Error(), "U+0001") {
		t.Fatalf("1.2 export of a control character: %v", err)
	}
}

func TestAFileForAnotherReleaseOrLanguageIsRefused(t *testing.T) {
	d := read(t, export(t, sampleInput(V21)))
	for _, tc := range []struct{ id, src, tgt string }{{"r2", "en", "ky"}, {"r1", "en", "ru"}, {"r1", "ru", "ky"}} {
		if err := d.Check(tc.id, tc.src, tc.tgt); newsroom.ErrorCode(err) != newsroom.EInvalid {
			t.Errorf("Check(%v) = %v", tc, err)
		}
	}
}

func TestSentenceSegmentsOfAnUntranslatedUnitJoinBackIntoOneParagraph(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			in := sampleInput(f)
			in.Target = newsroom.Content{}
			file := string(export(t, in))
			// The lead has two sentences; a CAT tool fills both segments.
			switch f {
			case V21:
				file = strings.Replace(file, "<source>More than 12,000 people in 40 mountain villages now have safe drinking water.</source>",
					"<source>More than 12,000 people in 40 mountain villages now have safe drinking water.</source><target>Бир.</target>", 1)
				file = strings.Replace(file, "<source>The systems were completed this autumn.</source>", "<source>The systems were completed this autumn.</source><target>Эки.</target>", 1)
			case V12:
				file = strings.Replace(file, "</seg-source>", `</seg-source><target><mrk mtype="seg" mid="1">Бир.</mrk> <mrk mtype="seg" mid="2">Эки.</mrk> </target>`, 1)
			}
			d := read(t, []byte(file))
			res := Apply(d, newsroom.Content{}, 7)
			if res.Content.Lead != "Бир. Эки." || !slices.Equal(res.Changed, []string{"lead"}) {
				t.Fatalf("lead %q, changed %v\n%s", res.Content.Lead, res.Changed, file[:1200])
			}
		})
	}
}

func TestWhiteSpaceACATToolAddsAroundATargetChangesNothing(t *testing.T) {
	file := strings.Replace(string(export(t, sampleInput(V21))), ">БУУнун Бишкектеги", ">  БУУнун Бишкектеги", 1)
	if res := Apply(read(t, []byte(file)), sampleKy, 7); len(res.Changed) != 0 || res.Content != sampleKy {
		t.Fatalf("changed %v", res.Changed)
	}
}
