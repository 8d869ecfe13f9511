//camp:file 6

package ipv4

import (
	"encoding/binary"

	"github.com/go-tcpip-camp/camp/solutions/checksum"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// A checksum left unfinished by the device.
//
// Performance work, not a day's lesson. The kernel builds the packets it
// sends us through a TAP with offloads without computing their TCP or UDP
// checksum: the field holds only the pseudo-header's sum (the driver says
// so: stack.ChecksumPartial, device/meta.go). Our own TCP and UDP take
// such a datagram as checked, since its bytes are as the sender wrote
// them, and so the stack never adds up the bytes it receives that way. A
// datagram that goes anywhere else must have its checksum finished first,
// as Linux finishes a CHECKSUM_PARTIAL packet before it leaves through a
// device that cannot (skb_checksum_help): one we forward, and one handed
// to UDP before the interface has an address (autoconf.go), which checks
// every checksum.

// finishChecksum finishes the TCP or UDP checksum of the datagram h with
// payload (the sum of the pseudo-header, already in the field, the header
// and the data), if the device it came in on left it unfinished.
func finishChecksum(dev *stack.Device, h Header, payload []byte) {
	if dev.InputChecksum() != stack.ChecksumPartial {
		return
	}
	var off int
	switch h.Protocol {
	case ProtocolTCP:
		off = 16
	case ProtocolUDP:
		off = 6
	default:
		return // the driver says so only of TCP and UDP
	}
	if len(payload) < off+2 {
		return
	}
	sum, err := checksum.Compute(payload, off, uint32(binary.BigEndian.Uint16(payload[off:])))
	if err != nil {
		return
	}
	if sum == 0 && h.Protocol == ProtocolUDP {
		sum = 0xffff // UDP's 0 means "no checksum" (RFC 768)
	}
	binary.BigEndian.PutUint16(payload[off:], sum)
}
