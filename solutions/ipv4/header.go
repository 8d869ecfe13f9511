//camp:file 2

package ipv4

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/go-tcpip-camp/camp/solutions/checksum"
)

// The IPv4 header, RFC 791 §3.1. Each tick mark is one bit; multi-byte
// fields are big-endian ("network byte order").
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|Version|  IHL  |Type of Service|          Total Length         |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|         Identification        |Flags|      Fragment Offset    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|  Time to Live |    Protocol   |         Header Checksum       |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                       Source Address                          |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Destination Address                        |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	|                    Options                    |    Padding    |
//	+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// IHL (Internet Header Length) counts 32-bit words, so the header is 20 to
// 60 bytes long. Total Length counts bytes, header and data together.
const (
	offVersionIHL   = 0                   // Version (high 4 bits), IHL (low 4 bits)
	offTOS          = offVersionIHL + 1   // Type of Service
	offTotalLen     = offTOS + 1          // Total Length, 2 bytes
	offID           = offTotalLen + 2     // Identification, 2 bytes
	offFlagsFragOff = offID + 2           // Flags (high 3 bits), Fragment Offset (low 13), 2 bytes
	offTTL          = offFlagsFragOff + 2 // Time to Live
	offProtocol     = offTTL + 1          // Protocol
	offChecksum     = offProtocol + 1     // Header Checksum, 2 bytes
	offSrc          = offChecksum + 2     // Source Address, 4 bytes
	offDst          = offSrc + 4          // Destination Address, 4 bytes
	offOptions      = offDst + 4          // Options and padding, 0 to 40 bytes
)

// Limits and field values of the IPv4 header.
const (
	Version4     = 4          // the Version field of every IPv4 header
	MinHeaderLen = offOptions // a header without options (IHL 5)
	MaxHeaderLen = 15 * 4     // the largest IHL, 15 words
	MaxTotalLen  = 0xffff     // Total Length is a 16-bit field
	FragOffMask  = 0x1fff     // the 13 Fragment Offset bits of the Flags/Fragment Offset word
)

// Flags are the three flag bits of the header (RFC 791 §3.1), as the
// numbers they make on their own: reserved, DF, MF from high to low.
type Flags uint8

// The flag bits.
const (
	FlagMF       Flags = 1 << iota // More Fragments: this is not the last fragment
	FlagDF                         // Don't Fragment: routers must not fragment this datagram
	FlagReserved                   // must be zero (RFC 791 §3.1)
)

func (f Flags) String() string {
	if f == 0 {
		return "0"
	}
	var names []string
	for _, n := range []struct {
		flag Flags
		name string
	}{{FlagReserved, "reserved"}, {FlagDF, "DF"}, {FlagMF, "MF"}} {
		if f&n.flag != 0 {
			names = append(names, n.name)
			f &^= n.flag
		}
	}
	if f != 0 {
		names = append(names, fmt.Sprintf("%#x", uint8(f)))
	}
	return strings.Join(names, "|")
}

// Protocol is the Protocol field: which protocol's message the payload
// holds. The numbers are kept by IANA ("Assigned Internet Protocol
// Numbers"; RFC 790 listed the first ones).
type Protocol uint8

// The protocols this stack carries.
const (
	ProtocolICMP Protocol = 1  // RFC 792
	ProtocolTCP  Protocol = 6  // RFC 9293
	ProtocolUDP  Protocol = 17 // RFC 768
)

// String returns the protocol's lowercase name, or its number for a
// protocol this stack does not know.
func (p Protocol) String() string {
	switch p {
	case ProtocolICMP:
		return "icmp"
	case ProtocolTCP:
		return "tcp"
	case ProtocolUDP:
		return "udp"
	}
	return strconv.Itoa(int(p))
}

// The errors of [Parse] and [Header.Append]. Each returned error wraps one
// of them and says what was wrong, so test with errors.Is.
var (
	ErrTooShort  = errors.New("ipv4: packet too short")
	ErrVersion   = errors.New("ipv4: not version 4")
	ErrHeaderLen = errors.New("ipv4: bad header length")
	ErrTotalLen  = errors.New("ipv4: bad total length")
	ErrChecksum  = errors.New("ipv4: bad checksum")
	ErrField     = errors.New("ipv4: field out of range") // only from Append
)

// Header is an IPv4 header, one field per field of RFC 791 §3.1 (Version
// is always 4 and has no field). The zero Header has no addresses, so
// Append rejects it: set at least Src, Dst, TTL and Protocol.
//
// [Parse] fills every field. [Header.Append] computes HeaderLen, TotalLen
// and Checksum from the options, the payload length and the other fields,
// and ignores what those three fields hold.
type Header struct {
	HeaderLen int        // header length in bytes: IHL*4, 20 to 60
	TOS       uint8      // Type of Service (today DSCP and ECN, RFC 2474, RFC 3168)
	TotalLen  uint16     // length of header and payload, in bytes
	ID        uint16     // Identification: which datagram a fragment belongs to
	Flags     Flags      // FlagDF, FlagMF
	FragOff   uint16     // Fragment Offset in units of 8 bytes, 0 to FragOffMask
	TTL       uint8      // Time to Live: hops left before the datagram is dropped
	Protocol  Protocol   // the protocol of the payload
	Checksum  uint16     // Header Checksum (RFC 1071), over the header only
	Src       netip.Addr // Source Address
	Dst       netip.Addr // Destination Address
	Options   []byte     // options with their padding, raw; nil if none
}

