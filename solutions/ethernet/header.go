//camp:file 3

package ethernet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// An Ethernet II frame (RFC 894, IEEE 802.3 clause 3.1.1), as software
// sees it. Multi-byte fields are big-endian.
//
//	+-------------+-------------+-----------+---------------------------+
//	| Destination |   Source    | EtherType |          Payload          |
//	|     MAC     |     MAC     |           |                           |
//	|   6 bytes   |   6 bytes   |  2 bytes  |      46 to 1500 bytes     |
//	+-------------+-------------+-----------+---------------------------+
//	 0             6             12          14
//
// On the wire the frame is longer at both ends: a 7-byte preamble and a
// 1-byte start-of-frame delimiter come first, and a 4-byte Frame Check
// Sequence (FCS, a CRC-32 over the frame) comes last. The network card
// adds all three when it sends and checks and strips them when it
// receives, dropping frames whose CRC is wrong; a TAP device hands over
// frames the same way. So the frames this package reads and writes start
// at the destination address and end with the payload, and are 4 bytes
// shorter than the 64 to 1518 bytes the standard counts.
const (
	offDst     = 0          // Destination MAC, 6 bytes
	offSrc     = offDst + 6 // Source MAC, 6 bytes
	offType    = offSrc + 6 // EtherType, 2 bytes
	offPayload = offType + 2

	HeaderLen     = offPayload                // the 14-byte header
	MinPayloadLen = 46                        // a shorter payload is padded (RFC 894)
	MaxPayloadLen = 1500                      // the Ethernet MTU (RFC 894)
	MinFrameLen   = HeaderLen + MinPayloadLen // 60 bytes: 64 on the wire, with the FCS
	MaxFrameLen   = HeaderLen + MaxPayloadLen // 1514 bytes: 1518 on the wire, with the FCS
)

// Why a minimum: on a shared cable (10 and 100 Mb/s half duplex) two
// stations may start sending at once. A sender notices the collision only
// while it is still sending, so every frame must last at least one slot
// time, 512 bit times: the time a signal takes to cross the largest
// network and come back (IEEE 802.3 clause 4.4.2). 512 bits are 64 bytes,
// the minimum frame with its FCS. Switched full-duplex links have no
// collisions, but the rule stayed.
//
// A shorter payload is padded with zero bytes, and the receiver gets the
// padding as part of the payload: the Ethernet header has no length field
// to tell it apart. Every upper layer therefore trims by its own length:
// IPv4 by Total Length (see ipv4.Parse), ARP by its fixed 28 bytes.

// EtherType says which protocol the payload belongs to. Values from
// [MinEtherType] up are EtherTypes, assigned by the IEEE Registration
// Authority; smaller values in the same place are the length field of an
// IEEE 802.3 frame with an LLC header (IEEE 802.3 clause 3.2.6), which
// this stack does not speak.
type EtherType uint16

// The EtherTypes this stack knows by name. They are the numbers of
// stack.ProtocolType too.
const (
	EtherTypeIPv4 EtherType = 0x0800 // RFC 894
	EtherTypeARP  EtherType = 0x0806 // RFC 826
	EtherTypeIPv6 EtherType = 0x86dd // RFC 2464; named only
	EtherTypeVLAN EtherType = 0x8100 // an IEEE 802.1Q VLAN tag follows; named only

	MinEtherType EtherType = 0x0600 // 1536: smaller values are 802.3 lengths (at most 1500)
)

// String returns the EtherType's lowercase name, or its number in hex,
// like 0x88cc, for one this stack does not know.
func (t EtherType) String() string {
	switch t {
	case EtherTypeIPv4:
		return "ipv4"
	case EtherTypeARP:
		return "arp"
	case EtherTypeIPv6:
		return "ipv6"
	case EtherTypeVLAN:
		return "vlan"
	}
	return fmt.Sprintf("0x%04x", uint16(t))
}

// The errors of [Parse], [Header.Append] and [AppendFrame]. Each returned
// error wraps one of them and says what was wrong, so test with errors.Is.
var (
	ErrTooShort  = errors.New("ethernet: frame too short")
	ErrEtherType = errors.New("ethernet: not an EtherType")
	ErrTooLong   = errors.New("ethernet: payload too long") // only from AppendFrame
)

// Header is the Ethernet II header: who the frame is for, who sent it,
// and what it carries. The zero Header is not a valid header: Type must be
// at least [MinEtherType].
type Header struct {
	Dst  MAC       // Destination: a station, a multicast group or Broadcast()
	Src  MAC       // Source: the sender's own address
	Type EtherType // the protocol of the payload
}

