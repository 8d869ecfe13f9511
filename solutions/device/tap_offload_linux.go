//camp:file 6

//go:build linux

package device

// A TAP with offloads: the kernel and the stack exchange TCP segments of up
// to 64 KiB instead of 1,500-byte frames, and leave checksums half done.
//
// Performance work, not a day's lesson. Over a plain TAP every frame costs
// a system call each way, and a 200 MB transfer is 140,000 of them; the
// kernel's own stack pays nothing of the kind between two of its
// interfaces. With IFF_VNET_HDR every frame read or written begins with a
// virtio-net header (the one virtual machines' network cards use), and
// TUNSETOFFLOAD tells the kernel which work it may leave to us:
//
//   - TUN_F_CSUM: a packet may arrive with its TCP or UDP checksum only
//     begun (the header says where it lies and where the sum starts); we
//     finish it, as a network card would, or leave it unfinished if the
//     packet is for us. And a packet whose checksum the kernel has
//     checked says so: in either case TCP and UDP need not check it again
//     (fromVnet, meta.go).
//   - TUN_F_TSO4: the kernel may send one IPv4 TCP segment of up to 64 KiB
//     where the MTU would allow 1,460 bytes of data ("GSO"); we take it as
//     the single large datagram it is.
//
// And the other way: a frame the stack writes may hold one IPv4 TCP segment
// of up to 64 KiB (TCP learns from GSOMaxSize that it may send one); its
// header tells the kernel to cut it into MSS-sized segments and to finish
// their checksums, or, since the kernel is the receiver here, to take it
// in as the segments it stands for. Every other frame goes with an empty
// header.

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"syscall"
	"unsafe"

	"github.com/go-tcpip-camp/camp/solutions/checksum"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

const (
	iffVnetHdr    = 0x4000     // IFF_VNET_HDR (linux/if_tun.h)
	tunSetOffload = 0x400454d0 // TUNSETOFFLOAD: _IOW('T', 208, unsigned int)
	tunFCsum      = 0x01       // TUN_F_CSUM
	tunFTSO4      = 0x02       // TUN_F_TSO4

	vnetHdrLen       = 10   // struct virtio_net_hdr, without the buffer count
	vnetNeedsCsum    = 0x01 // VIRTIO_NET_HDR_F_NEEDS_CSUM: finish the checksum
	vnetDataValid    = 0x02 // VIRTIO_NET_HDR_F_DATA_VALID: the checksum was checked
	vnetGSOTCPv4     = 1    // VIRTIO_NET_HDR_GSO_TCPV4
	offVnetFlags     = 0
	offVnetGSOType   = 1
	offVnetHdrLen    = 2 // the headers' length, Ethernet to TCP
	offVnetGSOSize   = 4 // the data in each segment the kernel cuts
	offVnetCsumStart = 6 // where the checksummed data begins, from the frame's start
	offVnetCsumOff   = 8 // where, from there, the checksum field is

	tapMTU        = 1500  // the TAP's MTU, as campd leaves it
	tapGSOMaxSize = 65535 // the largest IPv4 datagram
)

// GSOMaxSize is the largest TCP datagram the TAP takes to cut itself: 64
// KiB with offloads, or just the MTU.
func (t *TAP) GSOMaxSize() int {
	if t.vnet {
		return tapGSOMaxSize
	}
	return tapMTU
}

// OpenTAPOffload opens a TAP, like [OpenTAP], whose frames from the kernel
// may be TCP segments of up to 64 KiB with their checksums left to finish.
// campd uses it: bulk TCP from the kernel then costs a system call per 64
// KiB, not per 1,460 bytes.
func OpenTAPOffload(name string) (Wire, error) {
	t, err := openTAP(name, syscall.IFF_TAP|syscall.IFF_NO_PI|iffVnetHdr)
	if err != nil {
		return nil, err
	}
	// Not t.file.Fd(): it would put the descriptor back in blocking mode.
	rc, err := t.file.SyscallConn()
	if err == nil {
		cerr := rc.Control(func(fd uintptr) {
			if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, tunSetOffload, tunFCsum|tunFTSO4); errno != 0 {
				err = errno
			}
		})
		if err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.file.Close()
		return nil, tapError(name, "TUNSETOFFLOAD", err)
	}
	t.vnet = true
	return t, nil
}

