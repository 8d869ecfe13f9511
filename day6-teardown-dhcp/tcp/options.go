// Generated from solutions/tcp/options.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/options.go instead and regenerate; `course check` fails when the two drift.

package tcp

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/seqnum"
)

// TCP options (RFC 9293 §3.1, §3.2) sit between the fixed header and the
// data, in the 0 to 40 bytes that Data Offset leaves. An option is either
// a single byte, its kind,
//
//	+--------+
//	|  kind  |              End of Option List (0), No-Operation (1)
//	+--------+
//
// or a kind, a length that counts every byte of the option including kind
// and length (so at least 2), and length−2 bytes of data:
//
//	+--------+--------+--------+--------+-- ... --+
//	|  kind  | length |        data ...           |
//	+--------+--------+--------+--------+-- ... --+
//
// The options this stack understands, with the lengths they must have:
//
//	kind 2, length 4:   MSS             the largest segment data the sender can receive (RFC 9293 §3.7.1)
//	kind 3, length 3:   Window Scale    shift count for the peer's Window field, 0 to 14 (RFC 7323 §2)
//	kind 4, length 2:   SACK-permitted  the sender understands selective ACKs (RFC 2018 §2)
//	kind 8, length 10:  Timestamps      TSval and TSecr, 4 bytes each (RFC 7323 §3)
//
// A receiver must skip any other kind by its length (RFC 9293 §3.1,
// RFC 1122 §4.2.2.5), which is why every multi-byte option has one.

// OptionKind is the first byte of a TCP option. IANA keeps the list
// ("TCP Option Kind Numbers"); these are the kinds this stack knows.
type OptionKind uint8

// The option kinds this stack reads and writes.
const (
	OptEnd           OptionKind = 0 // End of Option List: the options stop here; what follows is padding
	OptNOP           OptionKind = 1 // No-Operation: one byte of padding, to align the next option
	OptMSS           OptionKind = 2 // Maximum Segment Size, RFC 9293 §3.7.1
	OptWindowScale   OptionKind = 3 // Window Scale, RFC 7323 §2
	OptSACKPermitted OptionKind = 4 // SACK-Permitted, RFC 2018 §2
	OptTimestamps    OptionKind = 8 // Timestamps, RFC 7323 §3
)

// The lengths of the options, kind and length bytes included.
const (
	lenMSS           = 4
	lenWindowScale   = 3
	lenSACKPermitted = 2
	lenTimestamps    = 10
)

// MaxWindowScale is the largest window scale shift: 65535<<14 is just
// under 2^30, which keeps a window within the 2^31 that sequence number
// comparison needs (RFC 7323 §2.3; see package seqnum).
const MaxWindowScale = 14

// String returns the option's name as tcpdump prints it ("mss",
// "wscale", "sackOK", "TS", "nop", "eol"), or "kind N" for a kind this
// stack does not know.
func (k OptionKind) String() string {
	switch k {
	case OptEnd:
		return "eol"
	case OptNOP:
		return "nop"
	case OptMSS:
		return "mss"
	case OptWindowScale:
		return "wscale"
	case OptSACKPermitted:
		return "sackOK"
	case OptTimestamps:
		return "TS"
	}
	return fmt.Sprintf("kind %d", uint8(k))
}

// GoString is what %#v prints: a failing test names the option kind.
func (k OptionKind) GoString() string { return k.String() }

// HeaderOptions are the options of a TCP header that this stack
// understands. MSS, Window Scale and SACK-permitted are only sent in SYN
// segments (RFC 9293 §3.7.1, RFC 7323 §2.2, RFC 2018 §2); Timestamps, once
// both sides have sent it in their SYNs, in every segment (RFC 7323 §3.2).
//
// "Absent" is 0 for MSS but -1 for WindowScale, since a shift of 0 is a
// valid option that means "I can scale, but my own window is unscaled".
// So the zero HeaderOptions holds a window scale option of 0; no options
// at all is HeaderOptions{WindowScale: -1}, which is what [ParseOptions]
// returns for an empty list.
type HeaderOptions struct {
	MSS           uint16 // Maximum Segment Size, in bytes; 0 if absent
	WindowScale   int    // Window Scale shift count, 0 to 14; -1 if absent
	SACKPermitted bool   // SACK-permitted is present
	HasTimestamps bool   // Timestamps is present, with TSVal and TSEcr
	TSVal         uint32 // Timestamps: the sender's clock when it sent the segment
	TSEcr         uint32 // Timestamps: the TSVal most recently received from the peer, echoed
	// SACK blocks to send (RFC 2018 §3), at most 4 (3 beside Timestamps).
	// ParseOptions skips kind 5, as Day 5 does; a connection that agreed
	// to SACK reads the blocks with [ParseSACK].
	SACK []SACKBlock
}

