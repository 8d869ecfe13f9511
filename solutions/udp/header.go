//camp:file 4

package udp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/go-tcpip-camp/camp/solutions/checksum"
	"github.com/go-tcpip-camp/camp/solutions/ipv4"
)

// The UDP header, RFC 768. Each tick mark is one bit; multi-byte fields
// are big-endian ("network byte order").
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|          Source Port          |       Destination Port        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|            Length             |           Checksum            |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|     Data ...
//	+-+-+-+-+-
//
// Length counts bytes, header and data together, so it is at least 8.
//
// The checksum also covers a pseudo-header that is not sent: three words
// made from the IPv4 header that carries the datagram (RFC 768).
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Source Address                          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Destination Address                        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|      zero     | Protocol (17) |          UDP Length           |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// [checksum.PseudoHeaderSum] adds these words up; its result is the
// initial sum of [checksum.Compute].
const (
	offSrcPort  = 0               // Source Port, 2 bytes
	offDstPort  = offSrcPort + 2  // Destination Port, 2 bytes
	offLength   = offDstPort + 2  // Length, 2 bytes
	offChecksum = offLength + 2   // Checksum, 2 bytes
	offData     = offChecksum + 2 // the data

	HeaderLen     = offData                                          // the UDP header, 8 bytes
	MaxPayloadLen = ipv4.MaxTotalLen - ipv4.MinHeaderLen - HeaderLen // 65507: the most data an IPv4 packet without options can carry
)

// The errors of [Parse] and [Header.Append]. Each returned error wraps one
// of them and says what was wrong, so test with errors.Is.
var (
	ErrTooShort = errors.New("udp: datagram too short")
	ErrLength   = errors.New("udp: bad length")
	ErrChecksum = errors.New("udp: bad checksum")
	ErrTooLong  = errors.New("udp: payload too long")    // only from Append
	ErrAddr     = errors.New("udp: not an IPv4 address") // only from Append
)

// Header is a UDP header, one field per field of RFC 768.
//
// [Parse] fills every field. [Header.Append] computes Length and Checksum
// from the payload and the addresses, and ignores what those two fields
// hold, so a Header to send needs only its ports. Neither checks the
// ports: a source port of 0 means "no reply expected" (RFC 768), and which
// ports a host uses is the stack's business.
type Header struct {
	SrcPort  uint16 // Source Port: where replies go, or 0 if none are expected
	DstPort  uint16 // Destination Port: which socket of the destination gets the data
	Length   uint16 // length of header and data, in bytes: at least 8
	Checksum uint16 // over pseudo-header, header and data; 0 if the sender computed none
}

// String returns the header for logs, ports first:
//
//	54321 → 7 len=13 cksum=0x63c5
func (h Header) String() string {
	return fmt.Sprintf("%d → %d len=%d cksum=%#x", h.SrcPort, h.DstPort, h.Length, h.Checksum)
}

// GoString is what %#v prints, and so what a failing test shows: every field by name.
func (h Header) GoString() string { return h.String() }

