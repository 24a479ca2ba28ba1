//go:build race

package render

// raceEnabled reports whether the race detector is on; it slows code down
// tenfold or more, so the tests of large inputs are skipped under it.
const raceEnabled = true
