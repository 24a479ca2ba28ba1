package glossaryio

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/qa"
)

func TestReadingAGlossaryCSV(t *testing.T) {
	head := CSVHeader + "\n"
	tests := []struct {
		name       string
		in         string
		wantErr    string // message ID of the whole file's refusal
		wantTerms  int
		wantReject map[int]string // line → message ID
	}{
		{"a file with only the header holds nothing", head, "", 0, nil},
		{"good rows are read with their translations split at |", head + "refugee,качкын|босқун,беженец,,false,true\n", "", 1, nil},
		{"a file without the header is refused", "refugee,качкын,,,false,true\n", "ErrCSVHeader", 0, nil},
		{"an empty file is refused", "", "ErrCSVHeader", 0, nil},
		{"a row with too few fields is rejected with its line", head + "ok,да,,,false,false\nshort,x\n", "", 1, map[int]string{3: "ErrCSVFields"}},
		{"a flag that is not true or false is rejected", head + "x,y,,,maybe,false\n", "", 0, map[int]string{2: "ErrCSVFlags"}},
		{"a broken quote is rejected", head + "\"x,y,,,false,false\n", "", 0, map[int]string{2: "ErrCSVRow"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, terms, lines, err := readCSV(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if e, ok := newsroom.AsError(err); !ok || e.ID != tt.wantErr {
					t.Fatalf("error %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(terms) != tt.wantTerms || len(lines) != len(terms) {
				t.Errorf("%d terms on %d lines, want %d", len(terms), len(lines), tt.wantTerms)
			}
			if res.RejectedCount != len(tt.wantReject) {
				t.Fatalf("rejected %+v, want %v", res.Rejected, tt.wantReject)
			}
			for _, r := range res.Rejected {
				if e, ok := newsroom.AsError(r.Err); !ok || e.ID != tt.wantReject[r.Pos] {
					t.Errorf("line %d: %v, want %s", r.Pos, r.Err, tt.wantReject[r.Pos])
				}
			}
		})
	}
	t.Run("a file over MaxCSV bytes is refused", func(t *testing.T) {
		big := head + strings.Repeat("term,перевод,,,false,false\n", MaxCSV/20)
		if _, _, _, err := readCSV(strings.NewReader(big)); newsroom.ErrorCode(err) != newsroom.EInvalid {
			t.Fatalf("error %v", err)
		}
	})
}

func TestAnExportedCSVReadsBackTheSameTerms(t *testing.T) {
	in := []*qa.StoredTerm{
		{Term: qa.Term{Source: "UNHCR", Translations: []string{"УВКБ ООН"}, Forbidden: []string{"УВКБ"}, Note: `the agency, "UN Refugee Agency"`, CaseSensitive: true}},
		{Term: qa.Term{Source: "refugee", Translations: []string{"качкын", "босқун"}, WordForms: true}},
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, in); err != nil {
		t.Fatal(err)
	}
	res, terms, _, err := readCSV(&b)
	if err != nil || res.RejectedCount != 0 || len(terms) != 2 {
		t.Fatalf("read back %+v %v %v", terms, res, err)
	}
	for i, got := range terms {
		want := in[i].Term
		if got.Source != want.Source || strings.Join(got.Translations, "|") != strings.Join(want.Translations, "|") ||
			strings.Join(got.Forbidden, "|") != strings.Join(want.Forbidden, "|") || got.Note != want.Note ||
			got.CaseSensitive != want.CaseSensitive || got.WordForms != want.WordForms {
			t.Errorf("term %d: %+v, want %+v", i, got, want)
		}
	}
}

// FuzzReadCSV checks that any input is read or refused without a panic,
// and that what is kept stays within the bound: never more rows than
// lines, never more listed rejections than MaxRejected.
func FuzzReadCSV(f *testing.F) {
	f.Add(CSVHeader + "\nrefugee,качкын|босқун,,,false,true\n")
	f.Add(CSVHeader + "\n\"x,y\n,,,\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		res, terms, lines, err := readCSV(strings.NewReader(in))
		if err != nil {
			if newsroom.ErrorCode(err) != newsroom.EInvalid {
				t.Fatalf("error %v", err)
			}
			return
		}
		if len(terms) != len(lines) || len(terms)+res.RejectedCount != res.Entries || len(res.Rejected) > MaxRejected {
			t.Fatalf("%d terms, %d lines, %+v", len(terms), len(lines), res)
		}
		if res.Entries > strings.Count(in, "\n")+1 {
			t.Fatalf("%d entries from %d lines", res.Entries, strings.Count(in, "\n")+1)
		}
	})
}
