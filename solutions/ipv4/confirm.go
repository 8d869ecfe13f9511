//camp:file 5

package ipv4

import (
	"net/netip"

	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// confirmer is what a neighbour layer that checks its neighbours (ARP's
// REACHABLE, STALE, DELAY and PROBE states) offers the upper layers.
type confirmer interface {
	Confirm(next netip.Addr)
}

// ConfirmNeighbour tells the neighbour layer that the next hop towards dst
// is known to hear us: TCP calls it when an ACK acknowledges new data. RFC
// 4861 §7.3.1 counts such forward progress as proof that the neighbour is
// reachable, as Linux does for ARP too (dst_confirm), so ARP need not ask
// the neighbour again while TCP makes progress. It does nothing where no
// neighbour layer checks neighbours, or no route leads to dst.
func (l *Layer) ConfirmNeighbour(dst netip.Addr) {
	n, ok := l.neighbourLayer().(confirmer)
	if !ok {
		return
	}
	r, err := l.Lookup(dst)
	if err != nil || r.Iface.dev.Flags()&stack.FlagNeedARP == 0 {
		return
	}
	n.Confirm(r.NextHop(dst))
}
