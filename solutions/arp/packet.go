//camp:file 3

package arp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/go-tcpip-camp/camp/solutions/ethernet"
)

// An ARP packet for IPv4 over Ethernet (RFC 826, "Packet format"), the
// payload of an Ethernet frame of type 0x0806. Multi-byte fields are
// big-endian. RFC 826 lets the address lengths vary with the hardware and
// the protocol; for Ethernet (6-byte addresses) and IPv4 (4-byte ones)
// the packet is always 28 bytes, laid out like this:
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|       Hardware Type (1)       |     Protocol Type (0x0800)    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|   Hw Len (6)  | Proto Len (4) |       Operation (1 or 2)      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|             Sender Hardware Address, bytes 0-3                |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|   Sender Hw Addr, bytes 4-5   |  Sender Proto Addr, bytes 0-1 |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Sender Proto Addr, bytes 2-3 |   Target Hw Addr, bytes 0-1   |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|             Target Hardware Address, bytes 2-5                |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                  Target Protocol Address                      |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 826 names the fields ar$hrd, ar$pro, ar$hln, ar$pln, ar$op, ar$sha,
// ar$spa, ar$tha and ar$tpa; the offsets below say which is which. The
// hardware addresses are MACs, the protocol addresses IPv4 addresses.
const (
	offHardware    = 0                          // ar$hrd, 2 bytes
	offProtocol    = offHardware + 2            // ar$pro, 2 bytes
	offHardwareLen = offProtocol + 2            // ar$hln
	offProtocolLen = offHardwareLen + 1         // ar$pln
	offOp          = offProtocolLen + 1         // ar$op, 2 bytes
	offSenderMAC   = offOp + 2                  // ar$sha, HardwareLen bytes
	offSenderIP    = offSenderMAC + HardwareLen // ar$spa, ProtocolLen bytes
	offTargetMAC   = offSenderIP + ProtocolLen  // ar$tha, HardwareLen bytes
	offTargetIP    = offTargetMAC + HardwareLen // ar$tpa, ProtocolLen bytes
	PacketLen      = offTargetIP + ProtocolLen  // 28 bytes for Ethernet and IPv4
)

// The field values of the only kind of ARP packet this stack speaks.
const (
	HardwareEthernet = 1                      // ar$hrd of Ethernet (IANA "Hardware Types")
	ProtocolIPv4     = ethernet.EtherTypeIPv4 // ar$pro: the protocol's EtherType (RFC 826)
	HardwareLen      = 6                      // ar$hln: a MAC is 6 bytes
	ProtocolLen      = 4                      // ar$pln: an IPv4 address is 4 bytes
)

// Op is the operation of an ARP packet, ar$op (RFC 826).
type Op uint16

// The operations of RFC 826. Other values (RARP's 3 and 4, RFC 903, and
// later ones IANA lists) are not ARP requests or replies.
const (
	OpRequest Op = 1 // who has this IP address?
	OpReply   Op = 2 // I have it: here is my MAC
)

// String returns "request" or "reply", or the number of another operation.
func (o Op) String() string {
	switch o {
	case OpRequest:
		return "request"
	case OpReply:
		return "reply"
	}
	return strconv.Itoa(int(o))
}

// The errors of [Parse] and [Packet.Append]. Each returned error wraps one
// of them and says what was wrong, so test with errors.Is.
var (
	ErrTooShort = errors.New("arp: packet too short")
	ErrHardware = errors.New("arp: hardware is not Ethernet")
	ErrProtocol = errors.New("arp: protocol is not IPv4")
	ErrOp       = errors.New("arp: not a request or reply")
)

// Packet is an ARP packet for IPv4 over Ethernet: the fields that vary.
// The hardware and protocol types and lengths are always those of Ethernet
// and IPv4 and have no field. The zero Packet is not a valid packet: set
// Op and both IP addresses.
//
// In a request, the sender asks who has TargetIP; TargetMAC is what it is
// looking for, unknown and so zero. In a reply, the sender answers that
// it has SenderIP at SenderMAC, and the target is whoever asked.
type Packet struct {
	Op        Op
	SenderMAC ethernet.MAC // ar$sha
	SenderIP  netip.Addr   // ar$spa, an IPv4 address
	TargetMAC ethernet.MAC // ar$tha, zero in a request
	TargetIP  netip.Addr   // ar$tpa, an IPv4 address
}

