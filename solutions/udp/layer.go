//camp:file 4

package udp

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// The ephemeral port range (RFC 6335 §6, RFC 6056): a socket bound to port
// 0 gets a free port from it.
const (
	EphemeralFirst = 49152
	EphemeralLast  = 65535
)

// QueueLen bounds the datagrams waiting in one socket to be read; one more
// is dropped and counted (RcvbufErrors), as the kernel drops datagrams
// when a socket's receive buffer is full.
const QueueLen = 256

// portUnreachable is ICMP's Destination Unreachable code for a port no
// socket is bound to (RFC 792).
const portUnreachable = 3

// Errors of the UDP layer.
var (
	// ErrPortInUse wraps EADDRINUSE, as the kernel reports a port taken:
	// errors.Is(err, syscall.EADDRINUSE) holds.
	ErrPortInUse = os.NewSyscallError("bind", syscall.EADDRINUSE)
	ErrNoPorts   = errors.New("udp: no free ephemeral port")
	ErrNoSocket  = errors.New("udp: no socket bound to the port")
	ErrQueueFull = errors.New("udp: socket receive queue full")
	ErrClosed    = errors.New("udp: stack is closed")
)

// Layer is the UDP layer of one stack: its port table and its counters.
type Layer struct {
	ip    *ipv4.Layer
	stack *stack.Stack
	log   *logging.Logger

	mu     sync.Mutex
	ports  map[uint16]*Conn // bound sockets, by local port
	closed bool

	stats counters
}

// Stats are the UDP layer's counters, named after the UDP-MIB (RFC 4113).
type Stats struct {
	InDatagrams  uint64 // delivered to a socket
	NoPorts      uint64 // no socket for the destination port
	InErrors     uint64 // malformed: length or checksum
	RcvbufErrors uint64 // dropped: the socket's queue was full
	OutDatagrams uint64 // sent
}

type counters struct {
	inDatagrams, noPorts, inErrors, rcvbufErrors, outDatagrams atomic.Uint64
}

// New makes the UDP layer and registers it with ip. Closing the stack
// closes every UDP socket.
func New(ip *ipv4.Layer) (*Layer, error) {
	l := &Layer{ip: ip, stack: ip.Stack(), log: ip.Stack().Logger(), ports: make(map[uint16]*Conn)}
	if err := ip.RegisterProtocol(ipv4.ProtocolUDP, l.input); err != nil {
		return nil, fmt.Errorf("udp: %w", err)
	}
	//camp:from 6
	if err := l.registerICMPErrors(); err != nil {
		return nil, fmt.Errorf("udp: %w", err)
	}
	//camp:end
	l.stack.OnClose(l.closeAll)
	return l, nil
}

// Stats returns a snapshot of the layer's counters.
func (l *Layer) Stats() Stats {
	c := &l.stats
	return Stats{InDatagrams: c.inDatagrams.Load(), NoPorts: c.noPorts.Load(), InErrors: c.inErrors.Load(),
		RcvbufErrors: c.rcvbufErrors.Load(), OutDatagrams: c.outDatagrams.Load()}
}

// input is UDP's ipv4.Handler.
func (l *Layer) input(h ipv4.Header, b []byte, iface *ipv4.Interface) error {
	//camp:from 6
	hdr, payload, err := parseReceived(b, h, iface) // the device may have checked the checksum (offload.go)
	//camp:else
	// hdr, payload, err := Parse(b, h.Src, h.Dst)
	//camp:end
	if err != nil {
		l.stats.inErrors.Add(1)
		return l.stack.Report(fmt.Errorf("from %v: %w", h.Src, err))
	}
	l.log.Infof(logging.UDP, "in  %v:%d → %v:%d len=%d", h.Src, hdr.SrcPort, h.Dst, hdr.DstPort, len(payload))
	return l.stack.Report(l.demux(h, hdr, payload, b))
}

// demux hands a datagram to its socket.
func (l *Layer) demux(h ipv4.Header, hdr Header, payload, raw []byte) error {
	//camp:todo 4.4 udp-demux: hand the datagram to the socket bound to its port (a full queue is a counted drop); with no socket, count it and answer port unreachable, unless it was sent to a broadcast address
	from := netip.AddrPortFrom(h.Src, hdr.SrcPort)
	c := l.socketFor(hdr.DstPort, h.Dst, from)
	if c == nil {
		l.stats.noPorts.Add(1)
		if !l.ip.IsBroadcast(h.Dst) && !h.Dst.IsMulticast() {
			//camp:mistake 4.4 quote-without-udp-header: SendUnreachable is given the payload, not the whole datagram, so the quote lacks the UDP header and the sender cannot tell which of its sockets failed
			l.ip.SendUnreachable(portUnreachable, h, raw)
			//camp:instead
			// l.ip.SendUnreachable(portUnreachable, h, payload)
			//camp:end
		}
		return fmt.Errorf("%w: %v:%d", ErrNoSocket, h.Dst, hdr.DstPort)
	}
	if !c.deliver(received{from: from, data: append([]byte(nil), payload...)}) {
		l.stats.rcvbufErrors.Add(1)
		return fmt.Errorf("%w: %v", ErrQueueFull, c.local)
	}
	l.stats.inDatagrams.Add(1)
	return nil
	//camp:stub
	// // Hint: l.socketFor finds the socket; c.deliver queues a copy of the payload;
	// // Hint: l.ip.SendUnreachable(portUnreachable, h, raw) sends the ICMP error.
	// return todo.New(4, "udp-demux")
	//camp:end
}

