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
	//camp:todo 3.6 arp-resolve: send to a neighbour whose MAC we have at once (a STALE one moves to DELAY); else queue a copy of the datagram (bounded, oldest dropped), first asking by broadcast for a neighbour unknown or FAILED
	l.mu.Lock()
	e := l.cache[next]
	//camp:mistake 3.6 arp-resolve-again: an entry that is already incomplete is resolved again, so every datagram sent while waiting broadcasts one more request
	if e == nil || e.state == StateFailed {
		//camp:instead
		// if e == nil || e.state == StateFailed || e.state == StateIncomplete {
		//camp:end
		var err error
		if e, err = l.startResolving(iface, next); err != nil {
			l.mu.Unlock()
			return err
		}
	}
	//camp:mistake 3.6 arp-stale-not-delayed: a STALE entry is used but not moved to DELAY, so nobody checks the neighbour again, and StaleTime later the entry is forgotten while in use: the traffic then waits for a broadcast request
	if e.state == StateStale {
		// In use again, but not known to work: give the upper layers
		// DelayFirstProbe to confirm the neighbour before asking it
		// (RFC 4861 §7.3.3). The datagram still goes at once.
		e.state = StateDelay
		e.timer.Reset(l.opts.DelayFirstProbe)
	}
	//camp:instead
	//camp:end
	if e.state.hasMAC() {
		//camp:from 6
		hw := e.hardwareAddr() // made once per MAC, not once per datagram (cache.go)
		//camp:else
		// hw := e.mac.HardwareAddr()
		//camp:end
		l.mu.Unlock()
		return iface.Device().Transmit(stack.ProtocolIPv4, datagram, hw)
	}
	//camp:mistake 3.6 arp-queue-drops-newest: a full queue drops the new datagram instead of the oldest, so the latest (the one RFC 1122 asks to keep) is lost
	if len(e.pending) >= l.opts.QueueLen {
		e.pending = e.pending[1:]
		l.stats.queueDrops.Add(1)
		l.log.Infof(logging.ARP, "queue for %v full: oldest datagram dropped", next)
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
	// // Hint: l.cache (under l.mu) says what we know of next; l.startResolving makes it
	// // Hint: INCOMPLETE and broadcasts the first request; e.state.hasMAC() says whether e.mac
	// // Hint: can be used; e.timer.Reset(l.opts.DelayFirstProbe) arms DELAY's timer;
	// // Hint: e.pending holds waiting datagrams.
	// return todo.New(3, "arp-resolve")
	//camp:end
}

// startResolving makes addr's entry INCOMPLETE (a new one, or one that
// FAILED before) and broadcasts the first request for it; l.mu is held.
func (l *Layer) startResolving(iface *ipv4.Interface, addr netip.Addr) (*entry, error) {
	if _, err := ourMAC(iface.Device()); err != nil {
		return nil, err
	}
	e := l.cache[addr]
	if e == nil {
		e = &entry{addr: addr}
		e.timer = l.stack.NewTimer("arp "+addr.String(), func() { l.timeout(e) })
		l.cache[addr] = e
	}
	e.state, e.mac, e.tries = StateIncomplete, ethernet.MAC{}, 0
	e.dev, e.src = iface.Device(), iface.Addr()
	l.request(e, ethernet.Broadcast())
	return e, nil
}

// request sends a request for e's address to dst (broadcast, or the known
// MAC when probing), counts it in e.tries and arms the timer for the
// next; l.mu is held.
func (l *Layer) request(e *entry, dst ethernet.MAC) {
	e.tries++
	e.timer.Reset(l.opts.Retransmit)
	mac, err := ourMAC(e.dev)
	if err != nil {
		return
	}
	l.stats.outRequests.Add(1)
	if err := l.transmit(e.dev, Request(mac, e.src, e.addr), dst); err != nil {
		l.log.Warnf(logging.ARP, "%s: request for %v: %v", e.dev.Name(), e.addr, err)
	}
}

// timeout runs, in the softirq, when an entry's timer expires, and takes
// the entry's next step (see State).
func (l *Layer) timeout(e *entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cache[e.addr] != e {
		return // replaced or removed since the timer was armed
	}
	switch e.state {
	case StateIncomplete:
		l.retry(e)
	case StateReachable, StateDelay, StateProbe:
		l.recheck(e)
	case StateStale, StateFailed:
		// Unused for StaleTime (a send would have moved a STALE entry
		// on): forget it, as Linux's garbage collector does after
		// gc_staletime.
		delete(l.cache, e.addr)
		l.stats.expired.Add(1)
		l.log.Infof(logging.ARP, "cache: %v forgotten (%v, unused for %v)", e.addr, e.state, l.opts.StaleTime)
	}
}

