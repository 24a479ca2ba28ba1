package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/locales"
)

// usedErrorIDs finds every message ID the code passes to newsroom.E, by
// reading the source of the whole module (tests excluded).
func usedErrorIDs(t *testing.T) map[string]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "newsroom" {
					name = fn.Sel.Name
				}
			}
			if name != "E" {
				return true
			}
			if lit, ok := call.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if id, err := strconv.Unquote(lit.Value); err == nil {
					ids[id] = fset.Position(lit.Pos()).String()
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestEveryErrorMessageIDHasACatalogueEntryInEveryLanguage(t *testing.T) {
	ids := usedErrorIDs(t)
	if len(ids) < 20 {
		t.Fatalf("found only %d error message IDs in the source; the scan is broken", len(ids))
	}
	for _, lang := range append([]string{"en"}, translationFiles(t)...) {
		msgs := readMessages(t, locales.FS, FileName(lang))
		for id, where := range ids {
			if _, ok := msgs[id]; !ok {
				t.Errorf("%s (used at %s) is missing from %s", id, where, FileName(lang))
			}
		}
	}
	for _, f := range []string{"FieldTitle", "FieldLead", "FieldBody", "FieldPlace"} {
		if _, ok := readMessages(t, locales.FS, FileName("en"))[f]; !ok {
			t.Errorf("field name %s is missing", f)
		}
	}
}
