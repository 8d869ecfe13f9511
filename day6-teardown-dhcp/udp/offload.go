// Generated from solutions/udp/offload.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/udp/offload.go instead and regenerate; `course check` fails when the two drift.

package udp

import (
	"encoding/binary"
	"fmt"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ipv4"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// Checksum offload on the way in: a datagram whose checksum the device
// has checked, or finished itself, is not checked again.
//
// Performance work, not a day's lesson. A TAP with offloads hands over
// datagrams from the kernel either with their checksum checked already
// (VIRTIO_NET_HDR_F_DATA_VALID: stack.ChecksumUnnecessary) or, for one
// built in memory on this machine, never computed
// (VIRTIO_NET_HDR_F_NEEDS_CSUM: stack.ChecksumPartial), and so as right as
// its sender made it. The driver says so with the frame (stack.FrameMeta,
// device/meta.go), and UDP then skips the sum, as Linux's UDP does for a
// packet whose skb->ip_summed says the same. Datagrams from any other
// wire come with stack.ChecksumNone and are checked as on Day 4.

// parseReceived is [Parse] for the datagram b that arrived in the IPv4
// datagram h on iface: without the checksum if the device vouched for it
// (parseVerified).
func parseReceived(b []byte, h ipv4.Header, iface *ipv4.Interface) (Header, []byte, error) {
	if iface != nil && iface.Device().InputChecksum() != stack.ChecksumNone {
		return parseVerified(b)
	}
	return Parse(b, h.Src, h.Dst)
}

// parseVerified is [Parse] for a datagram whose checksum is known to be
// right: the same checks of the lengths, less the checksum.
func parseVerified(b []byte) (Header, []byte, error) {
	if len(b) < HeaderLen {
		return Header{}, nil, fmt.Errorf("%w: %d bytes, a header needs %d", ErrTooShort, len(b), HeaderLen)
	}
	length := int(binary.BigEndian.Uint16(b[offLength:]))
	if length < HeaderLen || length > len(b) {
		return Header{}, nil, fmt.Errorf("%w: %d, and %d bytes arrived", ErrLength, length, len(b))
	}
	b = b[:length]
	return decode(b), b[offData:], nil
}
