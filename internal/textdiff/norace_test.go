//go:build !race

package textdiff

// raceEnabled reports whether the race detector is on.
const raceEnabled = false
