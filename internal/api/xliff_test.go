package api_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/textdiff"
)

// seedLike is a release like the demo one: quotes, figures, bold, a link and
// the closing paragraph, with a Kyrgyz translation in review.
var seedLike = struct{ en, ky map[string]any }{
	en: map[string]any{
		"source_lang": "en", "date": "2026-10-14", "places": map[string]string{"en": "Bishkek", "ky": "Бишкек"},
		"title": "Solar-powered water systems reach 40 villages",
		"lead":  "More than 12,000 people now have safe drinking water. The systems were completed this autumn.",
		"body": "The systems replace diesel pumps that froze for up to five months a year.\n\n" +
			"The programme, worth **over $3.2 million**, was run with the [regional administration](https://naryn.example.org/ \"Naryn\").\n\n" +
			"\"Clean water is where health begins,\" said Aigerim Sadykova.\n\n" +
			"**About the office**\n\nThe UN country office in Bishkek supports Kyrgyzstan.",
	},
	ky: map[string]any{
		"base_rev": 0,
		"title":    "Күн энергиясындагы суу системалары 40 айылга жетти",
		"lead":     "12 000ден ашык адам эми коопсуз ичүүчү сууга ээ.",
		"body": "Системалар жылына беш айга чейин тоңуп калган дизелдик насосторду алмаштырды.\n\n" +
			"**3,2 миллион доллардан ашык** болгон программа [облустук администрация](https://naryn.example.org/ \"Naryn\") менен ишке ашырылды.\n\n" +
			"«Таза суу — ден соолуктун башаты», — деди **Айгерим Садыкова**.\n\n" +
			"**Офис жөнүндө**\n\nБУУнун Бишкектеги өлкөлүк офиси Кыргызстанды колдойт.",
	},
}

// seedRelease creates the seed-like release with its ky translation approved.
func (e *env) seedRelease() string {
	e.t.Helper()
	id := e.ok(http.StatusCreated, "editor", "POST", "/releases", seedLike.en).s("id")
	e.ok(http.StatusOK, "trKy", "PUT", "/releases/"+id+"/versions/ky", seedLike.ky)
	e.ok(http.StatusOK, "trKy", "POST", "/releases/"+id+"/versions/ky/submit", nil)
	e.ok(http.StatusOK, "revKy", "POST", "/releases/"+id+"/versions/ky/approve", nil)
	return id
}

// exportXLIFF downloads one translation as XLIFF.
func (e *env) exportXLIFF(user, id, lang, version string) string {
	e.t.Helper()
	w := e.as(user, "GET", "/releases/"+id+"/versions/"+lang+"/xliff?version="+version, nil)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/xliff+xml") ||
		!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
		e.t.Fatalf("export %s %s: %d %v %s", lang, version, w.Code, w.Header(), w.Body)
	}
	return w.Body.String()
}

// kyState is what an import must not touch: the ky head and the audit log.
func (e *env) kyState(id string) string {
	v := e.version(id, "ky")
	return fmt.Sprintf("rev %d state %s body %q audit %d", v.n("rev"), v.s("state"), v.s("body"), e.auditLen(id))
}

func TestAnUnchangedXLIFFRoundTripIsNoChange(t *testing.T) {
	e := newEnv(t, "")
	id := e.seedRelease()
	for _, version := range []string{"2.1", "1.2"} {
		t.Run(version, func(t *testing.T) {
			before := e.kyState(id)
			file := e.exportXLIFF("trKy", id, "ky", version)
			res := e.ok(http.StatusOK, "trKy", "PUT", "/releases/"+id+"/versions/ky/xliff", file)
			if res.s("result") != "no_change" || len(res.list("changed_units")) != 0 || res.o("version").n("rev") != 1 {
				t.Fatalf("import: %v", res)
			}
			if after := e.kyState(id); after != before {
				t.Fatalf("an unchanged import changed the version:\n%s\n%s", before, after)
			}
		})
	}
}