// ParseOptions reads the options of a TCP header: the bytes from offset 20
// up to the Data Offset. It reads them one at a time:
//
//   - End of Option List stops the reading; the bytes after it are
//     padding and are ignored;
//   - a No-Operation is one byte, skipped;
//   - any other option has a length byte, at least 2, and does not run
//     past the end of b; MSS, Window Scale, SACK-permitted and Timestamps
//     must have their own lengths (4, 3, 2 and 10 bytes) and are kept;
//     every other kind is skipped by its length.
//
// An option that breaks these rules makes the whole segment malformed, and
// ParseOptions returns an error wrapping [ErrOptions] that says which
// option and where. A Window Scale above 14 is read as 14 (RFC 7323 §2.3:
// "MUST use 14 instead of the specified value"). If an option appears
// twice, the last one counts. An MSS option of 0 reads as absent.
func ParseOptions(b []byte) (HeaderOptions, error) {
	o := HeaderOptions{WindowScale: -1}
	for i := 0; i < len(b); {
		kind := OptionKind(b[i])
		switch kind {
		case OptEnd:
			return o, nil
		case OptNOP:
			i++
			continue
		}
		// Every other option: kind, length, data.
		if i+1 >= len(b) {
			return HeaderOptions{WindowScale: -1}, fmt.Errorf("%w: %v at byte %d has no length byte", ErrOptions, kind, i)
		}
		n := int(b[i+1])
		if n < 2 {
			return HeaderOptions{WindowScale: -1}, fmt.Errorf("%w: %v at byte %d has length %d, less than 2", ErrOptions, kind, i, n)
		}
		if i+n > len(b) {
			return HeaderOptions{WindowScale: -1}, fmt.Errorf("%w: %v at byte %d has length %d, past the end of the %d bytes of options", ErrOptions, kind, i, n, len(b))
		}
		data := b[i+2 : i+n]
		switch kind {
		case OptMSS:
			if n != lenMSS {
				return HeaderOptions{WindowScale: -1}, wrongLength(kind, i, n, lenMSS)
			}
			o.MSS = binary.BigEndian.Uint16(data)
		case OptWindowScale:
			if n != lenWindowScale {
				return HeaderOptions{WindowScale: -1}, wrongLength(kind, i, n, lenWindowScale)
			}
			o.WindowScale = min(int(data[0]), MaxWindowScale)
		case OptSACKPermitted:
			if n != lenSACKPermitted {
				return HeaderOptions{WindowScale: -1}, wrongLength(kind, i, n, lenSACKPermitted)
			}
			o.SACKPermitted = true
		case OptTimestamps:
			if n != lenTimestamps {
				return HeaderOptions{WindowScale: -1}, wrongLength(kind, i, n, lenTimestamps)
			}
			o.HasTimestamps = true
			o.TSVal = binary.BigEndian.Uint32(data[0:4])
			o.TSEcr = binary.BigEndian.Uint32(data[4:8])
		}
		// Unknown kinds fall through to here: skipped by their length.
		i += n
	}
	return o, nil
}

// wrongLength returns the error for an option of a known kind, at byte at,
// whose length n is not the want its kind must have.
func wrongLength(kind OptionKind, at, n, want int) error {
	return fmt.Errorf("%w: %v at byte %d has length %d, want %d", ErrOptions, kind, at, n, want)
}

// Len returns how many bytes [HeaderOptions.Append] writes for o: a
// multiple of 4, at most MaxOptionsLen.
func (o HeaderOptions) Len() int {
	n := 0
	if o.MSS != 0 {
		n += 4
	}
	if o.HasTimestamps {
		n += 12 // with SACK-permitted or two NOPs in front
	} else if o.SACKPermitted {
		n += 4 // NOP, NOP, SACK-permitted
	}
	if o.WindowScale >= 0 {
		n += 4 // NOP, Window Scale
	}
	if len(o.SACK) > 0 {
		n += 4 + 8*len(o.SACK) // NOP, NOP, kind, length, the blocks
	}
	return n
}

