package qa

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/locales"
)

// TestEveryMessageIDHasAnEnglishText checks that each message ID the checks
// use is in the English catalogue (the i18n catalogue test then requires it
// in every interface language).
func TestEveryMessageIDHasAnEnglishText(t *testing.T) {
	en, err := locales.FS.ReadFile("active.en.toml")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	id := regexp.MustCompile(`"(QA[A-Z][A-Za-z]+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range id.FindAllStringSubmatch(string(src), -1) {
			seen++
			if !strings.Contains(string(en), "["+m[1]+"]") {
				t.Errorf("%s uses %s, which active.en.toml lacks", f, m[1])
			}
		}
	}
	if seen < 20 {
		t.Errorf("found only %d message IDs", seen)
	}
}