func TestChangingTwoTargetsInXLIFFChangesExactlyThoseTwoParagraphs(t *testing.T) {
	for _, version := range []string{"2.1", "1.2"} {
		t.Run(version, func(t *testing.T) {
			e := newEnv(t, "")
			id := e.seedRelease()
			file := e.exportXLIFF("trKy", id, "ky", version)
			file = strings.Replace(file, "Системалар жылына", "Жаңы системалар жылына", 1)
			file = strings.Replace(file, "Кыргызстанды колдойт", "Кыргызстанды ар тараптан колдойт", 1)
			auditBefore := e.auditLen(id)
			res := e.ok(http.StatusOK, "trKy", "PUT", "/releases/"+id+"/versions/ky/xliff", file)
			if res.s("result") != "imported" || res.o("version").n("rev") != 2 || res.o("version").s("state") != "draft" {
				t.Fatalf("import: %v", res)
			}
			old, cur := seedLike.ky["body"].(string), res.o("version").s("body")
			if got := textdiff.ChangedIndexes(textdiff.Paragraphs(old), textdiff.Paragraphs(cur)); !slices.Equal(got, []int{0, 4}) {
				t.Fatalf("changed paragraphs %v:\n%s", got, cur)
			}
			want := strings.Replace(strings.Replace(old, "Системалар жылына", "Жаңы системалар жылына", 1), "Кыргызстанды колдойт", "Кыргызстанды ар тараптан колдойт", 1)
			if cur != want {
				t.Fatalf("body:\n%s\nwant:\n%s", cur, want)
			}
			// Bold, the link and the «…» quote survive byte for byte.
			for _, s := range []string{"**3,2 миллион доллардан ашык**", `[облустук администрация](https://naryn.example.org/ "Naryn")`, "«Таза суу — ден соолуктун башаты», — деди **Айгерим Садыкова**."} {
				if !strings.Contains(cur, s) {
					t.Errorf("lost %q", s)
				}
			}
			entries := e.ok(http.StatusOK, "editor", "GET", "/releases/"+id+"/audit", nil).list("entries")
			if len(entries) != auditBefore+1 || entries[len(entries)-1].s("comment") != "imported from XLIFF" || entries[len(entries)-1].s("action") != "save" {
				t.Fatalf("audit: %v", entries[len(entries)-1])
			}
			if r1 := e.ok(http.StatusOK, "editor", "GET", "/releases/"+id+"/versions/ky/revisions/1", nil); r1.s("body") != old {
				t.Fatalf("revision 1 was not kept: %v", r1)
			}
		})
	}
}

func TestInlineMarkupChangedByTheTranslatorComesBackAsMarkdown(t *testing.T) {
	e := newEnv(t, "")
	id := e.seedRelease()
	file := e.exportXLIFF("trKy", id, "ky", "2.1")
	// The translator moves the bold code around another word in the quote.
	file = strings.Replace(file, "«Таза суу — ден соолуктун башаты», — деди <pc", "«Таза <pc id=\"9\" dataRefStart=\"d1\" dataRefEnd=\"d1\">суу</pc> — ден соолуктун башаты», — деди <pc", 1)
	res := e.ok(http.StatusOK, "trKy", "PUT", "/releases/"+id+"/versions/ky/xliff", file)
	if !strings.Contains(res.o("version").s("body"), "«Таза **суу** — ден соолуктун башаты», — деди **Айгерим Садыкова**.") || fmt.Sprint(res["changed_units"]) != "[p3]" {
		t.Fatalf("import: %v", res)
	}
}

func TestAStaleXLIFFFileIsRefusedWith409UnlessForced(t *testing.T) {
	e := newEnv(t, "")
	id := e.seedRelease()
	file := e.exportXLIFF("trKy", id, "ky", "2.1")
	file = strings.Replace(file, "Системалар жылына", "Жаңы системалар жылына", 1)
	src := seedLike.en
	e.ok(http.StatusOK, "editor", "PUT", "/releases/"+id+"/versions/en", map[string]any{"base_rev": 1, "title": src["title"], "lead": src["lead"], "body": src["body"].(string) + "\n\nA new closing line."})
	before := e.kyState(id)

	w := e.as("trKy", "PUT", "/releases/"+id+"/versions/ky/xliff", file)
	d := errorOf(t, w, http.StatusConflict, "conflict")
	if d.n("file_rev") != 1 || d.n("file_source_rev") != 1 || d.n("current_rev") != 1 || d.n("current_source_rev") != 2 || !strings.Contains(d.s("message"), "revision") {
		t.Fatalf("409 detail: %v", d)
	}
	if after := e.kyState(id); after != before {
		t.Fatalf("a refused import changed the version:\n%s\n%s", before, after)
	}

	res := e.ok(http.StatusOK, "trKy", "PUT", "/releases/"+id+"/versions/ky/xliff?force=1", file)
	v := res.o("version")
	if res.s("result") != "imported" || v.n("rev") != 2 || v.n("source_rev") != 1 || v["outdated"] != true || !strings.HasPrefix(v.s("body"), "Жаңы системалар") {
		t.Fatalf("forced import: %v", res)
	}
	if r1 := e.ok(http.StatusOK, "editor", "GET", "/releases/"+id+"/versions/ky/revisions/1", nil); r1.s("body") != seedLike.ky["body"] {
		t.Fatalf("the previous revision is lost: %v", r1)
	}
	errorOf(t, e.as("trKy", "PUT", "/releases/"+id+"/versions/ky/xliff?force=maybe", file), http.StatusBadRequest, "invalid")
}

