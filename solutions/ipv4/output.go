//camp:file 2

package ipv4

import (
	"fmt"
	"net/netip"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// Output sends payload to dst in a datagram of protocol proto. src is the
// source address; the zero Addr means the address of the interface the
// datagram leaves by. It fails with [ErrNoInterface] when no interface
// reaches dst and with [ErrTooBig] when the datagram is larger than that
// interface's MTU and may not be fragmented.
//
// On Days 2 and 3 the stack never fragments: every datagram it sends has
// the Don't Fragment flag set (as Linux does for path MTU discovery,
// RFC 1191). From Day 4 on, only TCP's segments carry DF, and a bigger
// datagram of another protocol is sent in fragments (fragment.go).
func (l *Layer) Output(proto Protocol, payload []byte, src, dst netip.Addr) error {
	//camp:from 6
	return l.OutputPacket(proto, payload, 0, src, dst)
}

// OutputPacket is Output for a payload built with room before it for IP's
// header: buf[:room] is free, buf[room:] is the payload. With 20 bytes of
// room (MinHeaderLen) the datagram is built in place, the header written
// into the room, and the payload is not copied: an upper layer that builds
// its packets this way (TCP does) has each one built once, as Linux's
// sk_buff keeps headroom for the headers of the layers below.
func (l *Layer) OutputPacket(proto Protocol, buf []byte, room int, src, dst netip.Addr) error {
	//camp:end
	l.stats.outRequests.Add(1)
	//camp:from 4
	r, err := l.Lookup(dst)
	//camp:else
	// iface, err := l.interfaceFor(dst)
	//camp:end
	if err != nil {
		l.stats.outNoRoutes.Add(1)
		l.log.Warnf(logging.IP, "out %v → %v proto=%s: %v", src, dst, proto, err)
		return l.stack.Report(err)
	}
	//camp:from 4
	iface, next := r.Iface, r.NextHop(dst)
	//camp:else
	// next := dst // on the interface's own subnet, the next hop is the destination itself
	//camp:end
	if !src.IsValid() {
		src = iface.Addr()
	}
	//camp:from 6
	return l.stack.Report(l.send(iface, next, proto, buf, room, src, dst))
	//camp:else
	// return l.stack.Report(l.send(iface, next, proto, payload, src, dst))
	//camp:end
}

// interfaceFor returns the interface whose subnet holds dst: the
// interface a datagram to dst leaves by on Day 2 and 3. From Day 4 on, the
// routing table decides, and interfaceFor finds the interface that reaches
// a gateway.
func (l *Layer) interfaceFor(dst netip.Addr) (*Interface, error) {
	//camp:todo 2.6 ip-iface-select: find the interface whose subnet holds dst (or whose broadcast address dst is)
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, i := range l.ifaces {
		//camp:mistake 2.6 ip-iface-select-by-address: the destination is compared with the interfaces' addresses instead of their subnets, so the stack can only talk to itself
		if i.Network().Contains(dst) || (i.broadcast.IsValid() && dst == i.broadcast) {
			//camp:instead
			// if i.Addr() == dst {
			//camp:end
			return i, nil
		}
	}
	return nil, fmt.Errorf("%w: %v", ErrNoInterface, dst)
	//camp:stub
	// // Hint: Interface.Network().Contains(dst); return an error wrapping ErrNoInterface when none does.
	// return nil, todo.New(2, "ip-iface-select")
	//camp:end
}

//camp:from 6

// send builds the datagram and hands it to the interface's device, for
// the neighbour next: the destination itself when it is on the interface's
// subnet, else the router that forwards it (Day 4). The payload is
// buf[room:], and buf[:room] is free for the header (OutputPacket).
func (l *Layer) send(iface *Interface, next netip.Addr, proto Protocol, buf []byte, room int, src, dst netip.Addr) error {
	payload := buf[room:]
	//camp:else
	// // send builds the datagram and hands it to the interface's device, for
	// // the neighbour next: the destination itself when it is on the interface's
	// // subnet, else the router that forwards it (Day 4).
	// func (l *Layer) send(iface *Interface, next netip.Addr, proto Protocol, payload []byte, src, dst netip.Addr) error {
	//camp:end
	//camp:todo 2.7 ip-output: build the header (next ID, TTL 64, DF), refuse datagrams over the device MTU, transmit the datagram
	dev := iface.dev
	h := Header{
		//camp:from 4
		// Identification and flags: below, by whether the datagram may be fragmented.
		//camp:else
		// ID:       uint16(l.id.Add(1)),
		// Flags:    FlagDF,
		//camp:end
		TTL:      DefaultTTL,
		Protocol: proto,
		Src:      src,
		Dst:      dst,
	}
	total := MinHeaderLen + len(payload)
	limit := dev.MTU()
	//camp:from 6
	if proto == ProtocolTCP {
		limit = dev.GSOMaxSize() // the device cuts a large TCP segment itself
	}
	//camp:end
	//camp:from 4
	if dontFragment(proto) {
		// An atomic datagram: its Identification is never read (RFC 6864 §4.1).
		h.Flags = FlagDF
	} else {
		h.ID = l.ids.next(src, dst, proto, l.stack.Now())
		if total > limit {
			return l.fragment(iface, next, h, payload, limit)
		}
	}
	//camp:end
	//camp:mistake 2.7 ip-output-mtu-ge: the MTU check uses >=, so a datagram of exactly the MTU is refused
	//camp:instead
	// if total >= limit {
	// 	l.stats.outDiscards.Add(1)
	// 	return fmt.Errorf("%w: %d bytes to %v, %s has mtu %d", ErrTooBig, total, dst, dev.Name(), dev.MTU())
	// }
	//camp:end
	//camp:mistake 2.7 ip-output-mtu-payload-only: only the payload is compared with the MTU, so datagrams up to 20 bytes too long are handed to the device
	if total > limit {
		//camp:instead
		// if len(payload) > limit {
		//camp:end
		l.stats.outDiscards.Add(1)
		//camp:from 4
		l.stats.fragFails.Add(1)
		return fmt.Errorf("%w: %w: DF set, %d bytes to %v, %s has mtu %d", ErrMessageTooLong, ErrTooBig, total, dst, dev.Name(), dev.MTU())
		//camp:else
		// return fmt.Errorf("%w: %d bytes to %v, %s has mtu %d", ErrTooBig, total, dst, dev.Name(), dev.MTU())
		//camp:end
	}
	//camp:from 6
	datagram, pooled, err := l.build(h, buf, room)
	if err != nil {
		l.stats.outDiscards.Add(1)
		return err
	}
	defer l.release(pooled)
	//camp:else
	// datagram, err := h.Append(make([]byte, 0, total), len(payload))
	// if err != nil {
	// 	l.stats.outDiscards.Add(1)
	// 	return err
	// }
	// datagram = append(datagram, payload...)
	//camp:end
	if l.log.Enabled(logging.LevelDebug) {
		l.log.Debugf(logging.IP, "%s: out %v → %v proto=%s len=%d", dev.Name(), src, dst, proto, total)
	}
	//camp:mistake 2.7 out-discards-twice: OutDiscards is counted again when transmit fails, though l.transmit counts it already, so one refused datagram counts twice
	return l.transmit(iface, next, datagram)
	//camp:instead
	// if err := l.transmit(iface, next, datagram); err != nil {
	// 	l.stats.outDiscards.Add(1)
	// 	return err
	// }
	// return nil
	//camp:end
	//camp:stub
	// // Hint: l.id.Add(1) numbers datagrams; Header.Append writes the header, then append the payload;
	// // Hint: l.transmit(iface, next, datagram) sends it.
	// return todo.New(2, "ip-output")
	//camp:end
}

// transmit hands a finished datagram to the device of iface, for the
// neighbour next.
func (l *Layer) transmit(iface *Interface, next netip.Addr, datagram []byte) error {
	dev := iface.dev
	//camp:from 3
	if dev.Flags()&stack.FlagNeedARP != 0 {
		//camp:todo 3.8 ip-neighbour: on a device that needs ARP, hand the datagram and its next hop to the neighbour layer instead of transmitting it yourself
		n := l.neighbourLayer()
		if n == nil {
			l.stats.outDiscards.Add(1)
			return fmt.Errorf("%w: %s", ErrNoNeighbours, dev.Name())
		}
		//camp:mistake 3.8 ip-neighbour-falls-through: after handing the datagram to ARP, transmit goes on to dev.Transmit without a hardware address, which the Ethernet driver refuses
		return n.Send(iface, next, datagram)
		//camp:instead
		// if err := n.Send(iface, next, datagram); err != nil {
		// 	return err
		// }
		//camp:end
		//camp:stub
		// // Hint: l.neighbourLayer().Send(iface, next, datagram) resolves next and sends.
		// return todo.New(3, "ip-neighbour")
		//camp:end
	}
	//camp:end
	if err := dev.Transmit(stack.ProtocolIPv4, datagram, nil); err != nil {
		l.stats.outDiscards.Add(1)
		return err
	}
	return nil
}
