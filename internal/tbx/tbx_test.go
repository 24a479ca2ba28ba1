package tbx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

// glossary is a Kyrgyz glossary with every field used.
var glossary = []Entry{
	{ID: "t-unhcr", Term: qa.Term{Source: "UNHCR", Translations: []string{"БУУнун Качкындар боюнча Жогорку комиссарынын башкармалыгы", "БУУ КЖКБ"},
		Forbidden: []string{"БУУнун Качкындар агенттиги"}, Note: "The agency's full name on first use;\nthe short form after.", CaseSensitive: true}},
	{ID: "t-refugee", Term: qa.Term{Source: "refugee", Translations: []string{"качкын"}, WordForms: true}},
	{Term: qa.Term{Source: "R&D <lab>", Translations: []string{"«Изилдөө» & иштеп чыгуу"}, Note: `"quoted" & <angled>`}},
}

func write(t *testing.T, src, tgt string, es []Entry) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, src, tgt, es); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func read(t *testing.T, doc, src, tgt string) *Result {
	t.Helper()
	res, err := Read(strings.NewReader(doc), src, tgt)
	if err != nil {
		t.Fatalf("read: %v\n%s", err, doc)
	}
	return res
}

func terms(es []Entry) []qa.Term {
	out := make([]qa.Term, len(es))
	for i, e := range es {
		out[i] = e.Term
	}
	return out
}

func TestAnExportImportsBackWithoutLoss(t *testing.T) {
	res := read(t, string(write(t, "en", "ky", glossary)), "en", "ky")
	if res.Count != 3 || res.RejectedCount != 0 {
		t.Fatalf("result %+v", res)
	}
	if got := terms(res.Entries); !reflect.DeepEqual(got, terms(glossary)) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, terms(glossary))
	}
	if res.Entries[0].ID != "t-unhcr" || res.Entries[2].ID != "" || res.Entries[2].Index != 3 {
		t.Errorf("IDs and positions: %+v", res.Entries)
	}
}

