package search

import (
	"reflect"
	"testing"
)

func TestABuilderFedOneDocumentAtATimeBuildsWhatBuildLangBuilds(t *testing.T) {
	docs := generated(300, "ru")
	b := NewBuilder("ru")
	for _, d := range docs {
		if !b.Add(d) {
			t.Fatalf("Add(%s) = false for a new ID", d.ID)
		}
	}
	if b.Len() != len(docs) {
		t.Errorf("Len = %d, want %d", b.Len(), len(docs))
	}
	got, want := b.Index(), BuildLang("ru", docs)
	if got.Bytes() > want.Bytes()+want.Bytes()/8 {
		t.Errorf("the built index takes %d bytes, BuildLang's %d", got.Bytes(), want.Bytes())
	}
	for _, q := range sampleQueries(docs, 200, 6) {
		if g, w := got.Search(q, 10), want.Search(q, 10); !reflect.DeepEqual(g, w) {
			t.Fatalf("Search(%q) = %v, BuildLang's index finds %v", q, g, w)
		}
	}
}

func TestABuilderKeepsTheFirstDocumentOfAnID(t *testing.T) {
	b := NewBuilder("en")
	b.Add(Doc{ID: "x", Title: "Water", Date: day(1)})
	if b.Add(Doc{ID: "x", Title: "Fire", Date: day(1)}) {
		t.Error("Add of a repeated ID = true")
	}
	ix := b.Index()
	if got := ids(ix.Search("water", 0)); !reflect.DeepEqual(got, []string{"x"}) {
		t.Errorf("water finds %v, want the first document", got)
	}
	if got := ix.Search("fire", 0); got != nil {
		t.Errorf("fire finds %v, want nothing", got)
	}
}

func TestASpentBuilderPanics(t *testing.T) {
	for name, use := range map[string]func(b *Builder){
		"Add after Index":   func(b *Builder) { b.Add(Doc{ID: "y"}) },
		"Index after Index": func(b *Builder) { b.Index() },
	} {
		t.Run(name, func(t *testing.T) {
			b := NewBuilder("")
			b.Add(Doc{ID: "x", Title: "Water"})
			b.Index()
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			use(b)
		})
	}
}
