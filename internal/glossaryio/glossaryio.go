// Package glossaryio imports and exports the glossary of one language pair
// as CSV or TBX-Basic. The API and the editor both call it, so a file is
// read, checked and refused by the same rules wherever it is uploaded.
//
// An import is all or nothing: every entry is checked by the file's rules
// (this package for CSV, internal/tbx for TBX) and then by the store's
// rules for a term, and the terms are added only when none is rejected.
package glossaryio

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
	"github.com/kotormo/kotormo/internal/tbx"
)

// Bounds of a CSV import; TBX has tbx's.
const (
	// MaxCSV is the most bytes of a CSV file.
	MaxCSV = 2 << 20
	// MaxRejected is the most rejected entries listed one by one.
	MaxRejected = 100
)

// CSVHeader is the first line of a glossary CSV file.
const CSVHeader = "source,translations,forbidden,note,case_sensitive,word_forms"

// Store adds terms to a glossary, all or none (mongodb.Store implements it):
// see mongodb.Store.ImportGlossary. With commit false it only checks who
// may and each term. Errors: EInvalid, EForbidden.
type Store interface {
	ImportGlossary(ctx context.Context, actor *newsroom.User, src, tgt string, terms []qa.Term, commit bool) ([]error, error)
}

// Rejected is an entry the import refused, and why.
type Rejected struct {
	// Pos is the entry's line in a CSV file, or its position from 1 in a
	// TBX document.
	Pos int
	// ID is a TBX entry's id attribute, if any.
	ID string
	// Err is a coded error (newsroom.E) naming the reason.
	Err error
}

// Result is what an import did.
type Result struct {
	// Entries is the number of entries in the file; Imported how many
	// terms were added (0 when any entry was rejected).
	Entries, Imported int
	// Rejected lists the first MaxRejected rejected entries in file order;
	// RejectedCount counts them all.
	Rejected      []Rejected
	RejectedCount int
}

func (r *Result) reject(pos int, id string, err error) {
	r.RejectedCount++
	if len(r.Rejected) < MaxRejected {
		r.Rejected = append(r.Rejected, Rejected{Pos: pos, ID: id, Err: err})
	}
}

