package editor

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
)

// upload posts a multipart form with an XLIFF file (and extra fields) as who.
func (e *env) upload(path, who string, file string, fields map[string]string) response {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if file != "" {
		fw, _ := mw.CreateFormFile("file", "ky.xlf")
		_, _ = fw.Write([]byte(file))
	}
	_ = mw.Close()
	return e.raw(http.MethodPost, path, who, &b, "Content-Type", mw.FormDataContentType())
}

// kyRelease makes a release with a Kyrgyz draft, as the translator left it.
func (e *env) kyRelease() *newsroom.Release {
	e.t.Helper()
	r := e.release("xliff", enTitle, enLead, "The office installed **solar pumps** in 1995.\n\n\"Water is life,\" said the [mayor](https://example.org/mayor).\n\nAbout the office.")
	e.save("trky", r.ID, "ky", 0, newsroom.Content{Title: "Нарынга күн насостору", Lead: "20дан ашык айыл.", Body: "Кеңсе 1995-жылы **күн насосторун** орнотту.\n\n«Суу — бул жашоо», — деди [мэр](https://example.org/mayor).\n\nКеңсе жөнүндө."})
	return r
}

func TestTheVersionPageOffersXLIFFDownloadAndUpload(t *testing.T) {
	e := newEnv(t)
	r := e.kyRelease()
	page := e.get("/app/releases/"+r.ID+"/ky/edit", "trky")
	expect(t, page, http.StatusOK)
	contains(t, page.body, `id="xliff-21"`, `href="/app/releases/`+r.ID+`/ky/xliff?version=1.2"`, `enctype="multipart/form-data"`, `name="file" type="file"`)
	src := e.get("/app/releases/"+r.ID+"/en/edit", "editor")
	lacks(t, src.body, `id="xliff-21"`)
	rel := e.get("/app/releases/"+r.ID, "trky")
	contains(t, rel.body, `/ky/xliff?version=2.1`, `id="xliff-all"`)
	lacks(t, rel.body, `/ru/xliff?version=2.1`)

	dl := e.get("/app/releases/"+r.ID+"/ky/xliff?version=1.2", "trky")
	expect(t, dl, http.StatusOK)
	if !strings.Contains(dl.Header().Get("Content-Disposition"), "xliff.ky.xliff1.2.xlf") || !strings.Contains(dl.body, `<bpt id="1" ctype="bold">**</bpt>`) {
		t.Fatalf("download: %v %s", dl.Header(), dl.body[:200])
	}
	zip := e.get("/app/releases/"+r.ID+"/xliff?version=2.1", "editor")
	expect(t, zip, http.StatusOK)
	if zip.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("zip: %v", zip.Header())
	}
	expect(t, e.get("/app/releases/"+r.ID+"/ky/xliff", "trru"), http.StatusForbidden)
}

func TestUploadingXLIFFInTheEditorSavesOrSaysNothingChanged(t *testing.T) {
	e := newEnv(t)
	r := e.kyRelease()
	path := "/app/releases/" + r.ID + "/ky/xliff"
	file := e.get(path+"?version=2.1", "trky").body

	same := e.upload(path, "trky", file, nil)
	contains(t, e.follow(same, "trky").body, "Nothing changed.")
	if v := e.version(r.ID, "ky"); v.Rev != 1 {
		t.Fatalf("an unchanged upload saved revision %d", v.Rev)
	}

	changed := e.upload(path, "trky", strings.Replace(file, "Кеңсе жөнүндө", "Кеңсе тууралуу", 1), nil)
	contains(t, e.follow(changed, "trky").body, "Imported from XLIFF.")
	if got := e.text(r.ID, "ky").Body; !strings.HasSuffix(got, "\n\nКеңсе тууралуу.") || !strings.Contains(got, "[мэр](https://example.org/mayor)") {
		t.Fatalf("body after import: %q", got)
	}

	expect(t, e.upload(path, "trky", "", nil), http.StatusBadRequest)
	bad := e.upload(path, "trky", strings.Replace(file, "document:2.0", "document:9", 1), nil)
	expect(t, bad, http.StatusBadRequest)
	contains(t, bad.body, "namespace")
	if v := e.version(r.ID, "ky"); v.Rev != 2 {
		t.Fatalf("a refused upload changed the version to revision %d", v.Rev)
	}
	expect(t, e.upload(path, "rvky", file, nil), http.StatusForbidden)

	file = e.get(path+"?version=2.1", "trky").body
	extra := strings.Replace(file, "</file>", `<unit id="p99"><segment><source>x</source><target>y</target></segment></unit></file>`, 1)
	remarks := e.upload(path, "trky", extra, nil)
	expect(t, remarks, http.StatusOK)
	contains(t, remarks.body, `id="xliff-unknown"`, "p99")
}

func TestAStaleXLIFFUploadShowsTheDiffAndCanBeImportedAnyway(t *testing.T) {
	e := newEnv(t)
	r := e.kyRelease()
	path := "/app/releases/" + r.ID + "/ky/xliff"
	file := strings.Replace(e.get(path+"?version=1.2", "trky").body, "Кеңсе жөнүндө", "Кеңсе тууралуу", 1)
	e.save("editor", r.ID, "en", 1, newsroom.Content{Title: enTitle, Lead: enLead, Body: "The office installed **solar pumps** in 1995.\n\n\"Water is life,\" said the [mayor](https://example.org/mayor) of Naryn.\n\nAbout the office."})

	stale := e.upload(path, "trky", file, nil)
	expect(t, stale, http.StatusConflict)
	contains(t, stale.body, `id="xliff-stale"`, "revision 1 of this translation and revision 1 of the source", "revisions 1 and 2", `id="xliff-force"`, `name="force" value="1"`, "Кеңсе тууралуу", `id="xliff-cancel"`)
	if v := e.version(r.ID, "ky"); v.Rev != 1 {
		t.Fatalf("a stale upload saved revision %d", v.Rev)
	}
	forced := e.upload(path, "trky", "", map[string]string{"force": "1", "xliff": file})
	expect(t, forced, http.StatusSeeOther)
	v := e.version(r.ID, "ky")
	if v.Rev != 2 || v.SourceRev != 1 {
		t.Fatalf("forced import: rev %d pinned to source %d", v.Rev, v.SourceRev)
	}
	if old, err := e.store.Revision(context.Background(), r.ID, "ky", 1); err != nil || !strings.HasSuffix(old.Content.Body, "Кеңсе жөнүндө.") {
		t.Fatalf("revision 1 lost: %v %v", old, err)
	}
}
