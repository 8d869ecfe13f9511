// Generated from solutions/tcp/offload.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/offload.go instead and regenerate; `course check` fails when the two drift.

package tcp

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/checksum"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ipv4"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/logging"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// Checksum offload: leaving the sum of a large segment to the device.
//
// Performance work, not a day's lesson. A device that cuts large TCP
// segments itself (GSO, see maxSegment) must also write the checksum of
// every piece it cuts: each piece has a header and data of its own. So a
// checksum TCP computes over a 64 KiB segment is thrown away, and
// computing it is a pass over every byte sent, as costly as a copy. Linux
// does not compute it (CHECKSUM_PARTIAL): it leaves in the checksum field
// the sum of the pseudo-header only, folded to 16 bits and not
// complemented, and tells the device where the sum starts and where the
// field lies. The device adds the header and the data to that sum,
// complements it and writes it into each piece; the pseudo-header's
// length is the one part that changes from piece to piece, and the device
// corrects it. This stack does the same for the segments the device cuts:
// those whose datagram is larger than the device's MTU. A segment that
// goes out as it is, one frame (ACKs, the last piece of a write, every
// segment over a device without GSO, such as the in-memory Link), keeps
// its full checksum: the device sends it untouched.
//
// The TAP with offloads (device/tap_offload_linux.go, gsoHeader) marks
// such a frame VIRTIO_NET_HDR_F_NEEDS_CSUM, and the kernel finishes the
// checksum, or, since it is the receiver, takes the data as checked.

// partialChecksum reports whether the segment with header h and dataLen
// bytes of data goes to a device that cuts it and finishes its checksum:
// the device does GSO (maxSegment found it), and the datagram is larger
// than the device's MTU, which is exactly when IP hands it over as one
// large segment instead of one frame. c.mu is held.
func (c *conn) partialChecksum(h Header, dataLen int) bool {
	return c.gsoSegment > c.sndMSS && c.gsoMTU > 0 &&
		ipv4.MinHeaderLen+MinHeaderLen+h.Options.Len()+dataLen > c.gsoMTU
}

// appendPartial is [Header.Append] for a segment whose checksum the
// device finishes: the checksum field holds the pseudo-header's sum,
// folded and not complemented, and the data is copied but not summed.
func (h Header) appendPartial(b []byte, payload []byte, src, dst netip.Addr) ([]byte, error) {
	start := len(b)
	n := MinHeaderLen + h.Options.Len() + len(payload)
	if n > MaxSegmentLen {
		return b, fmt.Errorf("%w: %d-byte segment, at most %d fit in an IPv4 packet", ErrTooLong, n, MaxSegmentLen)
	}
	// Append without the data writes the header (and sums only its few
	// bytes, a sum overwritten below); the data follows it.
	b, err := h.Append(b, nil, src, dst)
	if err != nil {
		return b, err
	}
	b = append(b, payload...)
	sum := checksum.PseudoHeaderSum(src, dst, uint8(ipv4.ProtocolTCP), uint16(n))
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	binary.BigEndian.PutUint16(b[start+offChecksum:], uint16(sum))
	return b, nil
}

// sendPartial is send for a segment whose checksum the device finishes
// (partialChecksum): built in buf after room for IP's header, with
// appendPartial.
func (l *Layer) sendPartial(buf []byte, src, dst netip.Addr, h Header, payload []byte) ([]byte, error) {
	room := ipv4.MinHeaderLen
	if need := room + MinHeaderLen + 40 + len(payload); cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	b, err := h.appendPartial(buf[:room], payload, src, dst)
	if err != nil {
		return buf, err
	}
	l.stats.outSegs.Add(1)
	if l.log.Enabled(logging.LevelDebug) {
		l.log.Debugf(logging.TCP, "out %v:%d → %v:%d %v (checksum left to the device)", src, h.SrcPort, dst, h.DstPort, h)
	}
	return b, l.ip.OutputPacket(ipv4.ProtocolTCP, b, room, src, dst)
}

// On the way in, the same work is saved the other way round. A segment the
// kernel sends us through the TAP was built in memory, and the kernel left
// its checksum unfinished, as we do ours (NEEDS_CSUM: the driver says
// stack.ChecksumPartial); or it came from a wire, and the kernel checked
// its checksum already (DATA_VALID: stack.ChecksumUnnecessary). The driver
// says so with the frame (stack.FrameMeta, device/meta.go), and TCP then
// skips its checksum, as Linux's TCP does for a packet whose
// skb->ip_summed says the same: bulk data from the kernel is never added
// up at all. Frames from any other wire (the in-memory Link, a TAP without
// offloads) come with stack.ChecksumNone, and their checksum is checked
// as on Day 5.

// parseReceived is [Parse] for the segment b that arrived in the IPv4
// datagram h on iface: without the checksum if the device vouched for it
// (parseVerified).
func parseReceived(b []byte, h ipv4.Header, iface *ipv4.Interface) (Header, []byte, error) {
	if iface != nil && iface.Device().InputChecksum() != stack.ChecksumNone {
		return parseVerified(b)
	}
	return Parse(b, h.Src, h.Dst)
}

// parseVerified is [Parse] for a segment whose checksum is known to be
// right: the same checks in the same order, less the checksum.
func parseVerified(b []byte) (Header, []byte, error) {
	if len(b) < MinHeaderLen {
		return Header{}, nil, fmt.Errorf("%w: %d bytes, a header needs %d", ErrTooShort, len(b), MinHeaderLen)
	}
	if len(b) > MaxSegmentLen {
		return Header{}, nil, fmt.Errorf("%w: %d bytes, an IPv4 packet carries at most %d", ErrTooLong, len(b), MaxSegmentLen)
	}
	hl := int(b[offDataOffset]>>4) * 4
	if hl < MinHeaderLen || hl > len(b) {
		return Header{}, nil, fmt.Errorf("%w: %d words, and the segment has %d bytes", ErrDataOffset, hl/4, len(b))
	}
	opts, err := ParseOptions(b[offOptions:hl])
	if err != nil {
		return Header{}, nil, err
	}
	h := decodeHeader(b)
	h.Options = opts
	return h, b[hl:], nil
}
