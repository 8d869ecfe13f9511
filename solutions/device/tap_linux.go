//camp:file 3

//go:build linux

package device

// A TAP device is a network interface of the Linux kernel whose "hardware"
// is a program. The kernel sees an ordinary Ethernet port (`ip link` lists
// it, it has a MAC address, you give it IP addresses); every frame the
// kernel sends out of it can be read from a file descriptor, and every frame
// written to that descriptor arrives at the kernel as if it came in from the
// cable. Our stack sits at the other end of that cable: to the kernel, it is
// another host on the same Ethernet.
//
// The descriptor comes from the clone device /dev/net/tun: opening it gives
// a descriptor not yet bound to an interface, and the TUNSETIFF ioctl binds
// it, creating the interface if it does not exist. Two flags matter:
//
//   - IFF_TAP asks for a TAP (layer 2: whole Ethernet frames), where IFF_TUN
//     would ask for a TUN (layer 3: bare IP packets, no Ethernet header, no
//     ARP). Day 3 is about Ethernet and ARP, so we want TAP.
//   - IFF_NO_PI drops the 4-byte "packet information" header (flags and
//     protocol) the kernel would otherwise put before every frame: each read
//     then returns exactly one frame and each write sends exactly one.
//
// See https://docs.kernel.org/networking/tuntap.html.

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"unsafe"

	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// ErrTAPUnsupported is returned by [OpenTAP] on systems without TAP devices:
// every system but Linux. Use the in-memory [Link] there.
var ErrTAPUnsupported = errors.New("device: TAP needs Linux")

// tapReadLen is the size of the TAP reader's buffer: the largest IP packet
// plus an Ethernet header and VLAN tags, with room to spare. A read returns
// one frame, and a frame longer than the buffer would be cut short.
const tapReadLen = 1<<16 + 64

// ifreq is the kernel's struct ifreq (linux/if.h) as TUNSETIFF reads and
// writes it: an interface name, then a union of which we use the flags.
// Its size is 40 bytes on 64-bit systems and 32 on 32-bit ones; the padding
// makes ours large enough for both.
type ifreq struct {
	name  [syscall.IFNAMSIZ]byte // NUL-terminated
	flags uint16
	_     [22]byte
}

// TAP is a [Wire] on a Linux TAP device. [OpenTAP] makes one; its Name is
// the interface's name as `ip link` shows it.
type TAP struct {
	name string   // the kernel's name for the interface
	file *os.File // the descriptor bound to it, in non-blocking mode

	mu     sync.Mutex
	opened bool          // Open was called
	closed bool          // Close was called
	done   chan struct{} // closed when the reader goroutine has returned
	err    error         // why the reader stopped, if not because of Close
	//camp:from 6
	vnet   bool                          // every frame has a virtio-net header (OpenTAPOffload)
	rxMeta func([]byte, stack.FrameMeta) // set by OpenMeta before it opens
	//camp:end
}

// OpenTAP opens the TAP device called name, creating it if it does not
// exist. If name is an existing persistent TAP (`ip tuntap add NAME mode
// tap`), OpenTAP attaches to it. An empty name lets the kernel choose one
// ("tap0", "tap1" …). The wire returned is a *[TAP], whose Name says which
// name the interface has.
//
// A TAP created by OpenTAP lives as long as the wire: closing it removes
// the interface. Creating or attaching needs root or the CAP_NET_ADMIN
// capability (a persistent TAP made for your user with `ip tuntap add …
// user NAME` is the exception).
func OpenTAP(name string) (Wire, error) {
	return openTAP(name, syscall.IFF_TAP|syscall.IFF_NO_PI)
}

// openTAP opens the TAP with the TUNSETIFF flags given.
func openTAP(name string, flags uint16) (*TAP, error) {
	if len(name) >= syscall.IFNAMSIZ {
		return nil, fmt.Errorf("device: open TAP %q: name longer than %d bytes", name, syscall.IFNAMSIZ-1)
	}
	fd, err := syscall.Open("/dev/net/tun", syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, tapError(name, "/dev/net/tun", err)
	}
	var req ifreq
	copy(req.name[:], name)
	req.flags = flags
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TUNSETIFF, uintptr(unsafe.Pointer(&req))); errno != 0 {
		syscall.Close(fd)
		return nil, tapError(name, "TUNSETIFF", errno)
	}
	// A blocking read could only be interrupted by a frame arriving: Close
	// would have to wait for the next frame, forever on a quiet link. In
	// non-blocking mode, os.NewFile hands the descriptor to the Go runtime's
	// poller (epoll): a Read parks its goroutine until the descriptor is
	// readable, and Close wakes it with os.ErrClosed. So Close returns at
	// once, and the reader goroutine with it.
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, tapError(name, "set non-blocking", err)
	}
	t := &TAP{
		name: cString(req.name[:]),
		file: os.NewFile(uintptr(fd), "/dev/net/tun"),
	}
	return t, nil
}

