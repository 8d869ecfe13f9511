// Generated from solutions/arp/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 4 — write its TODOs here. Course authors: edit
// solutions/arp/doc.go instead and regenerate; `course check` fails when the two drift.

// Package arp reads and writes ARP packets (RFC 826) for the one case an
// IPv4 host on an Ethernet needs: resolving IPv4 addresses to Ethernet
// MAC addresses. RFC 1122 §2.3.3 says that on an Ethernet this translation
// MUST be done by ARP; §2.3.2 adds rules for the cache of answers.
//
// Before a host can send an IP packet to a neighbour, it needs the
// neighbour's MAC for the Ethernet header. It broadcasts a [Request]
// ("who has 192.0.2.2? tell 192.0.2.1"); the owner of the address answers
// with a [Reply] sent straight back ("192.0.2.2 is at 02:00:00:00:00:02").
// Both are 28-byte [Packet]s in Ethernet frames of type 0x0806. [Parse]
// turns bytes into a Packet, [Packet.Append] turns a Packet into bytes.
//
// The cache of answers, the queue of packets waiting for one, and the
// decision to answer a request are the stack's: they take parsed packets
// and return the packets to send.
//
// The cache keeps each neighbour in one of the states of RFC 4861 §7.3.2
// (neighbour unreachability detection, which Linux applies to ARP too; see
// [State]): an answer is trusted for [Options.ReachableTime], then the
// entry goes STALE but is still used, and the next datagram sent to it
// starts a check (DELAY, then unicast probes) that never holds the
// datagram back. TCP's acknowledgements confirm a neighbour
// ([Layer.Confirm]), so a busy connection needs no ARP at all.
//
// # What is left out
//
//   - Other hardware (RFC 826's hardware type field; IANA keeps the list)
//     and other protocols (RFC 826's protocol type field, for example
//     Chaosnet in 1982): [Parse] rejects any packet that is not for
//     Ethernet and IPv4, with [ErrHardware] or [ErrProtocol].
//   - Other operations: RARP (RFC 903, operations 3 and 4, which also uses
//     its own EtherType 0x8035) and Inverse ARP (RFC 2390) are rejected
//     with [ErrOp].
//   - IPv6, which resolves addresses with Neighbor Discovery (RFC 4861),
//     an ICMPv6 protocol, not ARP.
//   - The random reachable time of RFC 4861 §6.3.2 (Linux draws it
//     between 0.5 and 1.5 times base_reachable_time): ours is exactly
//     [Options.ReachableTime], so that tests can predict it.
//   - Address conflict detection (RFC 5227 probes and defence).
//     [Packet.IsGratuitous] recognises announcements, which is all the
//     stack needs to keep its cache right.
package arp