// IsFragment reports whether the datagram is a fragment of a larger one:
// either more fragments follow (MF) or it does not start at offset 0.
// A whole datagram has neither (RFC 791 §3.2).
func (h Header) IsFragment() bool {
	return h.Flags&FlagMF != 0 || h.FragOff != 0
}

// String returns the header as key=value pairs, for logs:
//
//	ver=4 hdrlen=20 tos=0x0 totallen=84 id=0x1c46 flags=DF fragoff=0 ttl=64 proto=icmp cksum=0x2061 src=127.0.0.1 dst=127.0.0.1
//
// Options, if any, are shown by their length (optlen=4).
func (h Header) String() string {
	s := fmt.Sprintf("ver=%d hdrlen=%d tos=%#x totallen=%d id=%#x flags=%v fragoff=%d ttl=%d proto=%v cksum=%#x src=%v dst=%v",
		Version4, h.HeaderLen, h.TOS, h.TotalLen, h.ID, h.Flags, h.FragOff, h.TTL, h.Protocol, h.Checksum, h.Src, h.Dst)
	if len(h.Options) > 0 {
		s += fmt.Sprintf(" optlen=%d", len(h.Options))
	}
	return s
}

// Parse reads the IPv4 packet at the start of b. It returns the header, the
// payload (the bytes after the header up to Total Length, so link padding
// after the packet is left out), or an error saying why b is not a packet a
// host may accept. The checks run cheapest first:
//
//  1. b holds at least 20 bytes ([ErrTooShort]);
//  2. the version is 4 ([ErrVersion]);
//  3. the header length is at least 20 bytes and fits in b ([ErrHeaderLen]);
//  4. Total Length is at least the header length and fits in b ([ErrTotalLen]);
//  5. the header checksum is right ([ErrChecksum]).
//
// The payload and Header.Options share b's memory.
func Parse(b []byte) (Header, []byte, error) {
	//camp:todo 2.2 ipv4-parse: validate the header, cheapest check first, and return it with its payload
	if len(b) < MinHeaderLen {
		return Header{}, nil, fmt.Errorf("%w: %d bytes, a header needs at least %d", ErrTooShort, len(b), MinHeaderLen)
	}
	if v := b[offVersionIHL] >> 4; v != Version4 {
		return Header{}, nil, fmt.Errorf("%w: version %d", ErrVersion, v)
	}
	hl := int(b[offVersionIHL]&0x0f) * 4
	if hl < MinHeaderLen {
		return Header{}, nil, fmt.Errorf("%w: IHL %d means %d bytes, less than the minimum %d", ErrHeaderLen, hl/4, hl, MinHeaderLen)
	}
	if hl > len(b) {
		return Header{}, nil, fmt.Errorf("%w: %d bytes, but the packet has only %d", ErrHeaderLen, hl, len(b))
	}
	tl := int(binary.BigEndian.Uint16(b[offTotalLen:]))
	if tl < hl {
		return Header{}, nil, fmt.Errorf("%w: %d, less than the header length %d", ErrTotalLen, tl, hl)
	}
	if tl > len(b) {
		return Header{}, nil, fmt.Errorf("%w: %d, but only %d bytes arrived", ErrTotalLen, tl, len(b))
	}
	//camp:mistake 2.2 ipv4-checksum-whole-packet: the checksum is computed over the whole packet instead of the header alone, so every datagram with a payload is refused
	want, err := checksum.Compute(b[:hl], offChecksum, 0)
	//camp:instead
	// want, err := checksum.Compute(b, offChecksum, 0)
	//camp:end
	if err != nil {
		return Header{}, nil, err
	}
	if got := binary.BigEndian.Uint16(b[offChecksum:]); !checksum.Equal(got, want) {
		return Header{}, nil, fmt.Errorf("%w 0x%04x (want 0x%04x)", ErrChecksum, got, want)
	}
	//camp:mistake 2.2 ipv4-payload-keeps-padding: the payload runs to the end of the frame instead of Total Length, so the link's padding becomes data
	return decode(b[:hl]), b[hl:tl], nil
	//camp:instead
	// return decode(b[:hl]), b[hl:], nil
	//camp:end
	//camp:stub
	// // Hint: check in this order, each failure returning an error that wraps its sentinel:
	// // Hint: len(b) >= MinHeaderLen, version == Version4, MinHeaderLen <= IHL*4 <= len(b),
	// // Hint: header length <= Total Length <= len(b), then checksum.Compute(b[:hl], offChecksum, 0),
	// // Hint: compared with the field by checksum.Equal (0x0000 and 0xffff are both zero).
	// // Hint: decode(b[:hl]) reads the fields; the payload is b[hl:totalLen].
	// return Header{}, nil, todo.New(2, "ipv4-parse")
	//camp:end
}

