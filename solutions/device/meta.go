//camp:file 6

package device

import "github.com/go-tcpip-camp/camp/solutions/stack"

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
// the recycled block the frame was carved out of, as a [RecyclingWire]
// does, and what is known of its TCP or UDP checksum. The Ethernet
// driver opens such a wire with OpenMeta rather than Open.
type MetaWire interface {
	Wire
	OpenMeta(rx func(frame []byte, m stack.FrameMeta)) error
}
