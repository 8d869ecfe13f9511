//camp:file 2

package ipv4

import (
	"fmt"
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// DefaultTTL is the Time to Live of the datagrams the stack sends, the
// value RFC 1700 recommends and Linux uses.
const DefaultTTL = 64

// Layer is the IPv4 layer of one stack: its interfaces, its upper
// protocols and its counters. [New] makes it and registers it with the
// stack for frames of type IPv4.
type Layer struct {
	stack *stack.Stack
	log   *logging.Logger

	mu        sync.RWMutex
	ifaces    []*Interface
	protocols map[Protocol]Handler
	//camp:from 3
	neighbours Neighbours // ARP, for devices that need it
	//camp:end
	//camp:from 4
	routes     []Route     // the routing table
	errors     ErrorSender // ICMP, for error messages
	forwarding atomic.Bool // a router forwards datagrams for other hosts
	//camp:end
	//camp:from 6
	errHandlers map[Protocol]ErrorHandler // the upper protocols' ICMP error routines (ctlerror.go)
	datagrams   sync.Pool                 // of *[]byte: buffers datagrams are built in (build.go)
	tables      atomic.Pointer[view]      // the tables, for readers that take no lock (view.go)
	//camp:end

	//camp:from 4
	ids   *idents     // the Identification of datagrams that may be fragmented (ident.go)
	reasm reassembler // the datagrams in reassembly (reassembly.go)
	//camp:else
	// id    atomic.Uint32 // the Identification of the next datagram sent
	//camp:end
	stats counters
}

// A Handler is an upper protocol's input routine (ICMP, UDP, TCP): IP calls
// it with the header and payload of each datagram for the protocol, and the
// interface the datagram came in on. It returns an error, with the reason,
// for a datagram it drops.
type Handler func(h Header, payload []byte, iface *Interface) error

// Stats are the IP layer's counters, named after the IP-MIB of RFC 4293
// (`netstat -s` prints the kernel's): a learner can compare.
type Stats struct {
	InReceives      uint64 // datagrams from the devices, good and bad
	InHdrErrors     uint64 // dropped: malformed header (length, version, checksum …)
	InAddrErrors    uint64 // dropped: not addressed to this host
	InUnknownProtos uint64 // dropped: no upper protocol for the Protocol field
	InFragments     uint64 // dropped: a fragment, not reassembled
	InDelivers      uint64 // handed to an upper protocol
	OutRequests     uint64 // datagrams the upper protocols asked IP to send
	OutNoRoutes     uint64 // refused: no interface reaches the destination
	OutDiscards     uint64 // refused: too big for the device, or the device failed
	//camp:from 4
	ForwDatagrams uint64 // forwarded towards another host (when forwarding is on)
	ReasmReqds    uint64 // fragments received for reassembly
	ReasmOKs      uint64 // datagrams reassembled
	ReasmFails    uint64 // failures of reassembly: a datagram given up (timeout, overlap, budget …) or a fragment refused
	FragOKs       uint64 // datagrams sent in fragments
	FragFails     uint64 // datagrams too big and not fragmented (DF set, or an error)
	FragCreates   uint64 // fragments sent
	//camp:end
}

type counters struct {
	inReceives, inHdrErrors, inAddrErrors, inUnknownProtos, inFragments, inDelivers atomic.Uint64
	outRequests, outNoRoutes, outDiscards                                           atomic.Uint64
	//camp:from 4
	forwDatagrams                    atomic.Uint64
	reasmReqds, reasmOKs, reasmFails atomic.Uint64
	fragOKs, fragFails, fragCreates  atomic.Uint64
	//camp:end
}

// New makes the IPv4 layer of s and registers it as the handler of IPv4
// frames.
func New(s *stack.Stack) (*Layer, error) {
	l := &Layer{
		stack:     s,
		log:       s.Logger(),
		protocols: make(map[Protocol]Handler),
		//camp:from 4
		ids:   newIdents(nil),
		reasm: reassembler{partials: make(map[fragKey]*partial), perSource: make(map[netip.Addr]int)},
		//camp:end
	}
	//camp:from 6
	l.publish()
	//camp:end
	if err := s.RegisterProtocol(stack.ProtocolIPv4, l.input); err != nil {
		return nil, fmt.Errorf("ipv4: %w", err)
	}
	return l, nil
}

// Stack returns the stack the layer belongs to.
func (l *Layer) Stack() *stack.Stack { return l.stack }

// Stats returns a snapshot of the layer's counters.
func (l *Layer) Stats() Stats {
	c := &l.stats
	return Stats{
		InReceives: c.inReceives.Load(), InHdrErrors: c.inHdrErrors.Load(), InAddrErrors: c.inAddrErrors.Load(),
		InUnknownProtos: c.inUnknownProtos.Load(), InFragments: c.inFragments.Load(), InDelivers: c.inDelivers.Load(),
		OutRequests: c.outRequests.Load(), OutNoRoutes: c.outNoRoutes.Load(), OutDiscards: c.outDiscards.Load(),
		//camp:from 4
		ForwDatagrams: c.forwDatagrams.Load(),
		ReasmReqds:    c.reasmReqds.Load(), ReasmOKs: c.reasmOKs.Load(), ReasmFails: c.reasmFails.Load(),
		FragOKs: c.fragOKs.Load(), FragFails: c.fragFails.Load(), FragCreates: c.fragCreates.Load(),
		//camp:end
	}
}

// RegisterProtocol makes h the handler of datagrams whose Protocol field is
// p. Registering a protocol twice fails with [ErrProtocolInUse].
func (l *Layer) RegisterProtocol(p Protocol, h Handler) error {
	if h == nil {
		return fmt.Errorf("ipv4: register %s: nil handler", p)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, dup := l.protocols[p]; dup {
		return fmt.Errorf("ipv4: register %s: %w", p, ErrProtocolInUse)
	}
	l.protocols[p] = h
	//camp:from 6
	l.publish()
	//camp:end
	l.log.Infof(logging.IP, "registered upper protocol %s", p)
	return nil
}

// handler returns the handler of protocol p, or nil.
func (l *Layer) handler(p Protocol) Handler {
	//camp:from 6
	if v := l.tables.Load(); v != nil {
		return v.protocols[p]
	}
	//camp:end
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.protocols[p]
}

// isOurs reports whether dst is an address this host takes datagrams for:
// one of its interface addresses, whichever interface the datagram came in
// on (the "weak host model" of RFC 1122 §3.3.4.2, which Linux follows), the
// directed broadcast address of the interface it came in on, or the limited
// broadcast 255.255.255.255.
func (l *Layer) isOurs(dst netip.Addr, in *Interface) bool {
	if dst == LimitedBroadcast || (in != nil && in.broadcast.IsValid() && dst == in.broadcast) {
		return true
	}
	return l.interfaceWithAddr(dst) != nil
}
