//camp:file 2

package ipv4

import (
	"encoding/binary"
	"fmt"
)

// Quotes (ready-made on Day 2).
//
// An ICMP error message (Destination Unreachable, Time Exceeded …) quotes
// the datagram it is about: its IP header and at least the first 8 bytes
// of its payload (RFC 792), which hold the ICMP identifier and sequence
// number, or the UDP and TCP ports. The receiver of the error reads the
// quote to find who the error is for: on Day 2 the waiting Ping, on Day 6
// the socket. The quote is not a datagram Parse would take: it is cut
// short, so its Total Length is larger than what is there.

// QuoteTransportLen is how much of our datagram's payload an ICMP error
// quotes at least (RFC 792): the first 8 bytes.
const QuoteTransportLen = 8

// ParseQuote reads the datagram an ICMP error quotes: its header, whole,
// and the start of its payload, at least [QuoteTransportLen] bytes. The
// quote is cut short, so Total Length is not checked against it (it says
// how long our datagram was), nor is the checksum (the router may have
// changed the TTL). The payload shares b's memory.
func ParseQuote(b []byte) (Header, []byte, error) {
	if len(b) < MinHeaderLen {
		return Header{}, nil, fmt.Errorf("%w: %d bytes, a header needs %d", ErrTooShort, len(b), MinHeaderLen)
	}
	if v := b[offVersionIHL] >> 4; v != Version4 {
		return Header{}, nil, fmt.Errorf("%w: version %d", ErrVersion, v)
	}
	hl := int(b[offVersionIHL]&0x0f) * 4
	if hl < MinHeaderLen || hl+QuoteTransportLen > len(b) {
		return Header{}, nil, fmt.Errorf("%w: IHL %d in a quote of %d bytes (the header and %d bytes of payload)", ErrHeaderLen, hl/4, len(b), QuoteTransportLen)
	}
	if tl := int(binary.BigEndian.Uint16(b[offTotalLen:])); tl < hl+QuoteTransportLen {
		return Header{}, nil, fmt.Errorf("%w: %d, but the quote holds %d bytes of it", ErrTotalLen, tl, hl+QuoteTransportLen)
	}
	return decode(b[:hl]), b[hl:], nil
}
