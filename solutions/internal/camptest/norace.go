//go:build !race

package camptest

// raceEnabled is true when the tests run with -race (see [FullSize]).
const raceEnabled = false
