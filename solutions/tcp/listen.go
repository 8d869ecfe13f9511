//camp:file 5

package tcp

import (
	"fmt"
	"net"
	"net/netip"
	"sync"

	"github.com/go-tcpip-camp/camp/solutions/logging"
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
	//camp:from 6
	cookies listenerCookies // SYN cookies sent (syncookie.go)
	//camp:end
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
	//camp:todo 5.4 tcp-listen: ignore a RST, reset an ACK, and for a SYN (room in the backlog) make a connection in SYN-RECEIVED that answers SYN+ACK with our MSS
	l := ln.l
	if seg.Flags&FlagRST != 0 {
		return nil
	}
	if seg.Flags&FlagACK != 0 {
		return l.resetAck(seg)
	}
	if seg.Flags&FlagSYN == 0 {
		return nil
	}
	if !ln.reserve() {
		l.stats.listenDrops.Add(1)
		l.log.Debugf(logging.TCP, "%v: backlog full: SYN from %v dropped", ln.local, id.remote)
		return nil
	}
	c := l.newConn(id)
	c.listener = ln
	c.irs, c.rcvNxt = seg.Seq, seg.Seq.Add(1)
	c.peerSynOptions(seg.Options)
	c.sndWnd, c.sndWl1 = c.windowOf(seg), seg.Seq
	c.iss = l.isn(id)
	c.sndUna, c.sndNxt = c.iss, c.iss.Add(1)
	c.state = StateSynReceived
	if err := l.register(c); err != nil {
		ln.dropChild(c)
		return err
	}
	l.stats.passiveOpens.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.log.Infof(logging.TCP, "%v: SYN on %v → SYN-RECEIVED", c.id, ln.local)
	c.startRTT(c.sndNxt)
	//camp:mistake 5.4 synack-without-timer: no retransmission timer for the SYN+ACK, so a lost one is never sent again and the peer's dial times out
	c.rtxTimer.Reset(c.rto)
	//camp:instead
	// // (no timer armed)
	//camp:end
	return c.sendSegment(FlagSYN|FlagACK, c.iss, nil, c.synOptions())
	//camp:stub
	// // Hint: l.resetAck(seg) answers an ACK with a reset;
	// // Hint: ln.reserve() takes a place in the backlog; l.newConn(id) makes the TCB;
	// // Hint: set irs, rcvNxt, c.peerSynOptions(seg.Options), sndWnd (c.windowOf(seg)), iss (l.isn), sndUna, sndNxt and the state,
	// // Hint: l.register(c), then c.sendSegment(FlagSYN|FlagACK, c.iss, nil, c.synOptions()).
	// return todo.New(5, "tcp-listen")
	//camp:end
}

// reserve takes a place in the backlog for a new half-open connection.
func (ln *Listener) reserve() bool {
	ln.mu.Lock()
	defer ln.mu.Unlock()
	if ln.isClosed() {
		return false
	}
	//camp:from 6
	if ln.pending+len(ln.queue) >= ln.backlog && ln.pending > 0 {
		// Full, but partly of half-open connections: perhaps a SYN flood.
		// Make room by dropping a stale one (see dropStaleHalfOpen).
		ln.mu.Unlock()
		dropped := ln.dropStaleHalfOpen()
		ln.mu.Lock()
		if !dropped || ln.isClosed() {
			return false
		}
	}
	//camp:end
	if ln.pending+len(ln.queue) >= ln.backlog {
		return false
	}
	ln.pending++
	return true
}

//camp:from 6

// dropStaleHalfOpen defends the listener against a SYN flood: SYNs from
// forged addresses and ports, whose SYN+ACKs nobody ever answers. Each
// would hold a place in the backlog for a minute, until its SYN+ACK's
// retransmissions ran out (MaxSynRetries), and meanwhile every real client
// would find the backlog full. So, when the backlog is full, a half-open
// connection whose SYN+ACK already went unanswered for a whole
// retransmission timeout (it was sent again: at least 1 s, far more than a
// real peer's round trip) gives its place to the new SYN. It ends silently,
// as a SYN dropped for a full backlog does, and is counted in ListenDrops.
// The one that waited longest goes first.
//
// What it does not do: connections established and waiting for Accept are
// never dropped (the program is slow, nobody is lying), and a flood fast
// enough to refill the whole backlog within one RTO still keeps a real
// client out until the flood stops. The complete answer is SYN cookies
// (syncookie.go): with the backlog full, keep no state at all. With them
// on (the default) a SYN never gets here with the backlog full of
// half-open connections; this is what a stack with Options.NoSYNCookies
// does.
//
// It reports whether it made room. No lock is held: a connection's lock
// comes before the layer's (abort takes l.mu under c.mu), so the children
// are listed first, then looked at one at a time.
func (ln *Listener) dropStaleHalfOpen() bool {
	l := ln.l
	l.mu.Lock()
	var children []*conn
	for _, c := range l.conns {
		if c.listener == ln {
			children = append(children, c)
		}
	}
	l.mu.Unlock()
	var stalest *conn
	most := 0 // the SYN+ACK's retransmissions so far
	for _, c := range children {
		c.mu.Lock()
		if c.state == StateSynReceived && c.retries > most {
			stalest, most = c, c.retries
		}
		c.mu.Unlock()
	}
	if stalest == nil {
		return false
	}
	c := stalest
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != StateSynReceived {
		return false // its ACK came meanwhile: it is no longer half-open
	}
	l.stats.listenDrops.Add(1)
	c.log.Debugf(logging.TCP, "%v: backlog full: half-open for %d SYN+ACKs, dropped for a new SYN", c.id, c.retries+1)
	c.abort(nil) // gives its place back (dropChild)
	return true
}

//camp:end

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
			//camp:from 6
			//camp:todo 6.8 tcp-listener-close: a connection nobody accepted is reset, so that its peer learns at once that nobody will read what it sends (as Linux does)
			c.log.Infof(logging.TCP, "%v: its listener closed before accepting it: reset", c.id)
			//camp:mistake 6.8 listener-close-no-rst: the connections nobody accepted are ended without a reset (Day 5's quiet close), so their peers wait for an answer until they time out
			c.sendRST()
			//camp:instead
			//camp:end
			c.abort(errReset)
			//camp:stub
			// // Hint: c.sendRST(), then c.abort(errReset).
			// c.l.stack.Report(todo.New(6, "tcp-listener-close"))
			// c.abort(nil)
			//camp:end
			//camp:else
			// c.abort(nil) // Day 5: forgotten quietly; Day 6 tells the peer
			//camp:end
		}
		c.mu.Unlock()
	}
	return nil
}

// Addr returns the listener's address.
func (ln *Listener) Addr() net.Addr { return net.TCPAddrFromAddrPort(ln.local) }