// socketFor returns the socket that takes a datagram for port and address
// dst from the sender from: bound to port, to dst or to any address, and,
// if connected, connected to from.
func (l *Layer) socketFor(port uint16, dst netip.Addr, from netip.AddrPort) *Conn {
	l.mu.Lock()
	c := l.ports[port]
	l.mu.Unlock()
	if c == nil {
		return nil
	}
	if a := c.local.Addr(); a.IsValid() && !a.IsUnspecified() && a != dst {
		return nil
	}
	if c.remote.IsValid() && c.remote != from {
		return nil
	}
	return c
}

// bind claims the local address for c. Each port is bound by one socket
// at most, whatever address it names: simpler than the kernel, which lets
// sockets share a port on different addresses.
func (l *Layer) bind(c *Conn, local netip.AddrPort) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	//camp:todo 4.5 udp-bind: claim the port; port 0 means a free ephemeral port (49152–65535), searched from a random start; a port taken is ErrPortInUse
	port := local.Port()
	if port == 0 {
		n := EphemeralLast - EphemeralFirst + 1
		start := rand.IntN(n)
		for i := range n {
			//camp:mistake 4.5 ephemeral-from-zero: the search counts from port 0, not from EphemeralFirst, so "ephemeral" ports land on well-known and registered ports (0–16383)
			p := uint16(EphemeralFirst + (start+i)%n)
			//camp:instead
			// p := uint16((start + i) % n)
			//camp:end
			if l.ports[p] == nil {
				port = p
				break
			}
		}
		if port == 0 {
			return ErrNoPorts
		}
	} else if l.ports[port] != nil {
		return fmt.Errorf("%w: port %d", ErrPortInUse, port)
	}
	//camp:mistake 4.5 local-port-not-set: c.local keeps port 0, so LocalAddr says port 0 and Close frees the wrong entry of the port table
	c.local = netip.AddrPortFrom(local.Addr(), port)
	//camp:instead
	// c.local = local
	//camp:end
	l.ports[port] = c
	return nil
	//camp:stub
	// // Hint: l.ports maps a port to its socket; rand.IntN picks a random start;
	// // Hint: set c.local to the address with the port you chose.
	// return todo.New(4, "udp-bind")
	//camp:end
}

// unbind frees c's port.
func (l *Layer) unbind(c *Conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ports[c.local.Port()] == c {
		delete(l.ports, c.local.Port())
	}
}

// output sends one datagram from local to remote.
func (l *Layer) output(local, remote netip.AddrPort, payload []byte) error {
	//camp:todo 4.7 udp-output: pick the source address (when the socket is bound to no address, the address of the route's interface), build the datagram with its checksum, send it with IP
	src := local.Addr()
	//camp:mistake 4.7 source-left-to-ip: a socket bound to 0.0.0.0 sends with source 0.0.0.0 (or none), so the checksum's pseudo-header does not hold the source IP really sends and the receiver drops the datagram
	if !src.IsValid() || src.IsUnspecified() {
		r, err := l.ip.Lookup(remote.Addr())
		if err != nil {
			return err
		}
		src = r.Iface.Addr()
	}
	//camp:instead
	//camp:end
	b, err := Header{SrcPort: local.Port(), DstPort: remote.Port()}.Append(nil, payload, src, remote.Addr())
	if err != nil {
		return err
	}
	l.stats.outDatagrams.Add(1)
	l.log.Infof(logging.UDP, "out %v:%d → %v len=%d", src, local.Port(), remote, len(payload))
	return l.ip.Output(ipv4.ProtocolUDP, b, src, remote.Addr())
	//camp:stub
	// // Hint: l.ip.Lookup(remote.Addr()) gives the route; Header{…}.Append builds the datagram;
	// // Hint: l.ip.Output(ipv4.ProtocolUDP, b, src, remote.Addr()) sends it.
	// return todo.New(4, "udp-output")
	//camp:end
}

// closeAll closes every socket; the stack calls it when it closes.
func (l *Layer) closeAll() {
	l.mu.Lock()
	l.closed = true
	socks := make([]*Conn, 0, len(l.ports))
	for _, c := range l.ports {
		socks = append(socks, c)
	}
	l.mu.Unlock()
	for _, c := range socks {
		c.Close()
	}
}
