//camp:file 3

package arp

import (
	"net/netip"

	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
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
	//camp:todo 3.6 arp-resolve: send to a known neighbour at once; else queue a copy of the datagram (bounded, oldest dropped) and start resolving a neighbour not yet in the cache
	l.mu.Lock()
	e := l.cache[next]
	if e != nil && e.state != StateIncomplete {
		mac := e.mac
		l.mu.Unlock()
		return iface.Device().Transmit(stack.ProtocolIPv4, datagram, mac.HardwareAddr())
	}
	//camp:mistake 3.6 arp-resolve-again: an entry that is already incomplete is resolved again, so every datagram sent while waiting broadcasts one more request
	if e == nil {
		//camp:instead
		// if e == nil || e.state == StateIncomplete {
		//camp:end
		var err error
		if e, err = l.startResolving(iface, next); err != nil {
			l.mu.Unlock()
			return err
		}
	}
	//camp:mistake 3.6 arp-queue-drops-newest: a full queue drops the new datagram instead of the oldest, so the latest (the one RFC 1122 asks to keep) is lost
	if len(e.pending) >= l.opts.QueueLen {
		e.pending = e.pending[1:]
		l.stats.queueDrops.Add(1)
		l.log.Debugf(logging.ARP, "queue for %v full: oldest datagram dropped", next)
	}
	e.pending = append(e.pending, append([]byte(nil), datagram...))
	//camp:instead
	// if len(e.pending) >= l.opts.QueueLen {
	// 	l.stats.queueDrops.Add(1)
	// } else {
	// 	e.pending = append(e.pending, append([]byte(nil), datagram...))
	// }
	//camp:end
	l.mu.Unlock()
	return nil
	//camp:stub
	// // Hint: l.cache (under l.mu) says what we know of next; l.startResolving adds an
	// // Hint: incomplete entry and sends the first request; e.pending holds waiting datagrams.
	// return todo.New(3, "arp-resolve")
	//camp:end
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
	//camp:todo 3.7 arp-timer: an incomplete entry asks again until Retries requests went unanswered, then gives up (its datagrams dropped, its waiters woken); a resolved entry is forgotten
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cache[e.addr] != e {
		return // replaced or removed since the timer was armed
	}
	switch e.state {
	case StateIncomplete:
		//camp:mistake 3.7 arp-timer-one-try-too-many: the retry test uses <=, so a fourth request goes out and the entry gives up after 4 s instead of 3
		if e.tries < l.opts.Retries {
			//camp:instead
			// if e.tries <= l.opts.Retries {
			//camp:end
			l.request(e)
			return
		}
		delete(l.cache, e.addr)
		l.stats.failures.Add(1)
		l.stats.queueDrops.Add(uint64(len(e.pending)))
		l.log.Warnf(logging.ARP, "%s: %v did not answer %d requests: host unreachable, %d datagrams dropped",
			e.dev.Name(), e.addr, e.tries, len(e.pending))
		//camp:mistake 3.7 arp-timer-forgets-waiters: giving up does not wake the waiters, so a Resolve for a host that never answers waits until its caller's deadline instead of failing at once with ErrUnreachable
		for _, w := range e.waiters {
			close(w)
		}
		//camp:instead
		//camp:end
	case StateResolved:
		delete(l.cache, e.addr)
		l.stats.expired.Add(1)
		l.log.Infof(logging.ARP, "cache: %v expired", e.addr)
	}
	//camp:stub
	// // Hint: e.tries counts the requests sent; l.request(e) sends another; delete(l.cache, e.addr) forgets e.
	// l.stack.Report(todo.New(3, "arp-timer"))
	//camp:end
}