// WriteCSV writes terms as a glossary CSV file.
func WriteCSV(w io.Writer, terms []*qa.StoredTerm) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(strings.Split(CSVHeader, ","))
	for _, t := range terms {
		_ = cw.Write([]string{t.Source, strings.Join(t.Translations, "|"), strings.Join(t.Forbidden, "|"), t.Note,
			strconv.FormatBool(t.CaseSensitive), strconv.FormatBool(t.WordForms)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteTBX writes terms as a TBX-Basic document.
func WriteTBX(w io.Writer, src, tgt string, terms []*qa.StoredTerm) error {
	es := make([]tbx.Entry, len(terms))
	for i, t := range terms {
		es[i] = tbx.Entry{ID: "t-" + t.ID, Term: t.Term}
	}
	return tbx.Write(w, src, tgt, es)
}

// Export sets the download headers of the glossary file of src → tgt in
// format ("csv" or "tbx") on h and writes the file to w: what the API's and
// the editor's export routes answer.
func Export(h http.Header, w io.Writer, format, src, tgt string, terms []*qa.StoredTerm) error {
	h.Set("Content-Disposition", `attachment; filename="glossary-`+src+`-`+tgt+`.`+format+`"`)
	if format == "tbx" {
		h.Set("Content-Type", "application/x-tbx+xml; charset=utf-8")
		return WriteTBX(w, src, tgt, terms)
	}
	h.Set("Content-Type", "text/csv; charset=utf-8")
	return WriteCSV(w, terms)
}

// errTooLarge ends reading past MaxCSV bytes.
var errTooLarge = errors.New("glossaryio: CSV too large")

type limited struct {
	r io.Reader
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// ImportCSV reads a glossary CSV file (at most MaxCSV bytes, first line
// CSVHeader) and adds its terms to the src → tgt glossary, all or none.
// Who may is asked before anything is read. Errors: EInvalid (header,
// size, languages), EForbidden; rejected rows are in the Result.
func ImportCSV(ctx context.Context, st Store, actor *newsroom.User, src, tgt string, r io.Reader) (*Result, error) {
	if _, err := st.ImportGlossary(ctx, actor, src, tgt, nil, false); err != nil {
		return nil, err
	}
	res, terms, lines, err := readCSV(r)
	if err != nil {
		return nil, err
	}
	refused, err := st.ImportGlossary(ctx, actor, src, tgt, terms, res.RejectedCount == 0)
	if err != nil {
		return nil, err
	}
	for i, e := range refused {
		if e != nil {
			res.reject(lines[i], "", e)
		}
	}
	if res.RejectedCount > 0 {
		slices.SortStableFunc(res.Rejected, func(x, y Rejected) int { return x.Pos - y.Pos })
		return res, nil
	}
	res.Imported = len(terms)
	return res, nil
}

// readCSV reads a glossary CSV file: the terms it can read with their
// lines, and a Result counting its rows and holding the rows it cannot
// read. It reads at most MaxCSV bytes, so its work and the terms it keeps
// are bounded by that. Errors: EInvalid (header, size).
func readCSV(r io.Reader) (*Result, []qa.Term, []int, error) {
	cr := csv.NewReader(&limited{r: r, n: MaxCSV})
	cr.FieldsPerRecord = -1
	tooLarge := func(err error) bool {
		var mb *http.MaxBytesError
		return errors.Is(err, errTooLarge) || errors.As(err, &mb)
	}
	head, err := cr.Read()
	if err != nil && tooLarge(err) {
		return nil, nil, nil, newsroom.E(newsroom.EInvalid, "ErrCSVTooLarge", "Max", MaxCSV)
	}
	if err != nil || strings.Join(head, ",") != CSVHeader {
		return nil, nil, nil, newsroom.E(newsroom.EInvalid, "ErrCSVHeader", "Header", CSVHeader)
	}
	res := &Result{}
	var terms []qa.Term
	var lines []int
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if tooLarge(err) {
				return nil, nil, nil, newsroom.E(newsroom.EInvalid, "ErrCSVTooLarge", "Max", MaxCSV)
			}
			// A refused row has no fields to ask FieldPos about (it panics).
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, nil, nil, newsroom.E(newsroom.EInvalid, "ErrCSVRow", "Detail", err.Error())
			}
			res.Entries++
			res.reject(pe.StartLine, "", newsroom.E(newsroom.EInvalid, "ErrCSVRow", "Detail", pe.Err.Error()))
			continue
		}
		line, _ := cr.FieldPos(0)
		res.Entries++
		if t, err := termFromCSV(rec); err != nil {
			res.reject(line, "", err)
		} else {
			terms, lines = append(terms, t), append(lines, line)
		}
	}
	return res, terms, lines, nil
}

// termFromCSV reads one CSV record, or says why it cannot.
func termFromCSV(rec []string) (qa.Term, error) {
	if len(rec) != 6 {
		return qa.Term{}, newsroom.E(newsroom.EInvalid, "ErrCSVFields", "Want", 6, "Found", len(rec))
	}
	split := func(s string) []string {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return strings.Split(s, "|")
	}
	cs, err1 := strconv.ParseBool(strings.TrimSpace(rec[4]))
	wf, err2 := strconv.ParseBool(strings.TrimSpace(rec[5]))
	if err1 != nil || err2 != nil {
		return qa.Term{}, newsroom.E(newsroom.EInvalid, "ErrCSVFlags")
	}
	return qa.Term{Source: rec[0], Translations: split(rec[1]), Forbidden: split(rec[2]), Note: rec[3], CaseSensitive: cs, WordForms: wf}, nil
}

// ImportTBX reads a TBX document (within tbx's bounds) and adds its terms
// to the src → tgt glossary, all or none. Who may is asked before
// anything is read. Errors: those of tbx.Read, EInvalid (languages),
// EForbidden; rejected entries are in the Result.
func ImportTBX(ctx context.Context, st Store, actor *newsroom.User, src, tgt string, r io.Reader) (*Result, error) {
	if _, err := st.ImportGlossary(ctx, actor, src, tgt, nil, false); err != nil {
		return nil, err
	}
	doc, err := tbx.Read(r, src, tgt)
	if err != nil {
		return nil, err
	}
	terms := make([]qa.Term, len(doc.Entries))
	for i, e := range doc.Entries {
		terms[i] = e.Term
	}
	refused, err := st.ImportGlossary(ctx, actor, src, tgt, terms, doc.RejectedCount == 0)
	if err != nil {
		return nil, err
	}
	res := &Result{Entries: doc.Count}
	// Merge the parser's reasons and the store's, in document order.
	k := 0
	for i, e := range doc.Entries {
		for ; k < len(doc.Rejected) && doc.Rejected[k].Index < e.Index; k++ {
			res.reject(doc.Rejected[k].Index, doc.Rejected[k].ID, doc.Rejected[k].Err)
		}
		if refused != nil && refused[i] != nil {
			res.reject(e.Index, e.ID, refused[i])
		}
	}
	for ; k < len(doc.Rejected); k++ {
		res.reject(doc.Rejected[k].Index, doc.Rejected[k].ID, doc.Rejected[k].Err)
	}
	// Rejections past the parser's list are counted, not listed.
	res.RejectedCount += doc.RejectedCount - len(doc.Rejected)
	if res.RejectedCount == 0 {
		res.Imported = len(terms)
	}
	return res, nil
}