func TestTheExportIsTBXBasicDCA(t *testing.T) {
	doc := string(write(t, "en", "ky", glossary[:1]))
	if strings.Contains(doc, "wordForms") {
		t.Error("a flag that is not set is written")
	}
	for _, want := range []string{
		`<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed:3.0">`,
		`<conceptEntry id="t-unhcr">`,
		`<note>The agency&#39;s full name on first use;&#xA;the short form after.</note>`,
		`<note>kotormo:caseSensitive=true</note>`,
		`<langSec xml:lang="en">` + "\n" + `<termSec><term>UNHCR</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>`,
		`<termSec><term>БУУ КЖКБ</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>`,
		`<termSec><term>БУУнун Качкындар агенттиги</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the export lacks %s\n%s", want, doc)
		}
	}
}

// A TBX-Basic file as another tool writes it: pretty-printed, with data
// categories Kotormo has no field for, admitted and superseded terms, a
// regional language tag, and no Kotormo flags.
const foreign = `<?xml version="1.0" encoding="utf-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed:3.0">
  <tbxHeader><fileDesc><sourceDesc><p>Exported from a termbase</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="subjectField">Migration</descrip>
      <note>Use the full form in titles.</note>
      <langSec xml:lang="en-GB">
        <descripGrp><descrip type="definition">A person forced to flee.</descrip></descripGrp>
        <termSec><term>displaced person</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec>
          <term>refugee</term>
          <termNote type="partOfSpeech">noun</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
        </termSec>
      </langSec>
      <langSec xml:lang="ru-KG">
        <termSec><term>вынужденный переселенец</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>беженец</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>эмигрант</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
        <termSec><term>перемещённое лицо</term></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>`

func TestFlagNotesAreReadAndOtherNotesKept(t *testing.T) {
	doc := entry(`<conceptEntry><note>kotormo:wordForms=true</note><note>First.</note><note> kotormo:caseSensitive=false </note><note>Second.</note>` + enTerm + kyTerm + `</conceptEntry>`)
	res := read(t, doc, "en", "ky")
	if len(res.Entries) != 1 {
		t.Fatalf("result %+v", res)
	}
	if e := res.Entries[0]; !e.WordForms || e.CaseSensitive || e.Note != "First.\nSecond." {
		t.Errorf("entry %+v", e)
	}
}

func TestReadingMapsTBXBasicDataCategories(t *testing.T) {
	res := read(t, foreign, "en", "ru")
	want := qa.Term{Source: "refugee", Translations: []string{"беженец", "вынужденный переселенец", "перемещённое лицо"},
		Forbidden: []string{"эмигрант"}, Note: "Use the full form in titles."}
	if len(res.Entries) != 1 || !reflect.DeepEqual(res.Entries[0].Term, want) {
		t.Fatalf("entries %+v, want %+v", res.Entries, want)
	}
}

func TestReadingAcceptsTheTBXv2Structure(t *testing.T) {
	doc := `<?xml version="1.0"?><martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="e1"><note>n</note>
<langSet xml:lang="en"><tig><term>asylum</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
<langSet xml:lang="ky"><ntig><termGrp><term>башпаанек</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
<tig><term>баш калкалоо</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>`
	res := read(t, doc, "en", "ky")
	want := qa.Term{Source: "asylum", Translations: []string{"башпаанек"}, Forbidden: []string{"баш калкалоо"}, Note: "n"}
	if len(res.Entries) != 1 || !reflect.DeepEqual(res.Entries[0].Term, want) {
		t.Fatalf("entries %+v", res.Entries)
	}
}

func entry(body string) string {
	return `<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed:3.0"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>` +
		body + `</body></text></tbx>`
}

const (
	enTerm = `<langSec xml:lang="en"><termSec><term>UNHCR</term></termSec></langSec>`
	kyTerm = `<langSec xml:lang="ky"><termSec><term>БУУ КЖКБ</term></termSec></langSec>`
)

func messageID(err error) string {
	if e, ok := newsroom.AsError(err); ok {
		return e.ID
	}
	return fmt.Sprint(err)
}

func TestEntriesThatCannotBeImportedAreRejectedWithTheirReason(t *testing.T) {
	long := strings.Repeat("ж", MaxText)
	many := strings.Repeat(`<termSec><term>x</term></termSec>`, MaxTerms+1)
	tests := []struct {
		name, body, reason string
	}{
		{"an entry without a source term", `<conceptEntry id="a">` + kyTerm + `</conceptEntry>`, "ErrTBXNoSource"},
		{"an entry whose source term is only deprecated", `<conceptEntry><langSec xml:lang="en"><termSec><term>old</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>` + kyTerm + `</conceptEntry>`, "ErrTBXNoSource"},
		{"an entry without a target term", `<conceptEntry>` + enTerm + `</conceptEntry>`, "ErrTBXNoTranslation"},
		{"an entry with only forbidden target terms", `<conceptEntry>` + enTerm + `<langSec xml:lang="ky"><termSec><term>x</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec></conceptEntry>`, "ErrTBXNoTranslation"},
		{"an entry in other languages", `<conceptEntry><langSec xml:lang="fr"><termSec><term>x</term></termSec></langSec>` + kyTerm + `</conceptEntry>`, "ErrTBXNoSource"},
		{"a flag that is not a boolean", `<conceptEntry><note>kotormo:wordForms=sometimes</note>` + enTerm + kyTerm + `</conceptEntry>`, "ErrTBXFlag"},
		{"a term longer than the bound", `<conceptEntry><langSec xml:lang="en"><termSec><term>` + long + `</term></termSec></langSec>` + kyTerm + `</conceptEntry>`, "ErrTBXTextTooLong"},
		{"an entry with too many terms", `<conceptEntry>` + enTerm + `<langSec xml:lang="ky">` + many + `</langSec></conceptEntry>`, "ErrTBXTooManyTerms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := read(t, entry(`<conceptEntry id="ok">`+enTerm+kyTerm+`</conceptEntry>`+tt.body), "en", "ky")
			if res.Count != 2 || len(res.Entries) != 1 || res.RejectedCount != 1 || len(res.Rejected) != 1 {
				t.Fatalf("result %+v", res)
			}
			if r := res.Rejected[0]; r.Index != 2 || messageID(r.Err) != tt.reason || newsroom.ErrorCode(r.Err) != newsroom.EInvalid {
				t.Errorf("rejected %+v (%s), want entry 2 for %s", r, messageID(r.Err), tt.reason)
			}
		})
	}
}