func TestPartialXLIFFFilesFillOnlyWhatTheyCarryAndReportUnknownUnits(t *testing.T) {
	e := newEnv(t, "")
	id := e.seedRelease()
	file := e.exportXLIFF("trKy", id, "ky", "1.2")
	// Drop the title's target, change the lead, add a unit the release does not have.
	start := strings.Index(file, `<target state="signed-off">Күн энергиясындагы`)
	end := start + strings.Index(file[start:], "</target>") + len("</target>")
	file = file[:start] + file[end:]
	file = strings.Replace(file, "12 000ден ашык адам", "12 000ден ашуун адам", 1)
	file = strings.Replace(file, "</body>", `<trans-unit id="p99"><source>x</source><target>y</target></trans-unit></body>`, 1)
	res := e.ok(http.StatusOK, "trKy", "PUT", "/releases/"+id+"/versions/ky/xliff", file)
	v := res.o("version")
	if res.s("result") != "imported" || v.s("title") != seedLike.ky["title"] || !strings.HasPrefix(v.s("lead"), "12 000ден ашуун") || v.s("body") != seedLike.ky["body"] {
		t.Fatalf("import: %v", res)
	}
	if fmt.Sprint(res["changed_units"]) != "[lead]" || fmt.Sprint(res["unknown_units"]) != "[p99]" {
		t.Fatalf("units reported: changed %v unknown %v", res["changed_units"], res["unknown_units"])
	}
}

