//camp:file 5

package tcp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/seqnum"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// The ephemeral port range (RFC 6335 §6): an active open without a local
// port gets one from it.
const (
	EphemeralFirst = 49152
	EphemeralLast  = 65535
)

// Errors of the TCP layer. Connection errors are returned wrapped in a
// *net.OpError, as Go's own network code does, and wrap the errno a kernel
// socket would report (syscall.ECONNRESET …) so errors.Is works with both.
var (
	// ErrPortInUse wraps EADDRINUSE, as the kernel reports a port taken:
	// errors.Is(err, syscall.EADDRINUSE) holds.
	ErrPortInUse = os.NewSyscallError("bind", syscall.EADDRINUSE)
	ErrNoPorts   = errors.New("tcp: no free ephemeral port")
	ErrClosed    = errors.New("tcp: stack is closed")
)

// Options tune the TCP layer. The zero value means the defaults.
type Options struct {
	//camp:from 6
	// MSL is the maximum segment lifetime; TIME-WAIT lasts 2×MSL. The
	// default is 30 s (RFC 9293 suggests 2 minutes; Linux's TIME-WAIT is
	// 60 s in all). Tests shorten it, or run in fake time.
	MSL time.Duration
	// MinRTO is the least retransmission timeout. The default is 200 ms,
	// as Linux has it; RFC 6298 says 1 s (MinRTO, Day 5's constant), a
	// floor set in 2000 for clocks of coarse granularity, which makes every
	// loss the ACKs cannot reveal cost a second.
	MinRTO time.Duration
	// NoSACK and NoTimestamps keep the connections from offering SACK
	// (RFC 2018) and Timestamps (RFC 7323) in their SYNs, or accepting
	// them: recovery is then NewReno's, one hole per round trip.
	NoSACK, NoTimestamps bool
	// NoSYNCookies keeps a listener whose backlog is full from answering
	// SYNs with SYN cookies (syncookie.go): it drops them, as Linux does
	// with tcp_syncookies=0, making room only by dropping stale half-open
	// connections.
	NoSYNCookies bool
	//camp:end

	// Trace, if set, is called for every segment the layer sends or
	// receives and for every change of a connection's state: the trace a
	// ladder diagram is drawn from (solutions/internal/ladder). It is
	// called on the stack's goroutines, sometimes with a connection's lock
	// held: it must return quickly and never call back into the stack.
	// Unset, it costs one nil check per segment.
	Trace func(TraceEvent)
}

// Layer is the TCP layer of one stack: its connections, listeners and
// counters.
type Layer struct {
	ip    *ipv4.Layer
	stack *stack.Stack
	log   *logging.Logger
	opts  Options

	secret [32]byte // the key of keyedHash: ISNs (RFC 6528), and on Day 6 timestamp offsets and SYN cookies

	mu        sync.Mutex
	conns     map[fourTuple]*conn
	listeners map[uint16]*Listener
	closed    bool
	//camp:from 6
	reopened map[fourTuple]seqnum.Value // ISSs of connections reopened from TIME-WAIT (timewait.go)
	tsEpoch  time.Time                  // the timestamp clock's start (sack.go tsClock)
	last     *conn                      // the connection of the last segment in (lookup)
	//camp:end

	// Connections owing an ACK, sent when the softirq has taken in all
	// the input that arrived together (flush, sendAcks).
	ackMu sync.Mutex
	acks  []*conn

	sendPools sendPools // the send buffers' large arrays (buffers.go)

	stats counters
}

// fourTuple identifies a connection: both ends' addresses and ports.
type fourTuple struct {
	local, remote netip.AddrPort
}

func (t fourTuple) String() string { return fmt.Sprintf("%v ↔ %v", t.local, t.remote) }

// bytes returns both ends' addresses and ports, as a keyed hash covers them.
func (t fourTuple) bytes() []byte {
	b, _ := t.local.MarshalBinary()
	r, _ := t.remote.MarshalBinary()
	return append(b, r...)
}