// fromVnet takes the virtio-net header off a frame read from the TAP and
// says what is known of its TCP or UDP checksum (meta.go). It returns nil
// for a frame too short or whose offsets do not fit.
//
// The kernel vouches for two kinds of frame (virtio 1.1 §5.1.6.4,
// "Processing of Incoming Packets"):
//
//   - VIRTIO_NET_HDR_F_NEEDS_CSUM: the packet never crossed a wire (the
//     kernel built it in memory), and its checksum was never computed:
//     the field holds the pseudo-header's sum, and the checksum covers
//     everything from csum_start on. Its bytes are as the sender wrote
//     them, so there is nothing to check. If lazy, fromVnet leaves the
//     field so ([stack.ChecksumPartial]): the stack delivers most such
//     frames to its own TCP, which needs no checksum, and IPv4 finishes it
//     for a datagram it sends on. Otherwise fromVnet finishes it now, as a
//     network card would, for a receiver that knows nothing of it.
//   - VIRTIO_NET_HDR_F_DATA_VALID: the kernel, or the card the packet came
//     in on, has checked the checksum ([stack.ChecksumUnnecessary]; Linux
//     sets the flag for a packet whose skb->ip_summed is
//     CHECKSUM_UNNECESSARY).
//
// Either way the fact is only passed on for the transport checksum of a
// whole IPv4 datagram that fills the frame (coversTransport): never for a
// fragment, whose checksum covers a datagram not yet reassembled, nor for
// a checksum the header places anywhere else, which is finished at once.
func fromVnet(b []byte, lazy bool) ([]byte, stack.RxChecksum) {
	if len(b) < vnetHdrLen {
		return nil, stack.ChecksumNone
	}
	hdr, frame := b[:vnetHdrLen], b[vnetHdrLen:]
	switch flags := hdr[offVnetFlags]; {
	case flags&vnetNeedsCsum != 0:
		start := int(binary.LittleEndian.Uint16(hdr[offVnetCsumStart:]))
		off := int(binary.LittleEndian.Uint16(hdr[offVnetCsumOff:]))
		if start > len(frame) || off%2 != 0 {
			return nil, stack.ChecksumNone
		}
		data := frame[start:]
		partial, err := checksumField(data, off)
		if err != nil {
			return nil, stack.ChecksumNone
		}
		transport := coversTransport(frame, start, off)
		if lazy && transport {
			return frame, stack.ChecksumPartial
		}
		sum, err := checksum.Compute(data, off, uint32(partial))
		if err != nil {
			return nil, stack.ChecksumNone
		}
		binary.BigEndian.PutUint16(data[off:], sum)
		if transport {
			return frame, stack.ChecksumUnnecessary // right: we just computed it
		}
	case flags&vnetDataValid != 0 && coversTransport(frame, -1, -1):
		return frame, stack.ChecksumUnnecessary
	}
	return frame, stack.ChecksumNone
}

// checksumField reads the 16-bit field at off of b.
func checksumField(b []byte, off int) (uint16, error) {
	if off < 0 || off+2 > len(b) {
		return 0, fmt.Errorf("device: checksum field at %d of %d bytes", off, len(b))
	}
	return binary.BigEndian.Uint16(b[off:]), nil
}

// writeVnet writes the frame eth+rest after a virtio-net header, empty
// unless the frame is a large TCP segment for the kernel to cut (GSO), in
// one writev system call, without joining the pieces.
func (t *TAP) writeVnet(eth, rest []byte) error {
	var hdr [vnetHdrLen]byte
	if len(eth)+len(rest) > 14+tapMTU {
		gsoHeader(hdr[:], eth, rest)
	}
	return t.writev(hdr[:], eth, rest)
}

// WriteFrameParts writes the frame whose first bytes are head and whose
// remaining bytes are payload: the Ethernet driver gives its header apart
// from the datagram, which it then need not copy behind the header
// (writev(2) gathers the pieces, as a network card's DMA does).
func (t *TAP) WriteFrameParts(head, payload []byte) error {
	if t.vnet && len(head) == 14 {
		return t.writeVnet(head, payload)
	}
	return t.writev(head, payload)
}

// writev writes the pieces, empty ones left out, in one writev(2).
func (t *TAP) writev(pieces ...[]byte) error {
	var iov [3]syscall.Iovec
	n := 0
	for _, p := range pieces {
		if len(p) > 0 {
			iov[n].Base = unsafe.SliceData(p)
			iov[n].SetLen(len(p))
			n++
		}
	}
	rc, err := t.file.SyscallConn()
	if err != nil {
		return fmt.Errorf("device: TAP %s: write: %w", t.name, err)
	}
	var errno syscall.Errno
	werr := rc.Write(func(fd uintptr) bool {
		_, _, errno = syscall.Syscall(syscall.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&iov[0])), uintptr(n))
		return errno != syscall.EAGAIN // EAGAIN: wait until the TAP takes more
	})
	if werr == nil && errno != 0 {
		werr = errno
	}
	if werr != nil {
		return fmt.Errorf("device: TAP %s: write: %w", t.name, werr)
	}
	return nil
}

// gsoHeader fills hdr for the frame eth+ip (its Ethernet header, and the
// rest), an IPv4 TCP segment larger than the MTU:
// the kernel is to cut it into segments of MTU less the headers, and to
// finish each one's checksum, whose field must then hold the sum of the
// pseudo-header only, not complemented (as Linux's own stack leaves it).
// A frame that is not such a segment is left with an empty header: the
// kernel will drop it as too long, and say so in its counters. TCP already
// leaves such a segment's field so, unsummed (tcp/offload.go); writing it
// again costs a few additions and keeps right a segment that came with its
// full checksum.
func gsoHeader(hdr, eth, ip []byte) {
	if len(eth) != 14 || len(ip) < 20+20 || binary.BigEndian.Uint16(eth[12:]) != 0x0800 {
		return
	}
	ihl := int(ip[0]&0x0f) * 4
	if ip[9] != 6 || len(ip) < ihl+20 {
		return
	}
	tcp := ip[ihl:]
	thl := int(tcp[12]>>4) * 4
	src, _ := netip.AddrFromSlice(ip[12:16])
	dst, _ := netip.AddrFromSlice(ip[16:20])
	sum := checksum.PseudoHeaderSum(src, dst, 6, uint16(len(tcp)))
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	binary.BigEndian.PutUint16(tcp[16:], uint16(sum))
	hdr[offVnetFlags] = vnetNeedsCsum
	hdr[offVnetGSOType] = vnetGSOTCPv4
	binary.LittleEndian.PutUint16(hdr[offVnetHdrLen:], uint16(len(eth)+ihl+thl))
	binary.LittleEndian.PutUint16(hdr[offVnetGSOSize:], uint16(tapMTU-ihl-thl))
	binary.LittleEndian.PutUint16(hdr[offVnetCsumStart:], uint16(len(eth)+ihl))
	binary.LittleEndian.PutUint16(hdr[offVnetCsumOff:], 16)
}