// tapError explains why opening a TAP failed, with a hint for the usual
// causes.
func tapError(name, step string, err error) error {
	hint := ""
	switch {
	case errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EACCES):
		hint = " (TAP devices need root or CAP_NET_ADMIN)"
	case errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.ENODEV):
		hint = " (the kernel has no TUN/TAP driver: try `modprobe tun`)"
	case errors.Is(err, syscall.EBUSY):
		hint = " (another program has that TAP open)"
	case errors.Is(err, syscall.EINVAL):
		hint = " (a link with that name exists and is not a TAP device)"
	}
	return fmt.Errorf("device: open TAP %q: %s: %w%s", name, step, err, hint)
}

// cString returns the NUL-terminated string at the start of b.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// Name returns the interface's name, as the kernel knows it.
func (t *TAP) Name() string { return t.name }

// Open starts the reader: a goroutine that reads frames from the TAP and
// hands each to rx, in a slice of its own, until Close.
func (t *TAP) Open(rx func(frame []byte)) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.closed:
		return fmt.Errorf("device: TAP %s: %w", t.name, os.ErrClosed)
	case t.opened:
		return fmt.Errorf("device: TAP %s: already open", t.name)
	}
	t.opened = true
	t.done = make(chan struct{})
	go t.read(rx)
	return nil
}

// read is the reader goroutine: the TAP's "receive interrupt".
func (t *TAP) read(rx func(frame []byte)) {
	defer close(t.done)
	var blocks frameCopier
	//camp:from 6
	rxMeta := t.rxMeta
	if rxMeta != nil {
		blocks.recycle()
	}
	//camp:end
	for {
		n, err := t.file.Read(blocks.room(tapReadLen))
		if err != nil {
			if !errors.Is(err, os.ErrClosed) {
				// The interface was deleted under us, say. Stop,
				// and let Close report it.
				t.mu.Lock()
				t.err = fmt.Errorf("device: TAP %s: read: %w", t.name, err)
				t.mu.Unlock()
			}
			return
		}
		frame := blocks.take(n) // read in place: rx keeps it, the next read goes after it
		//camp:from 6
		m := stack.FrameMeta{Block: blocks.frameHold()} // the recycled block frame is in, held for it (recycle.go)
		if t.vnet {
			// The checksum of a frame for the stack may stay unfinished
			// (rxMeta: the stack learns so); a receiver that knows
			// nothing of it gets it finished.
			if frame, m.Checksum = fromVnet(frame, rxMeta != nil); frame == nil {
				if m.Block != nil {
					m.Block.Release()
				}
				continue // malformed: no frame to hand on
			}
		}
		if rxMeta != nil {
			rxMeta(frame, m)
			continue
		}
		//camp:end
		rx(frame)
	}
}

//camp:from 6

// OpenMeta is Open for a receiver that releases each frame's block once it
// is done with the frame (MetaWire): the reader then reads into blocks it
// uses again (recycle.go). The receiver also learns which frames'
// checksums the kernel vouched for (meta.go): with offloads, those it had
// checked or left for us to finish.
func (t *TAP) OpenMeta(rx func([]byte, stack.FrameMeta)) error {
	t.mu.Lock()
	t.rxMeta = rx // read, started by Open, picks it up
	t.mu.Unlock()
	return t.Open(func(f []byte) { rx(f, stack.FrameMeta{}) })
}

// ReceivesOnOwnGoroutine reports that the TAP calls rx on a goroutine of
// its own, the reader, which has nothing else to do until the next frame:
// the Ethernet driver may run the stack's whole receive path on it
// ([stack.Device.RaiseIRQInline]), and so answer a ping without waking
// another goroutine.
func (t *TAP) ReceivesOnOwnGoroutine() bool { return true }

//camp:end

// WriteFrame writes frame to the TAP: the kernel receives it on the
// interface, as if it came in from the cable.
func (t *TAP) WriteFrame(frame []byte) error {
	//camp:from 6
	if t.vnet && len(frame) >= 14 {
		return t.writeVnet(frame[:14], frame[14:])
	}
	//camp:end
	if _, err := t.file.Write(frame); err != nil {
		return fmt.Errorf("device: TAP %s: write: %w", t.name, err)
	}
	return nil
}

// Close closes the TAP's descriptor, which removes an interface OpenTAP
// created, and waits for the reader goroutine to return: after Close, rx is
// not called again. Close must not be called from rx (it would wait for
// itself). It reports why the reader stopped early, if it did. Closing a
// closed TAP does nothing.
func (t *TAP) Close() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	done := t.done
	t.mu.Unlock()

	err := t.file.Close() // wakes a Read parked in the poller
	if done != nil {
		<-done
	}
	if err != nil {
		return fmt.Errorf("device: TAP %s: close: %w", t.name, err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}