// Stats are the TCP layer's counters, named after the TCP-MIB (RFC 4022).
type Stats struct {
	ActiveOpens, PassiveOpens uint64 // connections begun by Dial, by a listener
	AttemptFails              uint64 // handshakes that failed
	EstabResets               uint64 // established connections reset
	InSegs, OutSegs           uint64 // segments received, sent
	RetransSegs               uint64 // segments sent again
	InErrs                    uint64 // segments dropped as malformed
	OutRsts                   uint64 // resets sent
	ListenDrops               uint64 // SYNs dropped: the listener's backlog was full
	//camp:from 6
	// SYN cookies (syncookie.go), named as Linux's netstat names them:
	// SYN+ACKs sent with a cookie, ACKs that brought a valid one back
	// (each a connection), and ACKs whose cookie was wrong or too old.
	SyncookiesSent, SyncookiesRecv, SyncookiesFailed uint64

	OutOfWindowICMPs uint64 // ICMP errors ignored: the quoted sequence number was not in flight (RFC 5927)

	// Loss recovery (sack.go), named as Linux's nstat names them: bytes
	// sent again (tcpi_bytes_retrans), retransmission timeouts
	// (TCPTimeouts), recoveries begun from the SACK scoreboard
	// (TCPSackRecovery), tail loss probes sent (TCPLossProbes), and
	// repairs found lost again (TCPLostRetransmit).
	RetransBytes, Timeouts, SACKRecoveries, LossProbes, LostRetransmits uint64
	//camp:end
}

type counters struct {
	activeOpens, passiveOpens, attemptFails, estabResets atomic.Uint64
	inSegs, outSegs, retransSegs, inErrs, outRsts        atomic.Uint64
	listenDrops                                          atomic.Uint64
	//camp:from 6
	syncookiesSent, syncookiesRecv, syncookiesFailed atomic.Uint64
	outOfWindowICMPs                                 atomic.Uint64
	retransBytes, timeouts, sackRecoveries           atomic.Uint64
	lossProbes, lostRetransmits                      atomic.Uint64
	//camp:end
}

// New makes the TCP layer and registers it with ip. Closing the stack
// aborts every connection and closes every listener.
func New(ip *ipv4.Layer, opts Options) (*Layer, error) {
	//camp:from 6
	if opts.MSL <= 0 {
		opts.MSL = 30 * time.Second
	}
	if opts.MinRTO <= 0 {
		opts.MinRTO = 200 * time.Millisecond
	}
	//camp:end
	l := &Layer{
		ip: ip, stack: ip.Stack(), log: ip.Stack().Logger(), opts: opts,
		conns:     make(map[fourTuple]*conn),
		listeners: make(map[uint16]*Listener),
	}
	if _, err := rand.Read(l.secret[:]); err != nil {
		return nil, err
	}
	if err := ip.RegisterProtocol(ipv4.ProtocolTCP, l.input); err != nil {
		return nil, fmt.Errorf("tcp: %w", err)
	}
	//camp:from 6
	if err := l.registerICMPErrors(); err != nil {
		return nil, fmt.Errorf("tcp: %w", err)
	}
	l.tsEpoch = l.stack.Now()
	//camp:end
	l.stack.OnClose(l.closeAll)
	l.stack.AfterInput(l.sendAcks)
	return l, nil
}

// Stats returns a snapshot of the layer's counters.
func (l *Layer) Stats() Stats {
	c := &l.stats
	s := Stats{
		ActiveOpens: c.activeOpens.Load(), PassiveOpens: c.passiveOpens.Load(),
		AttemptFails: c.attemptFails.Load(), EstabResets: c.estabResets.Load(),
		InSegs: c.inSegs.Load(), OutSegs: c.outSegs.Load(), RetransSegs: c.retransSegs.Load(),
		InErrs: c.inErrs.Load(), OutRsts: c.outRsts.Load(), ListenDrops: c.listenDrops.Load(),
		//camp:from 6
		OutOfWindowICMPs: c.outOfWindowICMPs.Load(),
		//camp:end
	}
	//camp:from 6
	s.SyncookiesSent, s.SyncookiesRecv, s.SyncookiesFailed = c.syncookiesSent.Load(), c.syncookiesRecv.Load(), c.syncookiesFailed.Load()
	s.RetransBytes, s.Timeouts, s.SACKRecoveries = c.retransBytes.Load(), c.timeouts.Load(), c.sackRecoveries.Load()
	s.LossProbes, s.LostRetransmits = c.lossProbes.Load(), c.lostRetransmits.Load()
	//camp:end
	return s
}

