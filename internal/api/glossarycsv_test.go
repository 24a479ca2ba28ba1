package api_test

import (
	"net/http"
	"testing"
)

// A CSV whose row cannot be parsed (an unclosed quote) used to crash the
// import, which asked the CSV reader for the position of a row it had
// refused; the row is now rejected with its line like any other.
func TestACSVRowThatCannotBeParsedIsRejectedWithItsLine(t *testing.T) {
	e := newEnv(t, "")
	req := request("POST", "/glossaries/en/ru/csv", "source,translations,forbidden,note,case_sensitive,word_forms\n"+
		"refugee,беженец,,,false,true\n\"unclosed,x,,,false,false\n")
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+e.token("editor"))
	w := e.serve(req)
	errorOf(t, w, http.StatusBadRequest, "invalid")
	res := decodeObj(t, w)
	if res.n("imported") != 0 || res.n("rejected_count") != 1 || res.list("rejected")[0].n("line") != 3 {
		t.Fatalf("import %v", res)
	}
	if n := len(glossaryTerms(t, e, "en", "ru")); n != 0 {
		t.Fatalf("a refused import left %d terms", n)
	}
}
