// Generated from solutions/tcp/norace_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/tcp/norace_test.go instead and regenerate; `course check` fails when the two drift.

//go:build !race

package tcp_test

// raceEnabled is true when the tests run with -race (see race_test.go).
const raceEnabled = false
