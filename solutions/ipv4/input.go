//camp:file 2

package ipv4

import (
	"fmt"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// input is the IPv4 layer's stack.Handler: the soft interrupt calls it for
// every IPv4 frame. It follows the same ladder as every input routine of
// the stack: validate, cheapest check first; drop with a reason; dispatch.
// The error it returns is the reason of a drop; the stack counts and logs it.
func (l *Layer) input(dev *stack.Device, data []byte) error {
	l.stats.inReceives.Add(1)
	h, payload, err := Parse(data)
	if err != nil {
		l.stats.inHdrErrors.Add(1)
		return l.stack.Report(fmt.Errorf("%s: %w", dev.Name(), err))
	}
	if l.log.Enabled(logging.LevelDebug) {
		l.log.Debugf(logging.IP, "%s: in  %v → %v proto=%s len=%d ttl=%d", dev.Name(), h.Src, h.Dst, h.Protocol, h.TotalLen, h.TTL)
		l.log.Debugf(logging.IP, "%s: in  %v", dev.Name(), h)
	}
	//camp:from 6
	if l.interfaceOn(dev) == nil {
		// No address yet: a DHCP client may be asking for one (autoconf.go).
		finishChecksum(dev, h, payload) // the kernel may have left it to us (offload.go)
		return l.stack.Report(l.deliverUnconfigured(dev, h, payload))
	}
	//camp:end
	return l.stack.Report(l.deliver(dev, h, payload))
}

// deliver decides whether a well-formed datagram is for this host and
// hands its payload to the upper protocol.
func (l *Layer) deliver(dev *stack.Device, h Header, payload []byte) error {
	//camp:todo 2.5 ip-input: drop fragments and datagrams that are not for us, then hand the payload to the upper protocol's handler
	//camp:from 4
	// Fragments are reassembled below, once we know they are for us: a
	// router forwards fragments as they are.
	//camp:else
	// if h.IsFragment() {
	// 	l.stats.inFragments.Add(1)
	// 	return fmt.Errorf("%w: id=%#04x flags=%s offset=%d", ErrFragment, h.ID, h.Flags, h.FragOff*8)
	// }
	//camp:end
	in := l.interfaceOn(dev)
	if in == nil {
		l.stats.inAddrErrors.Add(1)
		return fmt.Errorf("%w: %s has no IPv4 address", ErrNotForUs, dev.Name())
	}
	//camp:mistake 2.5 ip-input-arrival-address-only: the destination is compared with the arrival interface's address only, so broadcasts and the host's other addresses are dropped
	if !l.isOurs(h.Dst, in) {
		//camp:instead
		// if h.Dst != in.Addr() {
		//camp:end
		//camp:from 4
		if l.forwarding.Load() {
			return l.forward(h, payload, in)
		}
		//camp:end
		l.stats.inAddrErrors.Add(1)
		//camp:mistake 2.5 ip-drop-not-reported: a datagram not for us is counted but nil is returned, so the stack never hears of the drop (HandlerDrops stays 0) nor its reason
		return fmt.Errorf("%w: destination %v", ErrNotForUs, h.Dst)
		//camp:instead
		// return nil
		//camp:end
	}
	//camp:from 4
	if h.IsFragment() {
		whole, data, done, err := l.reassemble(h, payload)
		if !done {
			return err // kept for later (nil), or dropped with its reason
		}
		h, payload = whole, data
	}
	//camp:end
	up := l.handler(h.Protocol)
	if up == nil {
		l.stats.inUnknownProtos.Add(1)
		return fmt.Errorf("%w: protocol %s", ErrUnknownProtocol, h.Protocol)
	}
	l.stats.inDelivers.Add(1)
	return up(h, payload, in)
	//camp:stub
	// // Hint: h.IsFragment(), l.interfaceOn(dev), l.isOurs(h.Dst, in), l.handler(h.Protocol);
	// // Hint: count each drop in l.stats and return an error that wraps ErrFragment, ErrNotForUs or ErrUnknownProtocol.
	// return todo.New(2, "ip-input")
	//camp:end
}
