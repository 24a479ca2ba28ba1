package render

import (
	"strings"
)

// defuse is a pre-pass over src, outside fenced code, that keeps goldmark's
// parsing time linear: the (MaxNesting+1)th quote or list marker opening a
// line ("> > - …") is escaped, so the rest of the line is text. goldmark
// opens nested blocks in time quadratic in their number (10,000 "> " took
// seconds). Deeper nesting built over several lines costs input quadratic in
// the depth, and is caught after parsing (checkTree).
//
// It returns the text to parse, and errNesting when a line was nested too deep.
func defuse(src string) (string, error) {
	var out strings.Builder
	var err error
	fence, done := "", 0 // done: bytes of src already copied to out
	for start := 0; start < len(src); {
		end := strings.IndexByte(src[start:], '\n') + 1
		if end == 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		if m := fenceMarker(line); m != "" && (fence == "" || (m[0] == fence[0] && len(m) >= len(fence))) {
			if fence == "" {
				fence = m
			} else {
				fence = ""
			}
		} else if fence == "" {
			fixed := line
			if cut := tooDeep(line); cut >= 0 {
				fixed = line[:cut] + `\` + line[cut:]
				if err == nil {
					err = errNesting()
				}
			}
			if len(fixed) != len(line) {
				out.WriteString(src[done:start])
				out.WriteString(fixed)
				done = end
			}
		}
		start = end
	}
	if done == 0 {
		return src, err
	}
	out.WriteString(src[done:])
	return out.String(), err
}

// tooDeep returns the offset in line at which a backslash makes its
// (MaxNesting+1)th leading quote or list marker literal, or -1 when line opens
// at most MaxNesting of them. A thematic break ("- - -") opens none.
func tooDeep(line string) int {
	if thematicBreak(line) {
		return -1
	}
	n := 0
	for i := 0; ; {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			return -1
		}
		at, next := i, 0 // where to escape, and where the marker ends
		switch c := line[i]; {
		case c == '>':
			next = i + 1
		case c == '-' || c == '+' || c == '*':
			if blankOrEnd(line, i+1) {
				next = i + 1
			}
		case c >= '0' && c <= '9':
			d := i
			for d < len(line) && d-i < 9 && line[d] >= '0' && line[d] <= '9' {
				d++
			}
			if d < len(line) && (line[d] == '.' || line[d] == ')') && blankOrEnd(line, d+1) {
				at, next = d, d+1
			}
		}
		if next == 0 {
			return -1
		}
		if n++; n > MaxNesting {
			return at
		}
		i = next
	}
}

// blankOrEnd reports whether line[i] is white space or past the line's text.
func blankOrEnd(line string, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\r'
}

// thematicBreak reports whether line is a thematic break: three or more of
// one of '-', '*', '_', with only white space between.
func thematicBreak(line string) bool {
	var mark byte
	n := 0
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t', '\n', '\r':
		case '-', '*', '_':
			if mark != 0 && c != mark {
				return false
			}
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// fenceMarker returns the run of backticks or tildes that opens line when
// line is a code fence, and "" otherwise.
func fenceMarker(line string) string {
	trimmed := strings.TrimLeft(line, " ")
	if len(line)-len(trimmed) > 3 || len(trimmed) < 3 || (trimmed[0] != '`' && trimmed[0] != '~') {
		return ""
	}
	n := 0
	for n < len(trimmed) && trimmed[n] == trimmed[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return trimmed[:n]
}
