// Generated from solutions/tcp/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/doc.go instead and regenerate; `course check` fails when the two drift.

// Package tcp is the stack's TCP (RFC 9293): reliable, ordered byte
// streams between two ports, built on IPv4 packets that may be lost,
// duplicated or reordered.
//
// # Two halves
//
// The wire format is in header.go and options.go: [Parse] checks a
// received segment (length, data offset, checksum over the pseudo-header,
// options) and returns its [Header] and data; [Header.Append] writes a
// segment with its data offset and checksum. Sequence numbers are
// [seqnum.Value]s, compared with wrap-safe methods, never with <.
//
// The state machine lives in the other files beside them. It takes parsed
// headers, follows RFC 9293 §3.10.7 ("SEGMENT ARRIVES") step by step, and
// names its variables as the RFC does (SND.UNA is sndUna, RCV.NXT is
// rcvNxt, ISS is iss).
//
// # The RFCs
//
//   - RFC 9293: the protocol, the header (§3.1), the options (§3.2), the
//     sequence numbers (§3.4), the states and the event processing (§3.10).
//   - RFC 6298: computing the retransmission timeout (RTO) from measured
//     round-trip times, and backing off.
//   - RFC 6528: choosing initial sequence numbers that an off-path
//     attacker cannot guess.
//   - RFC 5961: challenge ACKs, so that a blind attacker cannot reset a
//     connection or inject a SYN with a guessed sequence number.
//   - RFC 7323: the window scale option (windows above 64 KiB) and the
//     timestamps option.
//   - RFC 6691 and RFC 9293 §3.7.1: the MSS option counts the data only,
//     not the TCP or IP options.
//   - RFC 1122 §4.2.3.9 and RFC 5927: ICMP errors about our segments, soft
//     and hard, taken only if the sequence number they quote is in flight;
//     RFC 1191: path MTU discovery (icmp_errors.go).
//
// # What is left out
//
//   - Urgent data: the URG flag and the urgent pointer are parsed and
//     written, but urgent data is delivered as ordinary data (RFC 6093
//     advises new applications not to use it).
//   - Selective acknowledgments (RFC 2018): SACK-permitted is parsed, so
//     a peer's SYN is understood, but SACK blocks are neither sent nor
//     used; lost data is found by the cumulative ACK alone.
//   - Explicit congestion notification (RFC 3168): the ECE and CWR flags
//     are parsed and written, but never set or acted on.
//   - Options other than MSS, window scale, SACK-permitted and timestamps
//     are skipped by their length, as RFC 9293 §3.1 requires.
//   - TCP over IPv6: [Header.Append] accepts only IPv4 addresses, whose
//     pseudo-header it knows.
package tcp
