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
//     finish it, as a network card would.
//   - TUN_F_TSO4: the kernel may send one IPv4 TCP segment of up to 64 KiB
//     where the MTU would allow 1,460 bytes of data ("GSO"); we take it as
//     the single large datagram it is.
//
// The stack itself still sends frames of at most the MTU, each with an
// empty header: nothing asks the kernel to cut our segments.

import (
	"encoding/binary"
	"fmt"
	"syscall"
	"unsafe"

	"github.com/go-tcpip-camp/camp/solutions/checksum"
)

const (
	iffVnetHdr    = 0x4000     // IFF_VNET_HDR (linux/if_tun.h)
	tunSetOffload = 0x400454d0 // TUNSETOFFLOAD: _IOW('T', 208, unsigned int)
	tunFCsum      = 0x01       // TUN_F_CSUM
	tunFTSO4      = 0x02       // TUN_F_TSO4

	vnetHdrLen       = 10   // struct virtio_net_hdr, without the buffer count
	vnetNeedsCsum    = 0x01 // VIRTIO_NET_HDR_F_NEEDS_CSUM: finish the checksum
	offVnetFlags     = 0
	offVnetCsumStart = 6 // where the checksummed data begins, from the frame's start
	offVnetCsumOff   = 8 // where, from there, the checksum field is
)

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

// fromVnet takes the virtio-net header off a frame read from the TAP and,
// if the kernel left the TCP or UDP checksum unfinished, finishes it: the
// field holds the pseudo-header's sum, and the checksum covers everything
// from csum_start on. It returns nil for a frame too short or whose offsets
// do not fit.
func fromVnet(b []byte) []byte {
	if len(b) < vnetHdrLen {
		return nil
	}
	hdr, frame := b[:vnetHdrLen], b[vnetHdrLen:]
	if hdr[offVnetFlags]&vnetNeedsCsum != 0 {
		start := int(binary.LittleEndian.Uint16(hdr[offVnetCsumStart:]))
		off := int(binary.LittleEndian.Uint16(hdr[offVnetCsumOff:]))
		if start > len(frame) || off%2 != 0 {
			return nil
		}
		data := frame[start:]
		partial, err := checksumField(data, off)
		if err != nil {
			return nil
		}
		sum, err := checksum.Compute(data, off, uint32(partial))
		if err != nil {
			return nil
		}
		binary.BigEndian.PutUint16(data[off:], sum)
	}
	return frame
}

// checksumField reads the 16-bit field at off of b.
func checksumField(b []byte, off int) (uint16, error) {
	if off < 0 || off+2 > len(b) {
		return 0, fmt.Errorf("device: checksum field at %d of %d bytes", off, len(b))
	}
	return binary.BigEndian.Uint16(b[off:]), nil
}

// writeVnet writes frame after an empty virtio-net header (no offload
// asked for), in one writev system call, without copying the frame.
func (t *TAP) writeVnet(frame []byte) error {
	var hdr [vnetHdrLen]byte
	iov := [2]syscall.Iovec{{Base: &hdr[0]}, {Base: unsafe.SliceData(frame)}}
	iov[0].SetLen(vnetHdrLen)
	iov[1].SetLen(len(frame))
	rc, err := t.file.SyscallConn()
	if err != nil {
		return fmt.Errorf("device: TAP %s: write: %w", t.name, err)
	}
	var errno syscall.Errno
	werr := rc.Write(func(fd uintptr) bool {
		_, _, errno = syscall.Syscall(syscall.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&iov[0])), 2)
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