// isn returns the initial sequence number of a new connection, as RFC 6528
// says: a clock that ticks every 4 µs, plus a keyed hash of the four-tuple,
// so that the numbers of one connection tell an attacker nothing about
// another's, and a new incarnation of a connection starts above the old.
func (l *Layer) isn(t fourTuple) seqnum.Value {
	//camp:from 6
	if iss, ok := l.reopenedISS(t); ok {
		return iss // above the old connection's numbers (timewait.go)
	}
	//camp:end
	f := keyedHash(l.secret[:], "isn", t.bytes())
	m := uint32(l.stack.Now().UnixMicro() / 4)
	return seqnum.Value(m + f)
}

// keyedHash returns 32 bits of HMAC-SHA-256, keyed with key (the layer's
// random secret), of label and then parts. A keyed hash gives a number that
// is the same every time for the same inputs, so the stack need not
// remember it, yet that nobody without the key can compute or guess: the F
// of an ISN (RFC 6528 §3) and, from Day 6, the offset of a timestamp clock
// (RFC 7323 §7.1) and the MAC of a SYN cookie (RFC 4987 §3.6). Each use has
// a label of its own ("isn", "timestamps", "syncookie"), so that knowing
// one value tells nothing of another.
func keyedHash(key []byte, label string, parts ...[]byte) uint32 {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	for _, p := range parts {
		m.Write(p)
	}
	return binary.BigEndian.Uint32(m.Sum(nil))
}

// input is TCP's ipv4.Handler: it parses the segment and hands it to its
// connection, to a listener, or, for no one, answers with a reset.
func (l *Layer) input(h ipv4.Header, b []byte, iface *ipv4.Interface) error {
	l.stats.inSegs.Add(1)
	//camp:from 6
	hdr, payload, err := parseReceived(b, h, iface) // the device may have checked the checksum (offload.go)
	//camp:else
	// hdr, payload, err := Parse(b, h.Src, h.Dst)
	//camp:end
	if err != nil {
		l.stats.inErrs.Add(1)
		return l.stack.Report(fmt.Errorf("from %v: %w", h.Src, err))
	}
	seg := segment{Header: hdr, payload: payload, src: h.Src, dst: h.Dst}
	//camp:from 6
	if hdr.DataOffset > MinHeaderLen {
		seg.sack = ParseSACK(b[MinHeaderLen:hdr.DataOffset])
	}
	//camp:end
	if l.log.Enabled(logging.LevelDebug) {
		l.log.Debugf(logging.TCP, "in  %v:%d → %v:%d %v", h.Src, hdr.SrcPort, h.Dst, hdr.DstPort, hdr)
	}
	t := fourTuple{local: netip.AddrPortFrom(h.Dst, hdr.DstPort), remote: netip.AddrPortFrom(h.Src, hdr.SrcPort)}

	l.mu.Lock()
	//camp:from 6
	c := l.lookup(t)
	//camp:else
	// c := l.conns[t]
	//camp:end
	ln := l.listeners[hdr.DstPort]
	l.mu.Unlock()
	if ln != nil && !ln.local.Addr().IsUnspecified() && ln.local.Addr() != h.Dst {
		ln = nil // a listener bound to another of our addresses
	}
	if l.opts.Trace != nil {
		l.traceReceived(seg, t, c, ln)
	}
	switch {
	//camp:from 6
	case c != nil && ln != nil && l.reopenTimeWait(c, seg):
		// A new SYN ended c's TIME-WAIT (timewait.go): a new connection.
		err = l.toListener(ln, seg, t)
	//camp:end
	case c != nil:
		c.mu.Lock()
		err = c.segmentArrives(seg)
		c.mu.Unlock()
	case ln != nil && !l.ip.IsBroadcast(h.Dst) && !h.Dst.IsMulticast():
		//camp:from 6
		err = l.toListener(ln, seg, t)
		//camp:else
		// err = ln.segmentArrives(seg, t)
		//camp:end
	default:
		err = l.noConnection(seg)
	}
	return l.stack.Report(err)
}