func TestDocumentsThatAreNotTBXAreRefusedAsAWhole(t *testing.T) {
	ok := entry(`<conceptEntry>` + enTerm + kyTerm + `</conceptEntry>`)
	tests := []struct {
		name, doc, id, code string
	}{
		{"an empty input", "", "ErrTBXNotTBX", newsroom.EInvalid},
		{"another XML vocabulary", `<tmx version="1.4"><body/></tmx>`, "ErrTBXNotTBX", newsroom.EInvalid},
		{"a truncated document", ok[:len(ok)-20], "ErrTBXMalformed", newsroom.EInvalid},
		{"text that is not XML", "source,translations\nUNHCR,БУУ", "ErrTBXNotTBX", newsroom.EInvalid},
		{"an undeclared entity", entry(`<conceptEntry><note>&xxe;</note>` + enTerm + kyTerm + `</conceptEntry>`), "ErrTBXMalformed", newsroom.EInvalid},
		{"elements nested too deep", entry(strings.Repeat("<x>", MaxDepth) + strings.Repeat("</x>", MaxDepth)), "ErrTBXTooDeep", newsroom.EInvalid},
		{"too many entries", entry(strings.Repeat(`<conceptEntry/>`, MaxEntries+1)), "ErrTBXTooManyEntries", newsroom.EInvalid},
		{"a document longer than the bound", entry(`<conceptEntry><note>` + strings.Repeat("a", MaxInput) + `</note></conceptEntry>`), "ErrTBXTooLarge", newsroom.ETooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Read(strings.NewReader(tt.doc), "en", "ky")
			if err == nil || messageID(err) != tt.id || newsroom.ErrorCode(err) != tt.code {
				t.Fatalf("err %v (%s, %s), result %+v; want %s %s", err, messageID(err), newsroom.ErrorCode(err), res, tt.id, tt.code)
			}
		})
	}
}

func TestReadingStopsAtTheInputBound(t *testing.T) {
	// An endless input is read only up to MaxInput (and one byte more).
	r := &counting{r: io.MultiReader(strings.NewReader(strings.SplitAfter(entry(""), "<body>")[0]+"<conceptEntry><note>"), endless{})}
	if _, err := Read(r, "en", "ky"); messageID(err) != "ErrTBXTooLarge" {
		t.Fatalf("err %v", err)
	}
	if r.n > MaxInput+1 {
		t.Errorf("read %d bytes, bound %d", r.n, MaxInput)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

type counting struct {
	r io.Reader
	n int
}

func (c *counting) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += k
	return k, err
}

// xmllint returns the path of xmllint (Debian's libxml2-utils). Without it
// the schema tests skip, unless KOTORMO_REQUIRE_XMLLINT=1 (CI) makes them fail.
func xmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("KOTORMO_REQUIRE_XMLLINT") == "1" {
			t.Fatal("xmllint is required (KOTORMO_REQUIRE_XMLLINT=1): apt-get install libxml2-utils")
		}
		t.Skip("xmllint not installed (apt-get install libxml2-utils); skipping schema validation")
	}
	return path
}

func validate(t *testing.T, doc []byte) error {
	t.Helper()
	lint := xmllint(t)
	schema, err := filepath.Abs("testdata/tbx-basic-dca-subset.rng")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "glossary.tbx")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(lint, "--noout", "--nonet", "--relaxng", schema, path).CombinedOutput()
	if err != nil {
		return errors.New(string(out))
	}
	return nil
}

func TestTheExportIsValidAgainstTheTBXBasicGrammar(t *testing.T) {
	for n := 1; n <= len(glossary); n++ {
		if err := validate(t, write(t, "en", "ky", glossary[:n])); err != nil {
			t.Errorf("%d entries: %v", n, err)
		}
	}
}

func TestTheSchemaCheckRejectsAnInvalidFile(t *testing.T) {
	// Guards the check itself: neither a custom termNote type nor an
	// element of another namespace is TBX-Basic (DCA).
	doc := string(write(t, "en", "ky", glossary[:1]))
	for name, bad := range map[string]string{
		"a custom termNote type": strings.Replace(doc, `type="administrativeStatus"`, `type="caseSensitive"`, 1),
		"a foreign element":      strings.Replace(doc, `<note>kotormo:caseSensitive=true</note>`, `<k:caseSensitive xmlns:k="urn:kotormo:tbx:1">true</k:caseSensitive>`, 1),
	} {
		if bad == doc {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		if validate(t, []byte(bad)) == nil {
			t.Errorf("xmllint accepted %s", name)
		}
	}
}