// Append appends the options to b, laid out as Linux lays them out, and
// returns the extended slice. Every option, with the NOPs in front of it,
// fills whole 32-bit words, so the options need no padding at the end and
// the 4-byte fields of Timestamps are word-aligned (RFC 7323 Appendix A
// recommends NOP, NOP, Timestamps for this reason). In a SYN with all
// four:
//
//	02 04 05 b4                 MSS 1460
//	04 02 08 0a                 SACK-permitted, then Timestamps' kind and length
//	xx xx xx xx  xx xx xx xx    TSval, TSecr
//	01 03 03 07                 NOP, Window Scale 7
//
// Without SACK-permitted, two NOPs take its place in front of Timestamps
// (01 01 08 0a …, the layout of every segment after the SYN); without
// Timestamps, SACK-permitted gets the two NOPs (01 01 04 02). An absent
// option is left out with its NOPs.
//
// A WindowScale above 14 is written as 14 (RFC 7323 §2.3); a negative one
// means absent.
func (o HeaderOptions) Append(b []byte) []byte {
	if o.MSS != 0 {
		b = append(b, byte(OptMSS), lenMSS)
		b = binary.BigEndian.AppendUint16(b, o.MSS)
	}
	switch {
	case o.HasTimestamps:
		if o.SACKPermitted {
			b = append(b, byte(OptSACKPermitted), lenSACKPermitted)
		} else {
			b = append(b, byte(OptNOP), byte(OptNOP))
		}
		b = append(b, byte(OptTimestamps), lenTimestamps)
		b = binary.BigEndian.AppendUint32(b, o.TSVal)
		b = binary.BigEndian.AppendUint32(b, o.TSEcr)
	case o.SACKPermitted:
		b = append(b, byte(OptNOP), byte(OptNOP), byte(OptSACKPermitted), lenSACKPermitted)
	}
	if o.WindowScale >= 0 {
		b = append(b, byte(OptNOP), byte(OptWindowScale), lenWindowScale, byte(min(o.WindowScale, MaxWindowScale)))
	}
	if len(o.SACK) > 0 {
		b = append(b, byte(OptNOP), byte(OptNOP), byte(OptSACK), byte(2+8*len(o.SACK)))
		for _, blk := range o.SACK {
			b = binary.BigEndian.AppendUint32(b, uint32(blk.Left))
			b = binary.BigEndian.AppendUint32(b, uint32(blk.Right))
		}
	}
	return b
}

// String returns the options for logs, separated by spaces, in the order
// Append writes them:
//
//	mss=1460 sackOK ts=123456/0 ws=7
//
// where ts= is TSval/TSecr. No options is "".
func (o HeaderOptions) String() string {
	var s []string
	if o.MSS != 0 {
		s = append(s, fmt.Sprintf("mss=%d", o.MSS))
	}
	if o.SACKPermitted {
		s = append(s, "sackOK")
	}
	if o.HasTimestamps {
		s = append(s, fmt.Sprintf("ts=%d/%d", o.TSVal, o.TSEcr))
	}
	if o.WindowScale >= 0 {
		s = append(s, fmt.Sprintf("ws=%d", o.WindowScale))
	}
	for _, blk := range o.SACK {
		s = append(s, fmt.Sprintf("sack=%d-%d", uint32(blk.Left), uint32(blk.Right)))
	}
	return strings.Join(s, " ")
}

// OptSACK is the SACK option (RFC 2018 §3): kind 5, a length, and one to
// four blocks of two sequence numbers. Each block is data the receiver
// holds beyond a gap, past its cumulative ACK:
//
//	+--------+--------+
//	| kind=5 | 2+8·n  |
//	+--------+--------+--------+--------+--------+--------+--------+--------+
//	|       Left Edge of 1st Block      |      Right Edge of 1st Block      |
//	+--------+--------+--------+--------+--------+--------+--------+--------+
//	|                                 ...                                  |
const OptSACK OptionKind = 5

// SACKBlock is one block of a SACK option: the receiver holds the data
// from Left up to, not including, Right.
type SACKBlock struct {
	Left, Right seqnum.Value
}

// ParseSACK returns the blocks of the SACK option in b, the options of a
// header as [ParseOptions] reads them (and has checked), or nil if there
// is none.
func ParseSACK(b []byte) []SACKBlock {
	for i := 0; i+1 < len(b); {
		switch OptionKind(b[i]) {
		case OptEnd:
			return nil
		case OptNOP:
			i++
			continue
		}
		n := int(b[i+1])
		if n < 2 || i+n > len(b) {
			return nil
		}
		if OptionKind(b[i]) == OptSACK && (n-2)%8 == 0 && n > 2 {
			blocks := make([]SACKBlock, (n-2)/8)
			for k := range blocks {
				at := b[i+2+8*k:]
				blocks[k] = SACKBlock{seqnum.Value(binary.BigEndian.Uint32(at)), seqnum.Value(binary.BigEndian.Uint32(at[4:]))}
			}
			return blocks
		}
		i += n
	}
	return nil
}