// retry is the timer of an INCOMPLETE entry; l.mu is held.
func (l *Layer) retry(e *entry) {
	//camp:todo 3.7 arp-timer: an INCOMPLETE entry asks again until Retries requests went unanswered, then gives up: it becomes FAILED, its datagrams are dropped and counted, its waiters woken
	//camp:mistake 3.7 arp-timer-one-try-too-many: the retry test uses <=, so a fourth request goes out and the entry gives up after 4 s instead of 3
	if e.tries < l.opts.Retries {
		//camp:instead
		// if e.tries <= l.opts.Retries {
		//camp:end
		l.request(e, ethernet.Broadcast())
		return
	}
	e.state = StateFailed
	e.timer.Reset(l.opts.StaleTime) // then forgotten, unless sent to again
	l.stats.failures.Add(1)
	l.stats.unreachable.Add(uint64(len(e.pending)))
	l.log.Warnf(logging.ARP, "%s: %v did not answer %d requests: host unreachable, %d datagrams dropped",
		e.dev.Name(), e.addr, e.tries, len(e.pending))
	//camp:mistake 3.7 arp-timer-forgets-waiters: giving up does not wake the waiters, so a Resolve for a host that never answers waits until its caller's deadline instead of failing at once with ErrUnreachable
	for _, w := range e.waiters {
		close(w)
	}
	//camp:instead
	//camp:end
	e.pending, e.waiters = nil, nil
	//camp:stub
	// // Hint: e.tries counts the requests sent; l.request(e, ethernet.Broadcast()) sends another;
	// // Hint: giving up: e.state = StateFailed, e.timer.Reset(l.opts.StaleTime), count
	// // Hint: l.stats.failures and l.stats.unreachable (the datagrams), close each waiter.
	// l.stack.Report(todo.New(3, "arp-timer"))
	//camp:end
}

// recheck is the timer of an entry in REACHABLE, DELAY or PROBE: neighbour
// unreachability detection (RFC 4861 §7.3); l.mu is held.
func (l *Layer) recheck(e *entry) {
	//camp:todo 3.9 arp-nud: REACHABLE goes STALE once ReachableTime passed since the last confirmation; DELAY goes to PROBE; PROBE asks the known MAC by unicast until UnicastProbes went unanswered, then becomes INCOMPLETE and asks by broadcast
	switch e.state {
	case StateReachable:
		//camp:mistake 3.9 arp-reachable-ignores-confirmation: the entry goes STALE ReachableTime after it became REACHABLE, whatever TCP confirmed since, so a neighbour TCP keeps confirming is probed every ReachableTime
		if left := e.confirmed.Add(l.opts.ReachableTime).Sub(l.stack.Now()); left > 0 {
			e.timer.Reset(left) // confirmed since the timer was armed
			return
		}
		//camp:instead
		//camp:end
		e.state = StateStale
		e.timer.Reset(l.opts.StaleTime) // forgotten if not used again
		l.log.Debugf(logging.ARP, "cache: %v is STALE", e.addr)
	case StateDelay:
		// No confirmation came: ask the neighbour itself.
		e.state, e.tries = StateProbe, 0
		fallthrough
	case StateProbe:
		if e.tries < l.opts.UnicastProbes {
			//camp:mistake 3.9 arp-probe-broadcast: probes are broadcast instead of sent to the known MAC, so every host on the link hears them, and a neighbour that moved is never noticed as moved
			l.request(e, e.mac)
			//camp:instead
			// l.request(e, ethernet.Broadcast())
			//camp:end
			return
		}
		// The MAC we know does not answer: forget it, and ask everyone.
		l.log.Infof(logging.ARP, "%s: %v did not answer %d probes to %v: asking by broadcast",
			e.dev.Name(), e.addr, e.tries, e.mac)
		e.state, e.mac, e.tries = StateIncomplete, ethernet.MAC{}, 0
		l.request(e, ethernet.Broadcast())
	}
	//camp:stub
	// // Hint: l.stack.Now() is the time; e.confirmed is when the neighbour was last confirmed;
	// // Hint: e.timer.Reset(d) arms the next step; l.request(e, dst) asks and counts e.tries.
	// l.stack.Report(todo.New(3, "arp-nud"))
	//camp:end
}
