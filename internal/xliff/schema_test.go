package xliff

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

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

// ValidateAgainstSchema checks file with xmllint against the OASIS schema of
// its version, offline: the schemas and xml.xsd are local (see testdata/README.md).
func validateAgainstSchema(t *testing.T, f Format, file []byte) {
	t.Helper()
	lint := xmllint(t)
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	schema := map[Format]string{V21: "xliff_core_2.0.xsd", V12: "xliff-core-1.2-strict.xsd"}[f]
	path := filepath.Join(t.TempDir(), "export.xlf")
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lint, "--noout", "--nonet", "--schema", filepath.Join(dir, schema), path)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "catalog.xml"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s export is not valid against %s: %v\n%s\n%s", f, schema, err, out, file)
	}
}

func TestExportsAreValidAgainstTheOASISSchemas(t *testing.T) {
	variants := map[string]func(*Input){
		"translated":   func(*Input) {},
		"untranslated": func(in *Input) { in.Target, in.TargetState = newsroom.Content{}, newsroom.StateUntranslated },
		"outdated and approved": func(in *Input) {
			in.TargetState, in.OutdatedParagraphs, in.OutdatedLead = newsroom.StateApproved, []int{1, 2}, true
		},
		"no note, published": func(in *Input) { in.Note, in.TargetState = "", newsroom.StatePublished },
	}
	for name, change := range variants {
		for _, f := range formats {
			t.Run(name+"/"+string(f), func(t *testing.T) {
				in := sampleInput(f)
				change(&in)
				validateAgainstSchema(t, f, export(t, in))
			})
		}
	}
}

func TestTheSchemaCheckRejectsAnInvalidFile(t *testing.T) {
	// Guards the check itself: a file that breaks the schema must fail it.
	xmllint(t)
	bad := []byte(`<?xml version="1.0"?><xliff xmlns="` + NS2 + `" version="2.1" srcLang="en"><file id="f"><unit id="u"><segment state="nonsense"><source>a</source></segment></unit></file></xliff>`)
	dir, _ := filepath.Abs("testdata")
	path := filepath.Join(t.TempDir(), "bad.xlf")
	_ = os.WriteFile(path, bad, 0o600)
	cmd := exec.Command("xmllint", "--noout", "--nonet", "--schema", filepath.Join(dir, "xliff_core_2.0.xsd"), path)
	if err := cmd.Run(); err == nil {
		t.Fatal("xmllint accepted a segment state the schema does not allow")
	}
}

func TestANoteWithControlCharactersStaysValid(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			in := sampleInput(f)
			in.Note = "Fix \a the \x1b figures"
			file := export(t, in)
			validateAgainstSchema(t, f, file)
			if d := read(t, file); d.Units[0].Target != sampleKy.Title {
				t.Fatalf("read back: %+v", d.Units[0])
			}
		})
	}
}
