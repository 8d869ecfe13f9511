// Generated from solutions/internal/netns/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/internal/netns/doc.go instead and regenerate; `course check` fails when the two drift.

// Package netns gives interop tests a private network of their own, made of
// Linux network namespaces.
//
// A network namespace is a separate copy of the kernel's network stack:
// its own interfaces, addresses, routing table, ARP cache, firewall and
// sockets. A process runs in one namespace at a time and sees only that
// namespace's network. A new namespace holds nothing but a loopback
// interface, which is down; `ip netns add NAME` makes one and gives it a
// name, and `ip netns exec NAME cmd` runs cmd inside it. Containers are
// built from namespaces like these.
//
// Interop tests check our stack against the real one, the kernel's. Each
// test makes its own namespace ([New]), moves into it the TAP device on
// which our stack runs ([NS.AddTAP]), and drives the kernel from inside it:
// `ping`, sockets, `curl`. So:
//
//   - nothing leaves the namespace: its only link is the TAP, whose other
//     end is our stack; no route reaches the host's network;
//   - the addresses are those of TEST-NET-1, 192.0.2.0/24 (RFC 5737),
//     reserved for documentation and never routed on the Internet;
//   - tests do not disturb the host or each other, and can run in
//     parallel;
//   - everything is removed when the test ends, passed or failed
//     (testing.T.Cleanup).
//
// Later days join two namespaces with a veth pair ([NS.AddVethPeer]), a
// virtual cable whose two ends are interfaces, to build routed networks.
//
// All of this needs Linux and the `ip` command of iproute2, and either root
// or a user namespace. As root, New makes named namespaces (`ip netns add
// camp-PID-TEST-N`). As an ordinary user, the test binary first moves
// itself into a user namespace of its own (`unshare --user
// --map-root-user --net`), where it is root over its own namespaces and
// nothing else; Linux allows it unless a sysctl forbids it, and the TAP
// device needs /dev/net/tun mode 0666, as distributions ship it. See
// userns_linux.go. [RequireRoot] skips a test that can have neither, and
// says exactly what forbids it and the two ways out — except in CI
// (CI=true) on Linux, where interop tests must run and a missing privilege
// or command fails the test. On other systems the package builds, and its
// functions skip the test or return an error.
package netns
