package api_test

import (
	"net/http"
	"testing"
)

func TestMatchesOfferSentencesAndAParagraphAssembledFromThemOverHTTP(t *testing.T) {
	e := newEnv(t, "")
	const (
		officeEN = "The office opened in Bishkek in 1995."
		officeKY = "Кеңсе Бишкекте 1995-жылы ачылган."
		mandEN   = "It protects refugees and stateless people."
		mandKY   = "Ал качкындарды жана жарандыгы жок адамдарды коргойт."
		shelEN   = "A shelter opened in Osh."
		shelKY   = "Ошто баш калкалоочу жай ачылды."
	)
	first := e.release("Twenty years", "The office marks twenty years.", officeEN+" "+mandEN+"\n\n"+shelEN+" "+mandEN)
	base1 := "/releases/" + first + "/versions/ky"
	e.ok(http.StatusOK, "trKy", "PUT", base1, map[string]any{"base_rev": 0, "title": "Жыйырма жыл", "lead": "Кеңсе жыйырма жылдыгын белгилейт.",
		"body": officeKY + " " + mandKY + "\n\n" + shelKY + " " + mandKY})
	e.ok(http.StatusOK, "trKy", "POST", base1+"/submit", nil)
	e.ok(http.StatusOK, "revKy", "POST", base1+"/approve", nil)

	// Paragraph 0 shares only its second sentence with the memory; paragraph
	// 1 is two remembered sentences in an order never approved together.
	second := e.release("A new clinic", "Refugees get care.", "A clinic for 300 families opened in Naryn this week. "+mandEN+"\n\n"+shelEN+" "+officeEN)
	base2 := "/releases/" + second + "/versions/ky"
	m := e.ok(http.StatusOK, "trKy", "GET", base2+"/matches", nil)
	body := map[int][]obj{}
	for _, s := range m.list("segments") {
		if s.s("field") == "body" {
			body[s.n("paragraph")] = s.list("matches")
		}
	}

	t.Run("a sentence shared with a remembered paragraph is offered at 100 % at sentence level", func(t *testing.T) {
		var got obj
		for _, mt := range body[0] {
			if mt.s("unit") == "sentence" && mt.o("sentence").n("index") == 1 {
				got = mt
			}
		}
		if got == nil {
			t.Fatalf("no match for the second sentence: %v", body[0])
		}
		if got.n("score") != 100 || got.o("sentence").s("text") != mandEN || got.o("entry").s("target") != mandKY || got.o("entry").s("release_id") != first {
			t.Errorf("sentence match %v", got)
		}
	})

	t.Run("a paragraph whose every sentence matches exactly is assembled at 99 %", func(t *testing.T) {
		if len(body[1]) == 0 {
			t.Fatal("no matches")
		}
		a := body[1][0]
		if a.s("unit") != "assembled" || a.n("score") != 99 || a.o("entry").s("target") != shelKY+" "+officeKY {
			t.Errorf("first match %v", a)
		}
		for _, mt := range body[1] {
			if mt.s("unit") != "sentence" && mt.n("score") >= 100 {
				t.Errorf("a whole-paragraph match at %d %%: %v", mt.n("score"), mt)
			}
		}
	})

	t.Run("pre-translation does not take sentence or assembled matches", func(t *testing.T) {
		p := e.ok(http.StatusOK, "trKy", "POST", base2+"/pretranslate", map[string]any{"base_rev": 0})
		if p.n("filled") != 0 || p.n("rev") != 0 {
			t.Errorf("pretranslate filled %d: %v", p.n("filled"), p)
		}
	})
}