// decode reads the fields of hdr, a header that [Parse] has validated and
// that is exactly the header's length long.
func decode(hdr []byte) Header {
	flagsFragOff := binary.BigEndian.Uint16(hdr[offFlagsFragOff:])
	h := Header{
		HeaderLen: len(hdr),
		TOS:       hdr[offTOS],
		TotalLen:  binary.BigEndian.Uint16(hdr[offTotalLen:]),
		ID:        binary.BigEndian.Uint16(hdr[offID:]),
		Flags:     Flags(flagsFragOff >> 13),
		FragOff:   flagsFragOff & FragOffMask,
		TTL:       hdr[offTTL],
		Protocol:  Protocol(hdr[offProtocol]),
		Checksum:  binary.BigEndian.Uint16(hdr[offChecksum:]),
		Src:       netip.AddrFrom4([4]byte(hdr[offSrc : offSrc+4])),
		Dst:       netip.AddrFrom4([4]byte(hdr[offDst : offDst+4])),
	}
	if len(hdr) > MinHeaderLen {
		h.Options = hdr[offOptions:]
	}
	return h
}

// Append appends the header, ready to send, to b and returns the extended
// slice, like the append-style functions of package strconv: pass a buffer
// with spare capacity and nothing is allocated. payloadLen is the length of
// the payload that will follow the header; the caller appends the payload.
//
// Append writes the header length and Total Length that the options and
// payloadLen give, and the header checksum of the result; h.HeaderLen,
// h.TotalLen and h.Checksum are ignored. It returns an error, and b
// unchanged, if the header cannot be written: options that are not a
// multiple of 4 bytes or longer than 40 ([ErrHeaderLen]), a packet longer
// than [MaxTotalLen] ([ErrTotalLen]), flags or fragment offset out of range
// or an address that is not IPv4 ([ErrField]).
func (h Header) Append(b []byte, payloadLen int) ([]byte, error) {
	hl := MinHeaderLen + len(h.Options)
	if len(h.Options)%4 != 0 || hl > MaxHeaderLen {
		return b, fmt.Errorf("%w: %d bytes of options, need a multiple of 4 up to %d", ErrHeaderLen, len(h.Options), MaxHeaderLen-MinHeaderLen)
	}
	tl := hl + payloadLen
	if payloadLen < 0 || tl > MaxTotalLen {
		return b, fmt.Errorf("%w: %d-byte header and %d-byte payload, at most %d in all", ErrTotalLen, hl, payloadLen, MaxTotalLen)
	}
	if h.Flags > 7 || h.FragOff > FragOffMask {
		return b, fmt.Errorf("%w: flags %#x (3 bits), fragment offset %d (13 bits)", ErrField, uint8(h.Flags), h.FragOff)
	}
	if !h.Src.Is4() || !h.Dst.Is4() {
		return b, fmt.Errorf("%w: source %v and destination %v must be IPv4 addresses", ErrField, h.Src, h.Dst)
	}
	//camp:todo 2.3 ipv4-header-out: write every header field, then the checksum
	b = slices.Grow(b, hl)
	hdr := b[len(b) : len(b)+hl]
	hdr[offVersionIHL] = Version4<<4 | uint8(hl/4)
	hdr[offTOS] = h.TOS
	binary.BigEndian.PutUint16(hdr[offTotalLen:], uint16(tl))
	binary.BigEndian.PutUint16(hdr[offID:], h.ID)
	//camp:mistake 2.3 ipv4-flags-shift-in-uint8: the flags are shifted before they are widened, so the shift happens in 8 bits and DF vanishes
	binary.BigEndian.PutUint16(hdr[offFlagsFragOff:], uint16(h.Flags)<<13|h.FragOff)
	//camp:instead
	// binary.BigEndian.PutUint16(hdr[offFlagsFragOff:], uint16(h.Flags<<13)|h.FragOff)
	//camp:end
	hdr[offTTL] = h.TTL
	hdr[offProtocol] = uint8(h.Protocol)
	src, dst := h.Src.As4(), h.Dst.As4()
	copy(hdr[offSrc:], src[:])
	copy(hdr[offDst:], dst[:])
	copy(hdr[offOptions:], h.Options)
	// The checksum covers the header just written; Compute reads the
	// checksum field, which still holds whatever b had there, as zero.
	c, err := checksum.Compute(hdr, offChecksum, 0)
	if err != nil {
		return b, err
	}
	binary.BigEndian.PutUint16(hdr[offChecksum:], c)
	return b[:len(b)+hl], nil
	//camp:stub
	// // Hint: grow b by the header length (slices.Grow), then set every byte of the new header:
	// // Hint: Version/IHL, TOS, Total Length, ID, Flags<<13|FragOff, TTL, Protocol, addresses, options.
	// // Hint: the spare capacity of b may hold junk; finish with checksum.Compute(hdr, offChecksum, 0).
	// return b, todo.New(2, "ipv4-header-out")
	//camp:end
}
