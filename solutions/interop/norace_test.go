//camp:file 5

//go:build !race

package interop_test

// raceEnabled is true under -race (see race_test.go).
const raceEnabled = false
