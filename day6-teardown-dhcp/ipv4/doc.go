// Generated from solutions/ipv4/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ipv4/doc.go instead and regenerate; `course check` fails when the two drift.

// Package ipv4 reads and writes the IPv4 header (RFC 791 §3.1).
//
// The package is the wire format only: [Parse] turns bytes into a [Header]
// and its payload, [Header.Append] turns a Header back into bytes. Deciding
// what to do with a packet (is it for us, which protocol gets it, where to
// send a reply) belongs to the stack, which uses this package.
//
// # What a host must check
//
// [Parse] rejects, with a reason, every packet a host must silently drop:
//
//   - a version other than 4 (RFC 1122 §3.2.1.1);
//   - a header shorter than 20 bytes or longer than the packet, or a Total
//     Length that does not fit (RFC 791 §3.1);
//   - a bad header checksum (RFC 1122 §3.2.1.2: "A host MUST verify the IP
//     header checksum on every received datagram").
//
// The checksum is verified by recomputing it with the checksum field read
// as zero and comparing (see package checksum). RFC 1071's other method,
// summing over the field, would also accept 0xffff where the computed
// checksum is 0x0000; no correct sender writes that, and Parse rejects it.
//
// Parse does not check the TTL or the addresses: those are routing
// decisions, taken by the stack (RFC 1122 §3.2.1.3 and §3.2.1.7).
//
// # Link padding
//
// An Ethernet frame carries at least 46 bytes, so a short IP packet (a TCP
// ACK is 40 bytes) arrives with padding after it. Total Length says where
// the packet really ends; Parse returns the payload up to there and drops
// the rest.
//
// # What is left out
//
//   - Fragments (RFC 791 §3.2, RFC 815), on Days 2 and 3. [Header.IsFragment]
//     recognises them so that the stack can count and drop them, and the
//     stack never fragments what it sends. Day 4 reassembles fragments
//     (reassembly.go) and fragments datagrams too big for the link
//     (fragment.go); the Identification then comes from per-destination
//     counters (ident.go, RFC 6864, RFC 7739).
//   - Options (RFC 791 §3.1, RFC 1122 §3.2.1.8). Parse keeps them as raw
//     bytes in [Header.Options] and Append writes them back; nothing
//     interprets them.
//   - IPv6.
package ipv4