func TestHostileXLIFFFilesAreRefusedWith400AndLeaveTheReleaseUntouched(t *testing.T) {
	e := newEnv(t, "")
	id := e.seedRelease()
	other := e.newRelease("Another release")
	good := e.exportXLIFF("trKy", id, "ky", "2.1")
	head, tail := good[:strings.Index(good, "<unit ")], "</file></xliff>"
	var many strings.Builder
	many.WriteString(head)
	for i := range 100_000 {
		fmt.Fprintf(&many, `<unit id="p%d"><segment><source>a</source><target>b</target></segment></unit>`, i+1)
	}
	many.WriteString(tail)
	cases := map[string]string{
		"billion laughs": `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>` +
			strings.TrimPrefix(strings.Replace(good, "Системалар", "&lol3;", 1), `<?xml version="1.0" encoding="UTF-8"?>`),
		"external entity": `<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
			strings.TrimPrefix(strings.Replace(good, "Системалар", "&xxe;", 1), `<?xml version="1.0" encoding="UTF-8"?>`),
		"100,000 units":   many.String(),
		"10 MB of text":   strings.Replace(good, "Системалар", strings.Repeat("суу ", 10<<20/7), 1),
		"invalid UTF-8":   strings.Replace(good, "Системалар", "Систе\xff\xfeмалар", 1),
		"wrong namespace": strings.Replace(good, "urn:oasis:names:tc:xliff:document:2.0", "urn:example:not-xliff", 1),
		"wrong language":  strings.Replace(strings.Replace(good, "versions/ky?", "versions/ru?", 1), `trgLang="ky"`, `trgLang="ru"`, 1),
		"wrong release":   strings.Replace(good, "releases/"+id+"/", "releases/"+other.s("id")+"/", 1),
		"wrong source":    strings.Replace(good, `srcLang="en"`, `srcLang="ru"`, 1),
		"future revision": strings.Replace(good, "?rev=1&amp;", "?rev=7&amp;", 1),
		"empty":           "",
	}
	for name, file := range cases {
		t.Run(name, func(t *testing.T) {
			before := e.kyState(id)
			d := errorOf(t, e.as("trKy", "PUT", "/releases/"+id+"/versions/ky/xliff", file), http.StatusBadRequest, "invalid")
			if after := e.kyState(id); after != before {
				t.Fatalf("a refused file changed the version:\n%s\n%s", before, after)
			}
			t.Log(d.s("message"))
		})
	}
	t.Run("reasons name the line", func(t *testing.T) {
		d := errorOf(t, e.as("trKy", "PUT", "/releases/"+id+"/versions/ky/xliff", cases["wrong namespace"]), http.StatusBadRequest, "invalid")
		if !strings.Contains(d.s("message"), "line 2") || !strings.Contains(d.s("message"), "namespace") {
			t.Fatalf("message %q", d.s("message"))
		}
	})
}

func TestXLIFFFollowsTheSavePermissions(t *testing.T) {
	e := newEnv(t, "")
	id := e.seedRelease()
	file := e.exportXLIFF("revKy", id, "ky", "2.1") // reviewers may export
	base := "/releases/" + id + "/versions/"
	errorOf(t, e.as("revKy", "PUT", base+"ky/xliff", file), http.StatusForbidden, "forbidden")
	errorOf(t, e.as("trRu", "PUT", base+"ky/xliff", file), http.StatusForbidden, "forbidden")
	errorOf(t, e.as("trRu", "GET", base+"ky/xliff", nil), http.StatusForbidden, "forbidden")
	errorOf(t, e.as("", "GET", base+"ky/xliff", nil), http.StatusUnauthorized, "unauthorized")
	errorOf(t, e.as("editor", "GET", base+"en/xliff", nil), http.StatusBadRequest, "invalid")
	errorOf(t, e.as("editor", "GET", base+"ky/xliff?version=3", nil), http.StatusBadRequest, "invalid")
	errorOf(t, e.as("editor", "GET", base+"xx/xliff", nil), http.StatusNotFound, "not_found")
	errorOf(t, e.as("editor", "GET", "/releases/nope/versions/ky/xliff", nil), http.StatusNotFound, "not_found")
	// A version in review cannot be saved, so neither imported into.
	e.ok(http.StatusOK, "trKy", "PUT", base+"ky/xliff", strings.Replace(file, "Системалар жылына", "Жаңы системалар жылына", 1))
	e.ok(http.StatusOK, "trKy", "POST", base+"ky/submit", nil)
	file = e.exportXLIFF("trKy", id, "ky", "2.1")
	errorOf(t, e.as("trKy", "PUT", base+"ky/xliff", strings.Replace(file, "Жаңы", "Эски", 1)), http.StatusConflict, "conflict")
	// A cookie-authenticated cross-site import is refused like any other write.
	req := request("PUT", base+"ky/xliff", file)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Authorization", "")
	errorOf(t, e.serve(req), http.StatusForbidden, "forbidden")
}

func TestAReleaseExportsAsAZipOfItsTranslations(t *testing.T) {
	e := newEnv(t, "")
	id := e.seedRelease()
	files := func(user string) []string {
		w := e.as(user, "GET", "/releases/"+id+"/xliff?version=1.2", nil)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/zip" {
			t.Fatalf("zip as %s: %d %s", user, w.Code, w.Body)
		}
		zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if !strings.Contains(string(b), `version="1.2"`) {
				t.Errorf("%s is not XLIFF 1.2", f.Name)
			}
			names = append(names, f.Name)
		}
		return names
	}
	if got := files("editor"); len(got) != 2 || !strings.HasSuffix(got[0], ".ru.xliff1.2.xlf") || !strings.HasSuffix(got[1], ".ky.xliff1.2.xlf") {
		t.Fatalf("editor's zip: %v", got)
	}
	if got := files("trKy"); len(got) != 1 || !strings.HasSuffix(got[0], ".ky.xliff1.2.xlf") {
		t.Fatalf("ky translator's zip: %v", got)
	}
	errorOf(t, e.as("revEn", "GET", "/releases/"+id+"/xliff", nil), http.StatusForbidden, "forbidden")
}
