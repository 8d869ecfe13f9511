//camp:file 3

package arp

import (
	"fmt"

	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// input is ARP's stack.Handler. It follows the packet reception algorithm
// of RFC 826 ("Packet Reception"): after checking the packet, update the
// entry of the sender if there is one (the merge rule); then, if we are the
// target, add the sender if it was new and answer a request.
func (l *Layer) input(dev *stack.Device, data []byte) error {
	p, err := Parse(data)
	if err != nil {
		l.stats.inDrops.Add(1)
		return l.stack.Report(fmt.Errorf("%s: %w", dev.Name(), err))
	}
	if p.Op == OpRequest {
		l.stats.inRequests.Add(1)
	} else {
		l.stats.inReplies.Add(1)
	}
	l.log.Infof(logging.ARP, "%s: in  %v", dev.Name(), p)

	var target *ipv4.Interface // our interface, if we are the target
	for _, i := range l.ip.Interfaces() {
		if i.Device() == dev && i.Addr() == p.TargetIP {
			target = i
		}
	}
	if p.IsGratuitous() && target != nil {
		l.log.Warnf(logging.ARP, "%s: %v claims our address %v: address conflict", dev.Name(), p.SenderMAC, p.SenderIP)
		return nil
	}
	if err := l.stack.Report(l.update(dev, p, target != nil)); err != nil {
		return err
	}
	if target == nil {
		return nil
	}
	if p.Op == OpRequest {
		return l.stack.Report(l.reply(dev, p))
	}
	return nil
}

// update applies RFC 826's merge rule: a packet from a sender we have an
// entry for refreshes it (a gratuitous ARP announcing a new address moves
// the entry); a sender we have no entry for is added only if the packet was
// for us: a host does not fill its cache with every conversation on the
// link. A static entry does not change. A sender of 0.0.0.0 (an RFC 5227
// probe) is never cached. Only a reply to us proves that the neighbour
// hears us (RFC 4861 §7.2.5's "solicited" answer): it makes the entry
// REACHABLE; anything else gives a new entry, or a new MAC, in STALE.
func (l *Layer) update(dev *stack.Device, p Packet, forUs bool) error {
	//camp:todo 3.5 arp-merge: refresh the sender's entry if we have one (else add it if the packet is for us), REACHABLE if the packet is a reply to us, then send the datagrams that waited for it
	if p.SenderIP.IsUnspecified() {
		return nil
	}
	l.mu.Lock()
	e := l.cache[p.SenderIP]
	switch {
	case e != nil && e.state == StateStatic:
		l.mu.Unlock()
		return nil
	//camp:mistake 3.5 arp-merge-adds-every-sender: a sender we have no entry for is added even when the packet is not for us, so the cache fills with every conversation on the link
	case e == nil && !forUs:
		l.mu.Unlock()
		return nil
	//camp:instead
	//camp:end
	//camp:mistake 3.5 arp-merge-unbounded: a new sender is added however full the cache is, so a peer sending requests from ever new addresses grows it without end
	case e == nil && len(l.cache) >= l.opts.MaxEntries:
		l.mu.Unlock()
		l.stats.cacheFull.Add(1)
		return nil // a full cache learns nobody new (it still answers)
	//camp:instead
	//camp:end
	case e == nil:
		e = &entry{addr: p.SenderIP, dev: dev, src: p.TargetIP}
		e.timer = l.stack.NewTimer("arp "+p.SenderIP.String(), func() { l.timeout(e) })
		l.cache[p.SenderIP] = e
	}
	//camp:mistake 3.5 arp-request-confirms: every ARP packet makes the entry REACHABLE, requests too, though a request says where the neighbour is, not that it hears us, so a neighbour that asks but no longer answers is trusted for another ReachableTime
	pending, waiters := l.resolved(e, p.SenderMAC, p.Op == OpReply && forUs)
	//camp:instead
	// pending, waiters := l.resolved(e, p.SenderMAC, true)
	//camp:end
	//camp:mistake 3.5 arp-release-under-lock: l.release is called with l.mu held, so the cache stays locked while the queued datagrams are transmitted, and anything that looks at the cache meanwhile waits
	l.mu.Unlock()
	l.release(e, pending, waiters)
	//camp:instead
	// l.release(e, pending, waiters)
	// l.mu.Unlock()
	//camp:end
	return nil
	//camp:stub
	// // Hint: l.cache maps an address to its entry (under l.mu); l.resolved(e, mac, confirmed)
	// // Hint: updates it (confirmed: a reply to us, which makes it REACHABLE) and hands back
	// // Hint: what waited for it; l.release sends that, outside the lock.
	// // Hint: a new sender is added only while len(l.cache) < l.opts.MaxEntries; else count
	// // Hint: l.stats.cacheFull and add nothing (the request is still answered).
	// return todo.New(3, "arp-merge")
	//camp:end
}

// resolved records that e is at mac and moves it on (see State): to
// REACHABLE if confirmed (a reply to us), else to STALE if it had no MAC
// or another one; a packet that only repeats what we know changes nothing.
// It returns the datagrams and waiters that waited for the address; l.mu
// is held.
func (l *Layer) resolved(e *entry, mac ethernet.MAC, confirmed bool) ([][]byte, []chan struct{}) {
	news := !e.state.hasMAC() || e.mac != mac
	if news {
		l.log.Infof(logging.ARP, "cache: %v is-at %v on %s", e.addr, mac, e.dev.Name())
	}
	e.mac = mac
	switch {
	case confirmed:
		l.reachable(e)
	case news:
		e.state, e.tries = StateStale, 0
		e.timer.Reset(l.opts.StaleTime) // forgotten if not used
	}
	pending, waiters := e.pending, e.waiters
	e.pending, e.waiters = nil, nil
	return pending, waiters
}

// reachable makes e REACHABLE, confirmed now, for ReachableTime; l.mu is
// held.
func (l *Layer) reachable(e *entry) {
	if e.state != StateReachable {
		l.log.Debugf(logging.ARP, "cache: %v is REACHABLE", e.addr)
	}
	e.state, e.tries, e.confirmed = StateReachable, 0, l.stack.Now()
	e.timer.Reset(l.opts.ReachableTime)
}

// release sends the datagrams that waited for e's address and wakes the
// Resolve calls that waited for it.
func (l *Layer) release(e *entry, pending [][]byte, waiters []chan struct{}) {
	for _, d := range pending {
		if err := e.dev.Transmit(stack.ProtocolIPv4, d, e.mac.HardwareAddr()); err != nil {
			l.log.Warnf(logging.ARP, "%s: sending a queued datagram to %v: %v", e.dev.Name(), e.addr, err)
		}
	}
	for _, w := range waiters {
		close(w)
	}
}

// reply answers a request for one of our addresses.
func (l *Layer) reply(dev *stack.Device, req Packet) error {
	//camp:todo 3.4 arp-reply: answer a request for our address: a reply saying our address is at our MAC, sent straight to the asker's MAC
	mac, err := ourMAC(dev)
	if err != nil {
		return err
	}
	l.stats.outReplies.Add(1)
	//camp:mistake 3.4 arp-reply-sides-not-swapped: the reply keeps the request's sides (the asker's address as sender, ours as target), so the asker learns nothing about the address it asked for
	//camp:instead
	// return l.transmit(dev, Reply(mac, req.SenderIP, req.TargetMAC, req.TargetIP), req.SenderMAC)
	//camp:end
	//camp:mistake 3.4 arp-reply-to-broadcast: the reply is broadcast instead of sent to the asker's MAC, so every host on the link receives it
	return l.transmit(dev, Reply(mac, req.TargetIP, req.SenderMAC, req.SenderIP), req.SenderMAC)
	//camp:instead
	// return l.transmit(dev, Reply(mac, req.TargetIP, req.SenderMAC, req.SenderIP), ethernet.Broadcast())
	//camp:end
	//camp:stub
	// // Hint: ourMAC(dev) is our Ethernet address; Reply(…) builds the packet; l.transmit sends it.
	// return todo.New(3, "arp-reply")
	//camp:end
}
