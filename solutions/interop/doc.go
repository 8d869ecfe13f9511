//camp:file 3

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
