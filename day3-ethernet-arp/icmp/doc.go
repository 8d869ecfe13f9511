// Generated from solutions/icmp/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/icmp/doc.go instead and regenerate; `course check` fails when the two drift.

// Package icmp reads and writes ICMP messages for IPv4 (RFC 792), the
// messages behind ping and behind "port unreachable" and "time exceeded".
//
// ICMP rides in IPv4 packets of protocol 1. Every message starts with the
// same 8 bytes: a type, a code refining the type, a checksum over the whole
// message (RFC 1071), and four bytes whose meaning depends on the type.
// [Parse] checks the length and the checksum; [Message.Append] writes a
// message with its checksum. [EchoRequest], [EchoReply],
// [DestinationUnreachable] and [TimeExceeded] build the messages this stack
// sends.
//
// # What a host must do (RFC 1122 §3.2.2)
//
// These are rules for the stack that uses this package:
//
//   - answer every Echo Request with an Echo Reply carrying the same
//     identifier, sequence number and data (RFC 1122 §3.2.2.6);
//   - never send an ICMP error about an ICMP error, a broadcast or
//     multicast datagram, or a fragment other than the first (RFC 1122
//     §3.2.2), so that errors cannot multiply;
//   - quote in an error the IP header and at least the first 8 bytes of
//     the datagram that caused it (RFC 792, RFC 1122 §3.2.2), which is what
//     [DestinationUnreachable] and [TimeExceeded] do; those 8 bytes hold
//     the UDP or TCP ports, so the receiver can tell which socket the
//     error is about.
//
// # What is left out
//
// Redirect, Timestamp and the obsolete Information messages are parsed like
// any message (type, code, the four bytes, data) but nothing builds or
// interprets them; a Parameter Problem is at most passed on to the socket
// whose datagram it quotes, and the obsolete Source Quench is ignored (RFC
// 6633). ICMP for IPv6 is a different protocol (RFC 4443).
package icmp
