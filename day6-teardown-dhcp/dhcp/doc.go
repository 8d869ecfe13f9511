// Generated from solutions/dhcp/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/dhcp/doc.go instead and regenerate; `course check` fails when the two drift.

// Package dhcp is a DHCP client (RFC 2131, with the options of RFC 2132):
// it asks the network for an IPv4 address, configures it on the stack with
// its subnet and default gateway, keeps it by renewing the lease, and gives
// it back when it stops.
//
// The package has the shape of every protocol package of the stack: the
// wire format ([Message], [Parse], [Message.Append] in message.go, the
// options in options.go), then the protocol (the [Client] and its state
// machine in client.go, state.go, request.go, timers.go and lease.go).
//
// # The exchange
//
//	client (0.0.0.0:68)                                server (192.0.2.1:67)
//	  │── DHCPDISCOVER  to 255.255.255.255 ─────────────────►│  "any server there?"
//	  │◄───────────────────────────────────── DHCPOFFER ─────│  yiaddr 192.0.2.50, lease 1h, server id
//	  │── DHCPREQUEST   to 255.255.255.255 ─────────────────►│  requested 192.0.2.50, server id
//	  │◄───────────────────────────────────── DHCPACK ───────│  the address is yours, with mask, router …
//	  │   … T1 (half the lease): DHCPREQUEST by unicast, to renew
//	  │── DHCPRELEASE   to 192.0.2.1 ───────────────────────►│  on stop
//
// The client broadcasts from 0.0.0.0 before it has an address: the IP
// layer lets it (ipv4.Layer.Broadcast, and UDP input on a device with no
// address, in ipv4/autoconf.go), and its UDP socket sends broadcasts out of
// its device (udp.Conn.SetBroadcastDevice).
//
// # RFCs
//
//   - RFC 2131: the protocol, the client's states (§4.4) and its
//     retransmission (§4.1).
//   - RFC 2132: the options: subnet mask (1), router (3), DNS servers (6),
//     host name (12), requested address (50), lease time (51), message type
//     (53), server identifier (54), parameter request list (55), message
//     (56), T1 (58), T2 (59), client identifier (61).
//   - RFC 3396: an option longer than 255 bytes is split into several
//     options of the same code, joined again by the receiver.
//
// # What is left out
//
//   - INIT-REBOOT and REBOOTING (§4.4.2): the client does not remember a
//     lease across runs, and always starts with a DHCPDISCOVER.
//   - DHCPDECLINE (§4.4.1): the client does not probe the offered address
//     with ARP before using it.
//   - DHCPINFORM (§4.4.3), for hosts whose address is configured by hand.
//   - Choosing among offers: the first acceptable DHCPOFFER wins.
//   - Option overload (52): options carried in the sname and file fields.
//   - Relay agents are the server side's business; the client only copies
//     nothing and reads giaddr for the logs.
//   - One client per device, and one device per stack with a client: the
//     client binds UDP port 68, and the stack's UDP lets one socket have a
//     port.
package dhcp
