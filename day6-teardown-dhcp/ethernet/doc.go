// Generated from solutions/ethernet/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ethernet/doc.go instead and regenerate; `course check` fails when the two drift.

// Package ethernet reads and writes Ethernet II frames, the framing that
// carries IPv4 and ARP on an Ethernet (RFC 894; RFC 1122 §2.3.3 requires
// every host on an Ethernet to use it), and provides [MAC], the hardware
// address type.
//
// A frame is a 14-byte header (destination and source addresses and an
// EtherType saying what the payload is) and 46 to 1500 bytes of payload.
// [Parse] splits a received frame into a [Header] and its payload;
// [AppendFrame] builds a frame to send, padding a short payload to the
// minimum frame size as RFC 894 ("Frame Format") requires. The frame check
// sequence is not part of either: the network card, or the kernel behind a
// TAP device, adds and strips it.
//
// Which frames a host takes (its own address, broadcast, the multicast
// groups it joined) and which protocol gets the payload is decided by the
// stack, not here.
//
// # What is left out
//
//   - IEEE 802.3 frames with an LLC header (IEEE 802.2) and SNAP: their
//     type field holds a length below 0x0600, and [Parse] rejects them
//     with [ErrEtherType]. RFC 1042 describes IP over them. RFC 1122
//     §2.3.3 says a host MUST send and receive RFC 894 frames and SHOULD
//     also receive RFC 1042 ones; this stack does only the MUST.
//   - VLAN tags (IEEE 802.1Q): [EtherTypeVLAN] is named, so that a tagged
//     frame prints as one, but the tag is not parsed; the payload of such
//     a frame starts with the tag.
//   - Jumbo frames: [AppendFrame] refuses payloads over 1500 bytes.
//   - The FCS (CRC-32), the preamble and the start-of-frame delimiter,
//     which software never sees.
package ethernet
