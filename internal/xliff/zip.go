package xliff

import (
	"archive/zip"
	"fmt"
	"io"
)

// FileName is the download name of one translation as XLIFF.
func FileName(slug, lang string, f Format) string {
	return fmt.Sprintf("%s.%s.xliff%s.xlf", slug, lang, f)
}

// ZipName is the download name of a release's translations as XLIFF.
func ZipName(slug string, f Format) string {
	return fmt.Sprintf("%s.xliff%s.zip", slug, f)
}

// WriteZip writes docs as a zip archive of XLIFF files named by FileName.
func WriteZip(w io.Writer, slug string, docs []*Document) error {
	zw := zip.NewWriter(w)
	for _, d := range docs {
		fw, err := zw.Create(FileName(slug, d.TargetLang, d.Format))
		if err != nil {
			return err
		}
		if err := Write(fw, d); err != nil {
			return err
		}
	}
	return zw.Close()
}
