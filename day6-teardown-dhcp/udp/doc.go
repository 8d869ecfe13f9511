// Generated from solutions/udp/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/udp/doc.go instead and regenerate; `course check` fails when the two drift.

// Package udp reads and writes UDP datagrams (RFC 768): the thinnest
// transport there is, ports and a checksum on top of IP.
//
// A UDP datagram is an 8-byte header (source port, destination port,
// length, checksum) followed by the data, carried in an IPv4 packet of
// protocol 17. [Parse] checks a received datagram and returns its
// [Header] and payload; [Header.Append] writes a datagram with its length
// and checksum. The rest of the package, the UDP layer and its sockets,
// builds on these two.
//
// # The checksum and the pseudo-header
//
// The UDP checksum covers more than the datagram: it also covers a
// "pseudo-header" of the source and destination addresses, the protocol
// number and the UDP length, taken from the IP layer and never sent
// (RFC 768). A datagram delivered to the wrong host, or handed to UDP by
// mistake, therefore fails the check. This is why [Parse] and
// [Header.Append] take the IP addresses as arguments.
//
// The checksum field has two special values (RFC 768):
//
//   - 0 means "the sender computed no checksum". [Parse] accepts such a
//     datagram without a check.
//   - A checksum that computes to 0 is sent as 0xffff instead, the other
//     representation of zero in one's complement arithmetic, so that it
//     cannot be mistaken for "no checksum". [Header.Append] does this, and
//     [Parse] accepts 0xffff exactly when the computed checksum is 0.
//
// # What a host must do (RFC 1122 §4.1.3)
//
//   - Generate and verify UDP checksums, and silently discard a datagram
//     whose checksum is non-zero and wrong (RFC 1122 §4.1.3.4). [Parse]
//     returns an error wrapping [ErrChecksum] for it; dropping and
//     counting it is the stack's job.
//   - Send an ICMP Port Unreachable when no socket listens on the
//     destination port (RFC 1122 §4.1.3.1). That is a decision of the
//     stack, not of the wire format.
//
// # What is left out
//
//   - Sending without a checksum. RFC 1122 §4.1.3.4 lets an application
//     turn checksums off, but they must be on by default; [Header.Append]
//     always computes one. Receiving without one is supported, as above.
//   - UDP-Lite (RFC 3828), whose checksum may cover only part of the
//     datagram.
//   - UDP over IPv6: its pseudo-header holds 128-bit addresses and a 32-bit
//     length (RFC 8200 §8.1), and its checksum is mandatory. Append refuses
//     addresses that are not IPv4 ([ErrAddr]).
//   - Jumbograms (RFC 2675), IPv6 datagrams longer than 65535 bytes, which
//     set the Length field to 0. Parse rejects a Length below 8.
package udp