// noConnection answers a segment for which there is no connection (RFC 9293
// §3.10.7.1, "If the state is CLOSED"): with a reset, unless it is a reset
// itself. The reset takes its numbers from the segment, so that the sender
// accepts it: if the segment had an ACK, the reset's sequence number is
// that ACK; otherwise the reset acknowledges everything the segment
// occupied.
func (l *Layer) noConnection(seg segment) error {
	//camp:todo 5.3 tcp-closed-rst: answer a segment for no connection with a reset: none for a reset; with ACK, <SEQ=SEG.ACK><CTL=RST>; without, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
	if seg.Flags&FlagRST != 0 {
		return nil
	}
	rst := Header{SrcPort: seg.DstPort, DstPort: seg.SrcPort, Flags: FlagRST}
	if seg.Flags&FlagACK != 0 {
		rst.Seq = seg.Ack
	} else {
		//camp:mistake 5.3 rst-ack-forgets-syn: the reset acknowledges SEG.SEQ plus the data, not counting the SYN (or FIN), so a dialler finds its ACK wrong, ignores the reset and times out instead of being refused
		rst.Ack = seg.Seq.Add(seg.seqLen())
		//camp:instead
		// rst.Ack = seg.Seq.Add(uint32(len(seg.payload)))
		//camp:end
		rst.Flags |= FlagACK
	}
	return l.sendReset(seg.dst, seg.src, rst)
	//camp:stub
	// // Hint: seg.seqLen() is SEG.LEN; l.sendReset(seg.dst, seg.src, Header{…}) sends the reset back.
	// return todo.New(5, "tcp-closed-rst")
	//camp:end
}

// resetAck answers a segment that carries an unacceptable ACK with the
// reset RFC 9293 prescribes for it: <SEQ=SEG.ACK><CTL=RST>, whose
// sequence number is one the sender is sure to accept.
func (l *Layer) resetAck(seg segment) error {
	return l.sendReset(seg.dst, seg.src, Header{SrcPort: seg.DstPort, DstPort: seg.SrcPort, Seq: seg.Ack, Flags: FlagRST})
}

// sendReset sends a reset from src to dst; no connection owns it. It
// carries no options, whatever h.Options holds (the zero HeaderOptions is
// "window scale 0", not "none"): RFC 9293 §3.10.7.1 gives the reset only
// its numbers and flags; window scale, SACK-permitted and MSS belong on
// SYNs (RFC 7323 §2.2, RFC 2018 §2, RFC 9293 §3.7.1); and with no
// connection there are no timestamps to send (Linux's resets for no
// connection carry none either).
func (l *Layer) sendReset(src, dst netip.Addr, h Header) error {
	h.Options = noOptions()
	for _, a := range []netip.Addr{src, dst} {
		if l.ip.IsBroadcast(a) || a.IsMulticast() {
			return nil // never answer a segment sent to, or from, a broadcast address
		}
	}
	l.stats.outRsts.Add(1)
	if l.opts.Trace != nil {
		l.trace(TraceEvent{Kind: TraceSend, Local: netip.AddrPortFrom(src, h.SrcPort), Remote: netip.AddrPortFrom(dst, h.DstPort), Header: h})
	}
	_, err := l.send(nil, src, dst, h, nil)
	return err
}