// Parse reads b, a whole UDP datagram: all of the payload of the IPv4
// packet that carried it, whose source and destination addresses are src
// and dst. It returns the header and the payload (the data up to Length;
// bytes after Length are not part of the datagram and are left out), or an
// error saying why b is not a datagram a host may accept. The checks run
// cheapest first:
//
//  1. b holds at least 8 bytes ([ErrTooShort]);
//  2. Length is at least 8 and fits in b ([ErrLength]);
//  3. the checksum is 0, which means the sender computed none, or it is
//     right for the pseudo-header of src, dst and Length, the header and
//     the data ([ErrChecksum]).
//
// src and dst must be IPv4 addresses, as Append requires; any other
// address counts as 0.0.0.0 in the pseudo-header, so a non-zero checksum
// then fails. The payload shares b's memory.
func Parse(b []byte, src, dst netip.Addr) (Header, []byte, error) {
	if len(b) < HeaderLen {
		return Header{}, nil, fmt.Errorf("%w: %d bytes, a header needs %d", ErrTooShort, len(b), HeaderLen)
	}
	length := int(binary.BigEndian.Uint16(b[offLength:]))
	if length < HeaderLen {
		return Header{}, nil, fmt.Errorf("%w: %d, less than the %d-byte header", ErrLength, length, HeaderLen)
	}
	if length > len(b) {
		return Header{}, nil, fmt.Errorf("%w: %d, but only %d bytes arrived", ErrLength, length, len(b))
	}
	// From here on b is the datagram and nothing more: what follows Length
	// belongs to no one and is not covered by the checksum.
	b = b[:length]
	//camp:todo 4.1 udp-checksum: verify the checksum over the pseudo-header, the header and the payload (a zero checksum means none was sent)
	// RFC 768: "An all zero transmitted checksum value means that the
	// transmitter generated no checksum". There is nothing to verify.
	//camp:mistake 4.1 zero-checksum-checked: a Checksum field of 0 is checked like any other, so datagrams sent without a checksum (RFC 768 allows it) are dropped as corrupt
	if got := binary.BigEndian.Uint16(b[offChecksum:]); got != 0 {
		//camp:instead
		// if got := binary.BigEndian.Uint16(b[offChecksum:]); true {
		//camp:end
		pseudo := checksum.PseudoHeaderSum(src, dst, uint8(ipv4.ProtocolUDP), uint16(length))
		want, err := checksum.Compute(b, offChecksum, pseudo)
		if err != nil {
			return Header{}, nil, err
		}
		// A sender whose checksum computes to 0 transmits 0xffff instead
		// (RFC 768), so 0xffff is the only right field for that datagram.
		// The reverse cannot happen: Compute returns 0xffff only for an
		// all-zero sum, and the protocol word (17) is never zero.
		//camp:mistake 4.1 zero-sum-not-all-ones: a checksum that computes to 0 is compared as 0, but the sender transmits it as 0xffff (RFC 768), so those datagrams are dropped
		if want == 0 {
			want = 0xffff
		}
		//camp:instead
		//camp:end
		if got != want {
			return Header{}, nil, fmt.Errorf("%w 0x%04x (want 0x%04x)", ErrChecksum, got, want)
		}
	}
	return decode(b), b[offData:], nil
	//camp:stub
	// // Hint: b is already cut to Length. A Checksum field of 0 means none was sent: accept the datagram.
	// // Hint: otherwise want := checksum.Compute(b, offChecksum, initial), where initial is
	// // Hint: checksum.PseudoHeaderSum(src, dst, uint8(ipv4.ProtocolUDP), uint16(length)).
	// // Hint: a sender turns a computed 0 into 0xffff (RFC 768): do the same to want before comparing.
	// // Hint: a mismatch wraps ErrChecksum and names both values; at the end return decode(b), b[offData:], nil.
	// return Header{}, nil, todo.New(4, "udp-checksum")
	//camp:end
}

// decode reads the fields of a header that [Parse] has validated.
func decode(b []byte) Header {
	return Header{
		SrcPort:  binary.BigEndian.Uint16(b[offSrcPort:]),
		DstPort:  binary.BigEndian.Uint16(b[offDstPort:]),
		Length:   binary.BigEndian.Uint16(b[offLength:]),
		Checksum: binary.BigEndian.Uint16(b[offChecksum:]),
	}
}

// Append appends the datagram, header and payload, to b and returns the
// extended slice, like the append-style functions of package strconv: pass
// a buffer with spare capacity and nothing is allocated. src and dst are
// the addresses of the IPv4 packet that will carry it, which the checksum
// covers (see [Parse]).
//
// Append writes Length (8 plus the payload length) and the checksum, a
// computed 0 written as 0xffff (RFC 768); h.Length and h.Checksum are
// ignored. It returns b unchanged and an error if the datagram cannot be
// written: a payload longer than [MaxPayloadLen] ([ErrTooLong]), src or
// dst not an IPv4 address ([ErrAddr]; IPv4-mapped IPv6 addresses are
// fine), or the checksum's own error.
func (h Header) Append(b []byte, payload []byte, src, dst netip.Addr) ([]byte, error) {
	if len(payload) > MaxPayloadLen {
		return b, fmt.Errorf("%w: %d bytes, at most %d fit in an IPv4 packet", ErrTooLong, len(payload), MaxPayloadLen)
	}
	if !src.Unmap().Is4() || !dst.Unmap().Is4() {
		return b, fmt.Errorf("%w: source %v and destination %v must be IPv4 addresses", ErrAddr, src, dst)
	}
	n := HeaderLen + len(payload)
	b = slices.Grow(b, n)
	dgram := b[len(b) : len(b)+n]
	binary.BigEndian.PutUint16(dgram[offSrcPort:], h.SrcPort)
	binary.BigEndian.PutUint16(dgram[offDstPort:], h.DstPort)
	binary.BigEndian.PutUint16(dgram[offLength:], uint16(n))
	copy(dgram[offData:], payload)
	// Compute reads the checksum field, which still holds whatever b had
	// there, as zero.
	pseudo := checksum.PseudoHeaderSum(src, dst, uint8(ipv4.ProtocolUDP), uint16(n))
	c, err := checksum.Compute(dgram, offChecksum, pseudo)
	if err != nil {
		return b, err
	}
	if c == 0 {
		c = 0xffff // 0 would mean "no checksum" (RFC 768)
	}
	binary.BigEndian.PutUint16(dgram[offChecksum:], c)
	return b[:len(b)+n], nil
}
