//camp:file 5

//go:build race

package tcp_test

// raceEnabled is true when the tests run with -race, which makes every
// memory access many times slower: the bulk tests move less data then.
const raceEnabled = true
