package xliff

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

const head2 = `<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ky">
<file id="f1" original="kotormo:releases/r1/versions/ky?rev=1&amp;source_rev=1">
`

func unit2(id, src, tgt string) string {
	return `<unit id="` + id + `"><segment><source>` + src + `</source><target>` + tgt + `</target></segment></unit>` + "\n"
}

func file2(units string) string { return head2 + units + "</file></xliff>\n" }

// HostileFiles are files an import must refuse, with a word of the reason each gives.
func hostileFiles() []struct{ name, file, reason string } {
	laughs := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ky"><file id="f"><unit id="p1"><segment><source>&lol9;</source></segment></unit></file></xliff>`
	external := `<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
` + strings.TrimPrefix(file2(unit2("p1", "a", "&xxe;")), `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	var many strings.Builder
	for i := range 100_000 {
		many.WriteString(`<unit id="p` + fmt.Sprint(i+1) + `"><segment><source>a</source></segment></unit>`)
	}
	deep := strings.Repeat("<mrk id=\"m\">", 100) + "x" + strings.Repeat("</mrk>", 100)
	return []struct{ name, file, reason string }{
		{"billion laughs", laughs, "DTD"},
		{"external entity", external, "DTD"},
		{"undeclared entity", file2(unit2("p1", "a", "&xxe;")), "malformed"},
		{"100,000 units", file2(many.String()), "units"},
		{"10 MB of text", file2(unit2("p1", "a", strings.Repeat("ж", 5<<20))), "larger"},
		{"invalid UTF-8", file2(unit2("p1", "a", "b\xff\xfec")), "UTF-8"},
		{"ISO-8859-1", strings.Replace(file2(unit2("p1", "a", "b")), "UTF-8", "ISO-8859-1", 1), "UTF-8"},
		{"wrong namespace", strings.Replace(file2(unit2("p1", "a", "b")), "document:2.0", "document:2.5", 1), "namespace"},
		{"wrong version", strings.Replace(file2(unit2("p1", "a", "b")), `version="2.1"`, `version="3.0"`, 1), "version"},
		{"XLIFF 1.2 namespace with version 2.1", strings.Replace(file2(unit2("p1", "a", "b")), NS2, NS12, 1), "version"},
		{"no original", strings.Replace(file2(unit2("p1", "a", "b")), "original=", "x=", 1), "original"},
		{"target language differs from original", strings.Replace(file2(unit2("p1", "a", "b")), `trgLang="ky"`, `trgLang="ru"`, 1), "language"},
		{"nesting too deep", file2(unit2("p1", "a", deep)), "nested"},
		{"bad unit id", file2(unit2("x1", "a", "b")), "unit ID"},
		{"unit id p0", file2(unit2("p0", "a", "b")), "unit ID"},
		{"duplicate unit", file2(unit2("p1", "a", "b") + unit2("p1", "a", "c")), "twice"},
		{"two files", strings.Replace(file2(unit2("p1", "a", "b")), "</file>", `</file><file id="f2"><unit id="p2"><segment><source>a</source></segment></unit></file>`, 1), "more than one"},
		{"unknown data reference", file2(unit2("p1", "a", `<ph id="1" dataRef="d9"/>`)), "original data"},
		{"unknown inline element", file2(unit2("p1", "a", `<b>x</b>`)), "unexpected"},
		{"truncated", file2(unit2("p1", "a", "b"))[:200], "ends"},
		{"not XML", "hello", "root"},
		{"empty", "", "ends"},
		{"another root", `<?xml version="1.0"?><html/>`, "root"},
		{"text after root", file2(unit2("p1", "a", "b")) + "junk", "after"},
		{"bad code point", file2(unit2("p1", "a", `<cp hex="D800"/>`)), "code point"},
	}
}

func TestHostileFilesAreRefusedWithLineAndReason(t *testing.T) {
	for _, tc := range hostileFiles() {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read(strings.NewReader(tc.file))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Read = %v, %v; want a *ParseError", d, err)
			}
			if !strings.Contains(pe.Reason, tc.reason) {
				t.Errorf("reason %q does not mention %q", pe.Reason, tc.reason)
			}
			if pe.Line < 1 && tc.file != "" {
				t.Errorf("no line number in %v", pe)
			}
		})
	}
}

func TestA12FileResolvesGAndXThroughTheSourceCodes(t *testing.T) {
	file := `<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
 <file original="kotormo:releases/r1/versions/ky?rev=1&amp;source_rev=2" source-language="en" target-language="ky" datatype="plaintext">
  <body>
   <trans-unit id="p1">
    <source>A <bpt id="1" ctype="bold">**</bpt>bold<ept id="1">**</ept> and <ph id="2">` + "`code`" + `</ph> and a <bpt id="3">[</bpt>link<ept id="3">](u)</ept>.</source>
    <target><mrk mtype="seg" mid="1"><x id="2"/> жана <g id="1">калың</g> жана <bx id="3"/>шилтеме<ex id="3"/>.</mrk></target>
   </trans-unit>
  </body>
 </file>
</xliff>`
	d, err := Read(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if u := d.Units[0]; u.Source != "A **bold** and `code` and a [link](u)." || u.Target != "`code` жана **калың** жана [шилтеме](u)." {
		t.Fatalf("unit = %q → %q", u.Source, u.Target)
	}
}

func TestAPartlyTranslatedUnitIsIncompleteAndLeftAlone(t *testing.T) {
	file := file2(`<unit id="p1"><segment><source>One.</source><target>Бир.</target></segment><ignorable><source> </source></ignorable><segment><source>Two.</source></segment></unit>`)
	d, err := Read(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	res := Apply(d, sampleKy, 7)
	if len(res.Changed) != 0 || len(res.Incomplete) != 1 || res.Content != sampleKy {
		t.Fatalf("%+v", res)
	}
}

func FuzzParse(f *testing.F) {
	for _, in := range []Input{sampleInput(V21), sampleInput(V12)} {
		var b bytes.Buffer
		_ = Write(&b, Build(in))
		f.Add(b.Bytes())
	}
	for _, tc := range hostileFiles() {
		if len(tc.file) < 4096 {
			f.Add([]byte(tc.file))
		}
	}
	f.Fuzz(func(t *testing.T, file []byte) {
		d, err := Read(bytes.NewReader(file))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		if len(d.Units) > MaxUnits {
			t.Fatalf("%d units", len(d.Units))
		}
		// Whatever was read can be applied without panicking.
		Apply(d, sampleKy, 7)
	})
}

func TestA21FileWithStartAndEndCodesInsteadOfPairsIsRead(t *testing.T) {
	// Some CAT tools turn <pc> into <sc/>…<ec/> and wrap text in <mrk>.
	file := file2(`<unit id="p1"><originalData><data id="d1">**</data><data id="d2">[</data><data id="d3">](u)</data></originalData>` +
		`<segment><source><pc id="1" dataRefStart="d1" dataRefEnd="d1">a</pc> <pc id="2" dataRefStart="d2" dataRefEnd="d3">b</pc></source>` +
		`<target><sc id="1" dataRef="d1"/>а<ec startRef="1" dataRef="d1"/> <mrk id="m1" type="term"><sc id="2" dataRef="d2"/>б<ec startRef="2" dataRef="d3"/></mrk><sm id="x"/><em startRef="x"/></target></segment></unit>`)
	d, err := Read(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if u := d.Units[0]; u.Source != "**a** [b](u)" || u.Target != "**а** [б](u)" {
		t.Fatalf("unit %q → %q", u.Source, u.Target)
	}
}

func TestGroupsNestedTooDeepAreRefused(t *testing.T) {
	file := file2(strings.Repeat(`<group id="g">`, MaxDepth) + unit2("p1", "a", "b") + strings.Repeat(`</group>`, MaxDepth))
	_, err := Read(strings.NewReader(file))
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.Reason, "nested") {
		t.Fatalf("Read = %v", err)
	}
}