// Request returns the request a host at senderIP and senderMAC broadcasts
// to learn the MAC of targetIP. The target MAC is zero: it is what the
// request asks for. RFC 826 leaves it unspecified; RFC 5227 asks for zero
// in its probes and announcements, and Linux sends zero too.
func Request(senderMAC ethernet.MAC, senderIP, targetIP netip.Addr) Packet {
	return Packet{Op: OpRequest, SenderMAC: senderMAC, SenderIP: senderIP, TargetIP: targetIP}
}

// Reply returns a reply saying that senderIP is at senderMAC, to the host
// at targetIP and targetMAC. To answer a request for one of our addresses,
// swap the sides (RFC 826, "Packet Reception"):
//
//	reply := arp.Reply(ourMAC, req.TargetIP, req.SenderMAC, req.SenderIP)
func Reply(senderMAC ethernet.MAC, senderIP netip.Addr, targetMAC ethernet.MAC, targetIP netip.Addr) Packet {
	return Packet{Op: OpReply, SenderMAC: senderMAC, SenderIP: senderIP, TargetMAC: targetMAC, TargetIP: targetIP}
}

// IsGratuitous reports whether p is a gratuitous ARP packet: one whose
// sender and target IP addresses are the same, valid address. Nobody asks
// for its own address, so such a packet does not ask anything: it
// announces "SenderIP is at SenderMAC" to every host on the link, which
// updates any cache entry it has for SenderIP. A host sends one when it
// starts using an address or its MAC changes; RFC 5227 §2.3 calls it an
// ARP Announcement and §3 explains why it is sent as a request, not a
// reply. (An RFC 5227 probe, with sender IP 0.0.0.0, is not gratuitous.)
func (p Packet) IsGratuitous() bool {
	return p.SenderIP.IsValid() && p.SenderIP == p.TargetIP
}

// String describes the packet in tcpdump's words:
//
//	request who-has 192.0.2.2 tell 192.0.2.1 (02:00:00:00:00:01)
//	reply 192.0.2.2 is-at 02:00:00:00:00:02
//
// The MAC in parentheses after "tell" is the asker's. A request whose
// target MAC is not zero shows it after the address asked for, as tcpdump
// does. Another operation prints every field.
func (p Packet) String() string {
	switch p.Op {
	case OpRequest:
		s := fmt.Sprintf("request who-has %v", p.TargetIP)
		if !p.TargetMAC.IsZero() {
			s += fmt.Sprintf(" (%v)", p.TargetMAC)
		}
		return s + fmt.Sprintf(" tell %v (%v)", p.SenderIP, p.SenderMAC)
	case OpReply:
		return fmt.Sprintf("reply %v is-at %v", p.SenderIP, p.SenderMAC)
	}
	return fmt.Sprintf("op %v sender %v (%v) target %v (%v)", p.Op, p.SenderIP, p.SenderMAC, p.TargetIP, p.TargetMAC)
}

