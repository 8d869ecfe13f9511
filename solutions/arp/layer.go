//camp:file 3

package arp

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// Errors of the ARP layer's calls.
var (
	ErrUnreachable = errors.New("arp: host unreachable: no answer to ARP requests")
	ErrNotEthernet = errors.New("arp: device has no Ethernet address")
)

// Layer is the ARP layer of one stack: the neighbour cache and the
// protocol that fills it. It answers requests for the stack's addresses,
// and resolves the next hop of every IPv4 datagram sent on an Ethernet
// device (it is the ipv4.Neighbours of the IP layer).
type Layer struct {
	stack *stack.Stack
	ip    *ipv4.Layer
	log   *logging.Logger
	opts  Options

	mu    sync.Mutex
	cache map[netip.Addr]*entry

	stats counters
}

// Stats are the ARP layer's counters.
type Stats struct {
	InRequests, InReplies, InDrops uint64 // received; dropped as malformed or not for us
	OutRequests, OutReplies        uint64 // sent
	QueueDrops                     uint64 // datagrams dropped from a full queue
	Unreachable                    uint64 // datagrams dropped: their neighbour did not answer
	Failures                       uint64 // resolutions given up (entries gone FAILED)
	Expired                        uint64 // STALE or FAILED entries forgotten after StaleTime unused
	CacheFull                      uint64 // senders not cached: the cache held MaxEntries
}

type counters struct {
	inRequests, inReplies, inDrops, outRequests, outReplies, queueDrops, failures, expired atomic.Uint64
	cacheFull, unreachable                                                                 atomic.Uint64
}

// New makes the ARP layer of s for the IP layer ip: it registers itself
// with s for ARP frames and with ip as its neighbour resolver.
func New(s *stack.Stack, ip *ipv4.Layer, opts Options) (*Layer, error) {
	l := &Layer{
		stack: s,
		ip:    ip,
		log:   s.Logger(),
		opts:  opts.withDefaults(),
		cache: make(map[netip.Addr]*entry),
	}
	if err := s.RegisterProtocol(stack.ProtocolARP, l.input); err != nil {
		return nil, fmt.Errorf("arp: %w", err)
	}
	ip.SetNeighbours(l)
	return l, nil
}

// Stats returns a snapshot of the layer's counters.
func (l *Layer) Stats() Stats {
	c := &l.stats
	return Stats{InRequests: c.inRequests.Load(), InReplies: c.inReplies.Load(), InDrops: c.inDrops.Load(),
		OutRequests: c.outRequests.Load(), OutReplies: c.outReplies.Load(), QueueDrops: c.queueDrops.Load(),
		Unreachable: c.unreachable.Load(), Failures: c.failures.Load(), Expired: c.expired.Load(),
		CacheFull: c.cacheFull.Load()}
}

// Entries returns the neighbour cache, like `ip neigh show`.
func (l *Layer) Entries() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Entry, 0, len(l.cache))
	for _, e := range l.cache {
		out = append(out, e.snapshot())
	}
	return out
}

// Lookup returns the cache entry of addr.
func (l *Layer) Lookup(addr netip.Addr) (Entry, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.cache[addr]
	if e == nil {
		return Entry{}, false
	}
	return e.snapshot(), true
}

// AddStatic adds a permanent entry: addr is at mac on dev, whatever the
// wire says (`ip neigh add … nud permanent`).
func (l *Layer) AddStatic(dev *stack.Device, addr netip.Addr, mac ethernet.MAC) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if old := l.cache[addr]; old != nil && old.timer != nil {
		old.timer.Stop()
	}
	l.cache[addr] = &entry{addr: addr, mac: mac, state: StateStatic, dev: dev}
}

// Resolve returns the hardware address of addr, a neighbour on iface's
// link, asking for it if it is not in the cache, and waiting for the
// answer until ctx is done or the layer gives up ([ErrUnreachable]).
func (l *Layer) Resolve(ctx context.Context, iface *ipv4.Interface, addr netip.Addr) (ethernet.MAC, error) {
	done := make(chan struct{})
	l.mu.Lock()
	e := l.cache[addr]
	if e != nil && e.state.hasMAC() {
		mac := e.mac
		l.mu.Unlock()
		return mac, nil
	}
	if e == nil || e.state == StateFailed {
		var err error
		if e, err = l.startResolving(iface, addr); err != nil {
			l.mu.Unlock()
			return ethernet.MAC{}, l.stack.Report(err)
		}
	}
	e.waiters = append(e.waiters, done)
	l.mu.Unlock()

	select {
	case <-done:
	case <-ctx.Done():
		return ethernet.MAC{}, fmt.Errorf("arp: resolve %v: %w", addr, ctx.Err())
	}
	if got, ok := l.Lookup(addr); ok && got.State.hasMAC() {
		return got.MAC, nil
	}
	return ethernet.MAC{}, fmt.Errorf("%w: %v", ErrUnreachable, addr)
}

// Confirm tells the cache that the neighbour addr is known to hear us: an
// upper layer saw forward progress (TCP: an ACK for new data), which RFC
// 4861 §7.3.1 counts as a reachability confirmation, as Linux's
// dst_confirm does. The entry becomes (or stays) REACHABLE with no ARP
// packet at all; an entry without a MAC, or a static one, is left alone.
// TCP reaches it through ipv4.Layer.ConfirmNeighbour.
func (l *Layer) Confirm(addr netip.Addr) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.cache[addr]
	if e == nil || !e.state.hasMAC() || e.state == StateStatic {
		return
	}
	if e.state == StateReachable {
		// Cheap, as it runs for every ACK: the timer, when it fires,
		// sees the new time and waits on (recheck).
		e.confirmed = l.stack.Now()
		return
	}
	l.reachable(e)
}

// ourMAC returns the Ethernet address of dev.
func ourMAC(dev *stack.Device) (ethernet.MAC, error) {
	mac, err := ethernet.MACFrom(dev.HardwareAddr())
	if err != nil {
		return ethernet.MAC{}, fmt.Errorf("%w: %s", ErrNotEthernet, dev.Name())
	}
	return mac, nil
}

// transmit sends one ARP packet on dev to the hardware address dst.
func (l *Layer) transmit(dev *stack.Device, p Packet, dst ethernet.MAC) error {
	b, err := p.Append(nil)
	if err != nil {
		return err
	}
	l.log.Infof(logging.ARP, "%s: out %v", dev.Name(), p)
	return dev.Transmit(stack.ProtocolARP, b, dst.HardwareAddr())
}
