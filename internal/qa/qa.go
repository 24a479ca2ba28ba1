// Package qa checks a translation against its source the way a newsroom
// reviewer would: figures, currencies, links, Markdown, quotation marks,
// paragraphs, look-alike letters, glossary terms and spacing.
//
// Results are data, not sentences: each names its check, its severity, where
// it is and a go-i18n message ID with arguments, so the interface localizes
// them late. The package is pure and bounds its own work: Check looks at most
// MaxParagraphs paragraphs and MaxResults results, whatever the input.
package qa

import (
	"context"
	"strings"

	"github.com/kotormo/kotormo/internal/newsroom"
	"github.com/kotormo/kotormo/internal/textdiff"
)

// Severity says whether a result blocks approval.
type Severity string

// The severities. Errors block approval unless the reviewer records an
// override reason; warnings only inform.
const (
	Warning Severity = "warning"
	Error   Severity = "error"
)

// Field names the part of a version a result is about.
type Field string

// The fields of a version.
const (
	FieldTitle Field = "title"
	FieldLead  Field = "lead"
	FieldBody  Field = "body"
)

// The checks, as reported in Result.Check.
const (
	CheckNumbers    = "numbers"
	CheckCurrency   = "currency"
	CheckLinks      = "links"
	CheckMarkdown   = "markdown"
	CheckQuotes     = "quotes"
	CheckParagraphs = "paragraphs"
	CheckLookalikes = "lookalikes"
	CheckGlossary   = "glossary"
	CheckSpacing    = "spacing"
)

// Bounds on the work of one Check call.
const (
	// MaxParagraphs is the most body paragraphs compared; the rest are
	// counted but not checked one by one.
	MaxParagraphs = 2_000
	// MaxResults is the most results returned.
	MaxResults = 500
	// maxTerms is the most glossary terms looked for in one call.
	maxTerms = 5_000
)

// Result is one finding.
type Result struct {
	Check    string   `json:"check"`
	Severity Severity `json:"severity"`
	Field    Field    `json:"field"`
	// Paragraph is the index of the body paragraph (from 0); 0 for the
	// title and the lead; -1 for the body as a whole.
	Paragraph int            `json:"paragraph"`
	MessageID string         `json:"message_id"`
	Args      map[string]any `json:"args"`
}

// Text is one language's side of a comparison.
type Text struct {
	Lang    string
	Content newsroom.Content
}

// Input is what Check compares.
type Input struct {
	Source, Target Text
	// Glossary holds the terms of the source → target language pair.
	Glossary []Term
}

// Errors counts the results of severity Error.
func Errors(rs []Result) int {
	n := 0
	for _, r := range rs {
		if r.Severity == Error {
			n++
		}
	}
	return n
}

// Check runs every check on in and returns the findings in reading order
// (title, lead, then body paragraphs). An untranslated target (no title)
// gets no results: there is nothing to check yet.
func Check(in Input) []Result {
	if strings.TrimSpace(in.Target.Content.Title) == "" && in.Target.Content.Body == "" && in.Target.Content.Lead == "" {
		return nil
	}
	c := &checker{src: in.Source.Lang, tgt: in.Target.Lang, gloss: newGlossary(in.Glossary, in.Source.Lang, in.Target.Lang)}
	c.pair(FieldTitle, 0, in.Source.Content.Title, in.Target.Content.Title)
	c.pair(FieldLead, 0, in.Source.Content.Lead, in.Target.Content.Lead)
	sp, tp := textdiff.Paragraphs(in.Source.Content.Body), textdiff.Paragraphs(in.Target.Content.Body)
	if len(sp) != len(tp) {
		c.add(CheckParagraphs, Error, FieldBody, -1, "QAParagraphCount", "Source", len(sp), "Target", len(tp))
	}
	for i := 0; i < max(len(sp), len(tp)) && i < MaxParagraphs; i++ {
		var s, t string
		if i < len(sp) {
			s = sp[i]
		}
		if i < len(tp) {
			t = tp[i]
		}
		c.pair(FieldBody, i, s, t)
	}
	return c.out
}

// checker collects results.
type checker struct {
	src, tgt string
	gloss    *glossary
	out      []Result
}

func (c *checker) add(check string, sev Severity, f Field, para int, id string, kv ...any) {
	if len(c.out) >= MaxResults {
		return
	}
	args := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i].(string)] = kv[i+1]
	}
	c.out = append(c.out, Result{Check: check, Severity: sev, Field: f, Paragraph: para, MessageID: id, Args: args})
}

// pair checks one source paragraph (or title or lead) against its translation.
func (c *checker) pair(f Field, i int, s, t string) {
	if strings.TrimSpace(s) == "" && strings.TrimSpace(t) == "" {
		return
	}
	if strings.TrimSpace(t) == "" {
		c.add(CheckParagraphs, Error, f, i, "QAEmpty")
		return
	}
	if strings.TrimSpace(s) != "" && strings.TrimSpace(s) == strings.TrimSpace(t) && c.src != c.tgt && !nameOrNumber(s) {
		c.add(CheckParagraphs, Warning, f, i, "QAUntranslated")
	}
	c.numbers(f, i, s, t)
	c.currency(f, i, s, t)
	c.links(f, i, s, t)
	if f == FieldBody {
		c.markdown(i, s, t)
	}
	c.quotes(f, i, t)
	c.lookalikes(f, i, t)
	c.glossary(f, i, s, t)
	c.spacing(f, i, t)
}

// Glossaries gives the glossary of a language pair.
type Glossaries interface {
	// Terms returns the terms of the src → tgt glossary.
	Terms(ctx context.Context, src, tgt string) ([]Term, error)
}

// Progress counts the body paragraphs of the source and how many of them
// the translation answers: a non-empty paragraph in the same place that is
// not a copy of the source (unless that paragraph is a name or a number).
func Progress(src, tgt newsroom.Content) (translated, total int) {
	sp, tp := textdiff.Paragraphs(src.Body), textdiff.Paragraphs(tgt.Body)
	for i, s := range sp {
		if i < len(tp) && strings.TrimSpace(tp[i]) != "" && (tp[i] != s || nameOrNumber(s)) {
			translated++
		}
	}
	return translated, len(sp)
}
