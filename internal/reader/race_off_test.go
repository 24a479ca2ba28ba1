//go:build !race

package reader_test

// raceEnabled reports a -race build, whose sync.Pool drops items at random.
const raceEnabled = false
