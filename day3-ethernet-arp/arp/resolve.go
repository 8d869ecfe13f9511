// Generated from solutions/arp/resolve.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/arp/resolve.go instead and regenerate; `course check` fails when the two drift.

package arp

import (
	"net/netip"

	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/ethernet"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/ipv4"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/logging"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/stack"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/todo"
)

// Send transmits an IPv4 datagram on iface's device to the neighbour next:
// at once if its hardware address is in the cache, otherwise once ARP has
// found it. It is the ipv4.Neighbours method IP output calls on devices
// that need ARP. Broadcast datagrams go to the Ethernet broadcast address,
// without ARP.
//
// While an address is being resolved, up to Options.QueueLen datagrams
// wait for it; the oldest is dropped to make room for a newer one. If the
// neighbour never answers, they are dropped and counted, and the failure is
// logged: as with a real network card, sending is not waiting.
func (l *Layer) Send(iface *ipv4.Interface, next netip.Addr, datagram []byte) error {
	dev := iface.Device()
	if next == ipv4.LimitedBroadcast || next == iface.Broadcast() {
		return dev.Transmit(stack.ProtocolIPv4, datagram, dev.Broadcast())
	}
	return l.stack.Report(l.send(iface, next, datagram))
}

func (l *Layer) send(iface *ipv4.Interface, next netip.Addr, datagram []byte) error {
	// TODO(day3): 3.6 arp-resolve — send to a known neighbour at once; else queue a copy of the datagram (bounded, oldest dropped) and start resolving a neighbour not yet in the cache.
	// Lesson: docs/day3-ethernet-arp.md#arp-resolve
	// Hint: l.cache (under l.mu) says what we know of next; l.startResolving adds an
	// Hint: incomplete entry and sends the first request; e.pending holds waiting datagrams.
	return todo.New(3, "arp-resolve")
}

// startResolving adds an incomplete entry for addr and sends the first
// request for it; l.mu is held.
func (l *Layer) startResolving(iface *ipv4.Interface, addr netip.Addr) (*entry, error) {
	if _, err := ourMAC(iface.Device()); err != nil {
		return nil, err
	}
	e := &entry{addr: addr, state: StateIncomplete, dev: iface.Device(), src: iface.Addr()}
	e.timer = l.stack.NewTimer("arp "+addr.String(), func() { l.timeout(e) })
	l.cache[addr] = e
	l.request(e)
	return e, nil
}

// request broadcasts a request for e's address and arms the retransmission
// timer; l.mu is held.
func (l *Layer) request(e *entry) {
	e.tries++
	e.timer.Reset(l.opts.Retransmit)
	mac, err := ourMAC(e.dev)
	if err != nil {
		return
	}
	l.stats.outRequests.Add(1)
	if err := l.transmit(e.dev, Request(mac, e.src, e.addr), ethernet.Broadcast()); err != nil {
		l.log.Warnf(logging.ARP, "%s: request for %v: %v", e.dev.Name(), e.addr, err)
	}
}

// timeout runs, in the softirq, when an entry's timer expires.
func (l *Layer) timeout(e *entry) {
	// TODO(day3): 3.7 arp-timer — an incomplete entry asks again until Retries requests went unanswered, then gives up (its datagrams dropped, its waiters woken); a resolved entry is forgotten.
	// Lesson: docs/day3-ethernet-arp.md#arp-timer
	// Hint: e.tries counts the requests sent; l.request(e) sends another; delete(l.cache, e.addr) forgets e.
	l.stack.Report(todo.New(3, "arp-timer"))
}
