//camp:file 5

//go:build !race

package tcp_test

// raceEnabled is true when the tests run with -race (see race_test.go).
const raceEnabled = false
