//camp:file 6

package device

import (
	"encoding/binary"

	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// Ready-made (Day 6): what the "hardware" knows of a frame.
//
// A network card does more than copy frames: most check the TCP and UDP
// checksums of what they receive and say so in the receive descriptor, and
// the driver tells the stack (Linux: skb->ip_summed = CHECKSUM_UNNECESSARY),
// so that the stack need not read every byte of the packet once more to
// check it. A TAP with virtio-net headers tells us the same of the frames
// the kernel sends us (tap_offload_linux.go): those it had checked, and
// those it never checksummed at all because they never left the machine
// (CHECKSUM_PARTIAL), whose checksum need only be finished if we send
// them on (ipv4/offload.go).
//
// The facts travel with the frame as a [stack.FrameMeta]: from the wire
// to the driver's ring, to the stack's input queue, and to the protocol
// handlers, which find them on the device ([stack.Device.InputChecksum]).
// A wire that knows nothing (the in-memory Link, a plain TAP, a capture)
// says nothing, and every checksum is checked as on Day 5.

// A MetaWire is a Wire that passes rx each frame with what it knows of it:
// the recycled block the frame was carved out of (recycle.go: the receiver
// releases it once the frame is done), and what is known of its TCP or UDP
// checksum. The Ethernet driver opens such a wire with OpenMeta rather
// than Open.
type MetaWire interface {
	Wire
	OpenMeta(rx func(frame []byte, m stack.FrameMeta)) error
}

// coversTransport reports whether frame is an Ethernet frame holding a
// whole IPv4 TCP or UDP datagram, neither a fragment nor followed by
// padding, and, unless start is -1, whether its transport checksum field
// lies off bytes after start, the transport header's first byte.
func coversTransport(frame []byte, start, off int) bool {
	const eth = 14
	if len(frame) < eth+20 || binary.BigEndian.Uint16(frame[12:]) != 0x0800 {
		return false
	}
	ip := frame[eth:]
	ihl := int(ip[0]&0x0f) * 4
	if ip[0]>>4 != 4 || ihl < 20 || int(binary.BigEndian.Uint16(ip[2:])) != len(ip) {
		return false
	}
	if binary.BigEndian.Uint16(ip[6:])&0x3fff != 0 {
		return false // MF, or a fragment offset: a fragment
	}
	var field int
	switch ip[9] {
	case 6: // TCP
		field = 16
	case 17: // UDP
		field = 6
	default:
		return false
	}
	if len(ip) < ihl+field+2 {
		return false
	}
	return start == -1 || start == eth+ihl && off == field
}
