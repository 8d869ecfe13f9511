//camp:file 5

//go:build race

package interop_test

// raceEnabled is true under -race, which slows every memory access: the
// bulk transfers move less data then.
const raceEnabled = true