// send builds a segment in buf (nil: a new one) and hands it to IP. IP
// keeps no reference to it, so the caller may use buf again, and send
// returns it, grown if the segment needed more room.
//
// From Day 6 on, the segment is built after room for IP's header
// (ipv4.OutputPacket), so that IP writes its header in front of it
// instead of copying it.
func (l *Layer) send(buf []byte, src, dst netip.Addr, h Header, payload []byte) ([]byte, error) {
	//camp:from 6
	room := ipv4.MinHeaderLen // left free before the segment, for IP's header
	//camp:else
	// room := 0 // nothing left free before the segment: IP copies it behind its header
	//camp:end
	if need := room + MinHeaderLen + 40 + len(payload); cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	b, err := h.Append(buf[:room], payload, src, dst)
	if err != nil {
		return buf, err
	}
	l.stats.outSegs.Add(1)
	if l.log.Enabled(logging.LevelDebug) {
		l.log.Debugf(logging.TCP, "out %v:%d → %v:%d %v", src, h.SrcPort, dst, h.DstPort, h)
	}
	//camp:from 6
	return b, l.ip.OutputPacket(ipv4.ProtocolTCP, b, room, src, dst)
	//camp:else
	// return b, l.ip.Output(ipv4.ProtocolTCP, b, src, dst)
	//camp:end
}

// register adds c to the connection table; it fails if the four-tuple is
// taken by a connection, whatever its state (TIME-WAIT too, on Day 6).
func (l *Layer) register(c *conn) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.registerLocked(c)
}

// registerLocked is register with l.mu held.
func (l *Layer) registerLocked(c *conn) error {
	if l.closed {
		return ErrClosed
	}
	if l.conns[c.id] != nil {
		return fmt.Errorf("%w: %v", ErrPortInUse, c.id)
	}
	l.conns[c.id] = c
	return nil
}

// forget removes c from the connection table.
func (l *Layer) forget(c *conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conns[c.id] == c {
		delete(l.conns, c.id)
	}
	//camp:from 6
	if l.last == c {
		l.last = nil
	}
	//camp:end
}

//camp:from 6

// lookup returns the connection t names, or nil; l.mu is held. It tries
// the connection of the last segment first: in a bulk transfer nearly
// every segment is for the same one, and comparing two four-tuples costs
// less than hashing one (Linux keeps such a hint too, the socket a
// device's last packet went to: early demux).
func (l *Layer) lookup(t fourTuple) *conn {
	if c := l.last; c != nil && c.id == t {
		return c
	}
	c := l.conns[t]
	l.last = c
	return c
}

//camp:end

// ephemeralPort returns a local port that no connection to remote from
// local address src uses and no listener holds; l.mu is held.
func (l *Layer) ephemeralPort(src netip.Addr, remote netip.AddrPort) (uint16, error) {
	n := EphemeralLast - EphemeralFirst + 1
	var b [4]byte
	rand.Read(b[:])
	start := int(binary.BigEndian.Uint32(b[:]) % uint32(n))
	for i := range n {
		p := uint16(EphemeralFirst + (start+i)%n)
		if l.listeners[p] != nil {
			continue
		}
		if l.conns[fourTuple{local: netip.AddrPortFrom(src, p), remote: remote}] == nil {
			return p, nil
		}
	}
	return 0, ErrNoPorts
}

// closeAll aborts every connection (their calls fail; only connections
// nobody accepted are reset on the wire) and closes every listener; the stack
// calls it when it closes.
func (l *Layer) closeAll() {
	l.mu.Lock()
	l.closed = true
	conns := make([]*conn, 0, len(l.conns))
	for _, c := range l.conns {
		conns = append(conns, c)
	}
	lns := make([]*Listener, 0, len(l.listeners))
	for _, ln := range l.listeners {
		lns = append(lns, ln)
	}
	l.mu.Unlock()
	for _, ln := range lns {
		ln.Close()
	}
	for _, c := range conns {
		c.mu.Lock()
		c.abort(errStackClosed)
		c.mu.Unlock()
	}
}