// String returns the header as tcpdump -e prints it, source first:
//
//	02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff type=arp
func (h Header) String() string {
	return fmt.Sprintf("%v > %v type=%v", h.Src, h.Dst, h.Type)
}

// Parse reads the Ethernet frame b, without its FCS. It returns the header
// and the payload, or an error wrapping
//
//   - [ErrTooShort] if b is shorter than the 14-byte header;
//   - [ErrEtherType] if the type field holds a value below [MinEtherType]:
//     an IEEE 802.3 length, whose payload starts with an LLC header that
//     this stack does not read.
//
// The payload is everything after the header, padding included: the frame
// cannot say where the upper layer's bytes end. Parse accepts frames
// shorter than [MinFrameLen], because software links such as TAP devices
// and veth pairs do not pad, and it does not check [MaxFrameLen]: how
// large a frame may be is the device's business (its MTU). Nor does it
// look at the addresses: whether a frame is for this host is the stack's
// decision. The payload shares b's memory.
func Parse(b []byte) (Header, []byte, error) {
	if len(b) < HeaderLen {
		return Header{}, nil, fmt.Errorf("%w: %d bytes, a header needs %d", ErrTooShort, len(b), HeaderLen)
	}
	t := EtherType(binary.BigEndian.Uint16(b[offType:]))
	if t < MinEtherType {
		return Header{}, nil, fmt.Errorf("%w: 0x%04x is an IEEE 802.3 length (LLC is not supported)", ErrEtherType, uint16(t))
	}
	h := Header{
		Dst:  MAC(b[offDst : offDst+6]),
		Src:  MAC(b[offSrc : offSrc+6]),
		Type: t,
	}
	return h, b[offPayload:], nil
}

// Append appends the 14-byte header to b and returns the extended slice,
// like the append-style functions of package strconv: pass a buffer with
// spare capacity and nothing is allocated. It returns b unchanged and an
// error wrapping [ErrEtherType] if h.Type is below [MinEtherType]. Most
// callers want [AppendFrame], which also appends and pads the payload.
func (h Header) Append(b []byte) ([]byte, error) {
	if h.Type < MinEtherType {
		return b, fmt.Errorf("%w: 0x%04x is below 0x%04x", ErrEtherType, uint16(h.Type), uint16(MinEtherType))
	}
	b = slices.Grow(b, HeaderLen)
	hdr := b[len(b) : len(b)+HeaderLen]
	copy(hdr[offDst:], h.Dst[:])
	copy(hdr[offSrc:], h.Src[:])
	binary.BigEndian.PutUint16(hdr[offType:], uint16(h.Type))
	return b[:len(b)+HeaderLen], nil
}

// AppendFrame appends a whole frame to b, ready to hand to the device: the
// header, the payload, and as many zero bytes as it takes to make the
// frame [MinFrameLen] bytes long. It returns the extended slice (pass a
// buffer with spare capacity and nothing is allocated), or b unchanged and
// an error wrapping [ErrEtherType] for a bad h.Type or [ErrTooLong] for a
// payload longer than [MaxPayloadLen]. The minimum length counts from the
// start of the frame, not of b, so b may already hold other bytes.
func AppendFrame(b []byte, h Header, payload []byte) ([]byte, error) {
	if len(payload) > MaxPayloadLen {
		return b, fmt.Errorf("%w: %d bytes, at most %d fit in a frame", ErrTooLong, len(payload), MaxPayloadLen)
	}
	//camp:todo 3.1 ether-frame-out: write the Ethernet header, append the payload, pad the frame to the minimum length
	start := len(b)
	b, err := h.Append(b)
	if err != nil {
		return b, err
	}
	b = append(b, payload...)
	//camp:mistake 3.1 ether-pad-by-reslice: the frame is padded by reslicing into b's spare capacity, so the padding holds whatever old bytes were there instead of zeros
	if pad := MinFrameLen - (len(b) - start); pad > 0 {
		// The spare capacity of b may hold old bytes: write the zeros.
		b = append(b, make([]byte, pad)...)
	}
	//camp:instead
	// if len(b)-start < MinFrameLen {
	// 	b = slices.Grow(b, MinFrameLen-(len(b)-start))[:start+MinFrameLen]
	// }
	//camp:end
	return b, nil
	//camp:stub
	// // Hint: remember where the frame starts (len(b)), then h.Append(b) and append the payload.
	// // Hint: if the frame is shorter than MinFrameLen, append zero bytes; do not just
	// // Hint: reslice into b's spare capacity, which may hold old bytes.
	// return b, todo.New(3, "ether-frame-out")
	//camp:end
}
