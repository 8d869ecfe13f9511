// Generated from solutions/interop/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/interop/doc.go instead and regenerate; `course check` fails when the two drift.

// Package interop holds the tests in which the stack talks to the real
// Linux kernel: the stack runs on a TAP device whose kernel side sits in a
// private network namespace that the test creates and removes, and the
// kernel's own tools (ping, sockets, curl, dnsmasq) talk to it. Nothing
// leaves the namespace: the addresses are 192.0.2.0/24 (TEST-NET-1).
//
// The tests are named TestInterop…; they need Linux and root, and skip
// without them (with CI=true they fail instead: CI must run them):
//
//	sudo -E go test -run Interop ./solutions/...
package interop