// Parse reads the ARP packet at the start of b, an Ethernet frame's
// payload. Bytes after the 28 of the packet, the frame's padding, are
// ignored. The checks run cheapest first and follow RFC 826's "Packet
// Reception", which drops what the host does not speak:
//
//  1. b holds at least [PacketLen] bytes ([ErrTooShort]);
//  2. the hardware is Ethernet with 6-byte addresses ([ErrHardware]);
//  3. the protocol is IPv4 with 4-byte addresses ([ErrProtocol]);
//  4. the operation is a request or a reply ([ErrOp]).
//
// RFC 826 reads the operation last, after updating its table from the
// sender's addresses; Parse rejects other operations (RARP's, InARP's)
// first, so that the stack never learns from a packet it does not
// understand. Parse does not judge the addresses: whether a request is for
// this host, or a sender is one to believe, is the stack's decision.
func Parse(b []byte) (Packet, error) {
	if len(b) < PacketLen {
		return Packet{}, fmt.Errorf("%w: %d bytes, need %d", ErrTooShort, len(b), PacketLen)
	}
	//camp:todo 3.2 arp-parse: check the hardware and protocol types and lengths and the operation, then read the addresses
	//camp:mistake 3.2 arp-parse-no-length-check: the hardware type is checked but not the address length, so a packet with 8-byte hardware addresses is read as if they had 6
	if hrd, hln := binary.BigEndian.Uint16(b[offHardware:]), b[offHardwareLen]; hrd != HardwareEthernet || hln != HardwareLen {
		//camp:instead
		// if hrd, hln := binary.BigEndian.Uint16(b[offHardware:]), b[offHardwareLen]; hrd != HardwareEthernet {
		//camp:end
		return Packet{}, fmt.Errorf("%w: hardware type %d with %d-byte addresses, want %d with %d", ErrHardware, hrd, hln, HardwareEthernet, HardwareLen)
	}
	if pro, pln := ethernet.EtherType(binary.BigEndian.Uint16(b[offProtocol:])), b[offProtocolLen]; pro != ProtocolIPv4 || pln != ProtocolLen {
		return Packet{}, fmt.Errorf("%w: protocol %v with %d-byte addresses, want %v with %d", ErrProtocol, pro, pln, ProtocolIPv4, ProtocolLen)
	}
	op := Op(binary.BigEndian.Uint16(b[offOp:]))
	if op != OpRequest && op != OpReply {
		return Packet{}, fmt.Errorf("%w: operation %d", ErrOp, uint16(op))
	}
	return Packet{
		Op:        op,
		SenderMAC: ethernet.MAC(b[offSenderMAC:offSenderIP]),
		SenderIP:  netip.AddrFrom4([4]byte(b[offSenderIP:offTargetMAC])),
		TargetMAC: ethernet.MAC(b[offTargetMAC:offTargetIP]),
		TargetIP:  netip.AddrFrom4([4]byte(b[offTargetIP:PacketLen])),
	}, nil
	//camp:stub
	// // Hint: read ar$hrd, ar$hln, ar$pro, ar$pln and ar$op at their offsets (binary.BigEndian),
	// // Hint: returning an error that wraps ErrHardware, ErrProtocol or ErrOp for a wrong one.
	// // Hint: ethernet.MAC(b[offSenderMAC:offSenderIP]) and netip.AddrFrom4([4]byte(b[…])) read the addresses.
	// return Packet{}, todo.New(3, "arp-parse")
	//camp:end
}

// Append appends the 28-byte packet to b and returns the extended slice
// (pass a buffer with spare capacity and nothing is allocated). It returns
// b unchanged and an error wrapping [ErrOp] if p.Op is not a request or a
// reply, or [ErrProtocol] if an IP address is not IPv4 (an IPv4-mapped
// IPv6 address is not either: use netip.Addr.Unmap).
func (p Packet) Append(b []byte) ([]byte, error) {
	if p.Op != OpRequest && p.Op != OpReply {
		return b, fmt.Errorf("%w: operation %d", ErrOp, uint16(p.Op))
	}
	if !p.SenderIP.Is4() || !p.TargetIP.Is4() {
		return b, fmt.Errorf("%w: sender %v and target %v must be IPv4 addresses", ErrProtocol, p.SenderIP, p.TargetIP)
	}
	b = slices.Grow(b, PacketLen)
	pkt := b[len(b) : len(b)+PacketLen]
	binary.BigEndian.PutUint16(pkt[offHardware:], HardwareEthernet)
	binary.BigEndian.PutUint16(pkt[offProtocol:], uint16(ProtocolIPv4))
	pkt[offHardwareLen] = HardwareLen
	pkt[offProtocolLen] = ProtocolLen
	binary.BigEndian.PutUint16(pkt[offOp:], uint16(p.Op))
	senderIP, targetIP := p.SenderIP.As4(), p.TargetIP.As4()
	copy(pkt[offSenderMAC:], p.SenderMAC[:])
	copy(pkt[offSenderIP:], senderIP[:])
	copy(pkt[offTargetMAC:], p.TargetMAC[:])
	copy(pkt[offTargetIP:], targetIP[:])
	return b[:len(b)+PacketLen], nil
}
