// Generated from solutions/tcp/listen.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/tcp/listen.go instead and regenerate; `course check` fails when the two drift.

package tcp

import (
	"fmt"
	"net"
	"net/netip"
	"sync"

	"github.com/go-tcpip-camp/camp/day5-tcp/logging"
	"github.com/go-tcpip-camp/camp/day5-tcp/todo"
)

// DefaultBacklog bounds a listener's connections that are not accepted
// yet, half-open (SYN-RECEIVED) and established together, when Listen is
// given none (Linux's somaxconn defaults to 4096; a small stack keeps less).
const DefaultBacklog = 128

// A Listener is a TCP socket in the LISTEN state. It implements
// net.Listener, so net/http's Server can serve on it.
type Listener struct {
	l       *Layer
	local   netip.AddrPort
	backlog int

	mu      sync.Mutex
	pending int     // connections in SYN-RECEIVED
	queue   []*conn // established, waiting for Accept
	wait    chan struct{}
	done    chan struct{}
	once    sync.Once
}

var _ net.Listener = (*Listener)(nil)

// Listen opens a listener on laddr, like net.ListenTCP: network is "tcp" or
// "tcp4"; a nil laddr or port 0 listens on any address and an ephemeral
// port. backlog ≤ 0 means DefaultBacklog.
func (l *Layer) Listen(network string, laddr *net.TCPAddr, backlog int) (*Listener, error) {
	local, err := parseAddr(network, laddr)
	if err != nil {
		return nil, &net.OpError{Op: "listen", Net: network, Addr: laddr, Err: err}
	}
	if backlog <= 0 {
		backlog = DefaultBacklog
	}
	ln := &Listener{l: l, backlog: backlog, wait: make(chan struct{}), done: make(chan struct{})}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, &net.OpError{Op: "listen", Net: network, Addr: laddr, Err: ErrClosed}
	}
	port := local.Port()
	if port == 0 {
		if port, err = l.ephemeralPort(local.Addr(), netip.AddrPort{}); err != nil {
			return nil, &net.OpError{Op: "listen", Net: network, Addr: laddr, Err: err}
		}
	}
	if l.listeners[port] != nil {
		return nil, &net.OpError{Op: "listen", Net: network, Addr: laddr, Err: fmt.Errorf("%w: port %d", ErrPortInUse, port)}
	}
	ln.local = netip.AddrPortFrom(local.Addr(), port)
	l.listeners[port] = ln
	l.log.Infof(logging.TCP, "listening on %v", ln.local)
	return ln, nil
}

// segmentArrives processes a segment for a listening socket (RFC 9293
// §3.10.7.2): a SYN makes a new connection in SYN-RECEIVED and is answered
// with SYN+ACK; an ACK is answered with a reset; anything else is dropped.
func (ln *Listener) segmentArrives(seg segment, id fourTuple) error {
	// TODO(day5): 5.4 tcp-listen — ignore a RST, reset an ACK, and for a SYN (room in the backlog) make a connection in SYN-RECEIVED that answers SYN+ACK with our MSS.
	// Lesson: docs/day5-tcp.md#tcp-listen
	// Hint: l.resetAck(seg) answers an ACK with a reset;
	// Hint: ln.reserve() takes a place in the backlog; l.newConn(id) makes the TCB;
	// Hint: set irs, rcvNxt, c.peerSynOptions(seg.Options), sndWnd (c.windowOf(seg)), iss (l.isn), sndUna, sndNxt and the state,
	// Hint: l.register(c), then c.sendSegment(FlagSYN|FlagACK, c.iss, nil, c.synOptions()).
	return todo.New(5, "tcp-listen")
}

// reserve takes a place in the backlog for a new half-open connection.
func (ln *Listener) reserve() bool {
	ln.mu.Lock()
	defer ln.mu.Unlock()
	if ln.isClosed() {
		return false
	}
	if ln.pending+len(ln.queue) >= ln.backlog {
		return false
	}
	ln.pending++
	return true
}

// ready moves an established connection to the accept queue.
func (ln *Listener) ready(c *conn) {
	ln.mu.Lock()
	ln.pending--
	if ln.isClosed() {
		ln.mu.Unlock()
		c.accepted = true // nobody will: do not give back a place twice
		c.sendRST()
		c.abort(errReset)
		return
	}
	ln.queue = append(ln.queue, c)
	close(ln.wait)
	ln.wait = make(chan struct{})
	ln.mu.Unlock()
}

// dropChild gives back the place of a connection that died before it was
// accepted.
func (ln *Listener) dropChild(c *conn) {
	ln.mu.Lock()
	defer ln.mu.Unlock()
	for i, q := range ln.queue {
		if q == c {
			ln.queue = append(ln.queue[:i], ln.queue[i+1:]...)
			return
		}
	}
	if c.state == StateSynReceived {
		ln.pending--
	}
}

func (ln *Listener) isClosed() bool {
	select {
	case <-ln.done:
		return true
	default:
		return false
	}
}

// Accept waits for the next connection and returns it.
func (ln *Listener) Accept() (net.Conn, error) {
	for {
		ln.mu.Lock()
		if ln.isClosed() {
			ln.mu.Unlock()
			return nil, &net.OpError{Op: "accept", Net: "tcp", Addr: ln.Addr(), Err: net.ErrClosed}
		}
		if len(ln.queue) > 0 {
			c := ln.queue[0]
			ln.queue = ln.queue[1:]
			ln.mu.Unlock()
			c.mu.Lock()
			c.accepted = true
			c.mu.Unlock()
			return &Conn{c: c}, nil
		}
		wait := ln.wait
		ln.mu.Unlock()
		select {
		case <-wait:
		case <-ln.done:
		}
	}
}

// Close stops listening. Connections that were never accepted end;
// accepted ones go on.
func (ln *Listener) Close() error {
	first := false
	ln.once.Do(func() { first = true })
	if !first {
		return &net.OpError{Op: "close", Net: "tcp", Addr: ln.Addr(), Err: net.ErrClosed}
	}
	ln.mu.Lock()
	close(ln.done)
	ln.mu.Unlock()
	ln.l.mu.Lock()
	if ln.l.listeners[ln.local.Port()] == ln {
		delete(ln.l.listeners, ln.local.Port())
	}
	var children []*conn
	for _, c := range ln.l.conns {
		if c.listener == ln {
			children = append(children, c)
		}
	}
	ln.l.mu.Unlock()
	for _, c := range children {
		c.mu.Lock()
		if !c.accepted && c.state != StateClosed {
			c.abort(nil) // Day 5: forgotten quietly; Day 6 tells the peer
		}
		c.mu.Unlock()
	}
	return nil
}

// Addr returns the listener's address.
func (ln *Listener) Addr() net.Addr { return net.TCPAddrFromAddrPort(ln.local) }
