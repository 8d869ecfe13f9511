//camp:file 2

package icmp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// Errors of the ICMP layer's own calls and drops (the wire format's are in
// message.go).
var (
	ErrUnexpectedReply = errors.New("icmp: echo reply nobody is waiting for")
	ErrPingInFlight    = errors.New("icmp: a ping with this sequence number is already waiting")
	ErrUnreachable     = errors.New("icmp: destination unreachable")
	ErrTimeExceeded    = errors.New("icmp: time exceeded in transit")
)

// Layer is the ICMP layer of one stack: it answers pings, delivers echo
// replies to [Layer.Ping] and reports the errors routers send.
type Layer struct {
	ip    *ipv4.Layer
	stack *stack.Stack
	log   *logging.Logger

	echoID  uint16 // the Identifier of this stack's echo requests, like ping's process id
	mu      sync.Mutex
	pending map[uint16]*pendingPing // by sequence number
	//camp:from 4
	tokens   int       // the rate limit's bucket of ICMP errors
	tokensAt time.Time // when the bucket was last refilled
	//camp:end

	stats counters
}

// pendingPing is a Ping waiting for its reply.
type pendingPing struct {
	dst    netip.Addr
	sent   time.Time
	result chan pingResult // capacity 1: the first answer wins
}

type pingResult struct {
	reply Reply
	err   error
}

// Stats are the ICMP layer's counters, named after the ICMP group of the
// MIB in RFC 4293.
type Stats struct {
	InMsgs, InErrors                         uint64 // messages received; dropped as malformed
	InEchos, InEchoReps                      uint64 // echo requests and replies received
	InDestUnreachs, InTimeExcds              uint64 // errors received
	OutMsgs, OutEchos, OutEchoReps, OutDrops uint64 // sent; echo requests and replies sent; not sent
	//camp:from 4
	OutErrors, OutRateLimited uint64 // errors sent; errors not sent for the rate limit
	//camp:end
}

type counters struct {
	inMsgs, inErrors, inEchos, inEchoReps, inDestUnreachs, inTimeExcds atomic.Uint64
	outMsgs, outEchos, outEchoReps, outDrops                           atomic.Uint64
	//camp:from 4
	outErrors, outRateLimited atomic.Uint64
	//camp:end
}

// New makes the ICMP layer and registers it with ip.
func New(ip *ipv4.Layer) (*Layer, error) {
	l := &Layer{
		ip:      ip,
		stack:   ip.Stack(),
		log:     ip.Stack().Logger(),
		echoID:  uint16(rand.Uint32()),
		pending: make(map[uint16]*pendingPing),
	}
	if err := ip.RegisterProtocol(ipv4.ProtocolICMP, l.input); err != nil {
		return nil, fmt.Errorf("icmp: %w", err)
	}
	//camp:from 4
	ip.SetErrorSender(l)
	//camp:end
	return l, nil
}

// Stats returns a snapshot of the layer's counters.
func (l *Layer) Stats() Stats {
	c := &l.stats
	return Stats{
		InMsgs: c.inMsgs.Load(), InErrors: c.inErrors.Load(), InEchos: c.inEchos.Load(), InEchoReps: c.inEchoReps.Load(),
		InDestUnreachs: c.inDestUnreachs.Load(), InTimeExcds: c.inTimeExcds.Load(),
		OutMsgs: c.outMsgs.Load(), OutEchos: c.outEchos.Load(), OutEchoReps: c.outEchoReps.Load(), OutDrops: c.outDrops.Load(),
		//camp:from 4
		OutErrors: c.outErrors.Load(), OutRateLimited: c.outRateLimited.Load(),
		//camp:end
	}
}

// input is ICMP's ipv4.Handler.
func (l *Layer) input(h ipv4.Header, payload []byte, iface *ipv4.Interface) error {
	m, err := Parse(payload)
	if err != nil {
		l.stats.inErrors.Add(1)
		return fmt.Errorf("from %v: %w", h.Src, err)
	}
	l.stats.inMsgs.Add(1)
	l.log.Infof(logging.ICMP, "in  %v → %v %v", h.Src, h.Dst, m)
	switch m.Type {
	case TypeEcho:
		l.stats.inEchos.Add(1)
		return l.stack.Report(l.answerEcho(h, m, iface))
	case TypeEchoReply:
		l.stats.inEchoReps.Add(1)
		return l.stack.Report(l.deliverReply(h, m))
	case TypeDestinationUnreachable:
		l.stats.inDestUnreachs.Add(1)
		l.reportError(h, m, fmt.Errorf("%w (%v) from %v", ErrUnreachable, UnreachableCode(m.Code), h.Src))
	case TypeTimeExceeded:
		l.stats.inTimeExcds.Add(1)
		l.reportError(h, m, fmt.Errorf("%w (%v) from %v", ErrTimeExceeded, TimeExceededCode(m.Code), h.Src))
	//camp:from 6
	case TypeParameterProblem:
		l.reportError(h, m, fmt.Errorf("%w (pointer %d) from %v", ErrParameterProblem, m.Rest>>24, h.Src))
	case typeSourceQuench:
		// RFC 6633 deprecates Source Quench: TCP has its own congestion
		// control, and a forged quench would only slow a connection down.
		l.log.Infof(logging.ICMP, "source quench from %v: ignored (RFC 6633)", h.Src)
	//camp:end
	default:
		l.log.Debugf(logging.ICMP, "%v from %v: nothing to do", m.Type, h.Src)
	}
	return nil
}

// answerEcho answers an Echo Request with an Echo Reply.
//
// RFC 1122 §3.2.2.6: the reply carries the request's identifier, sequence
// number and data, and its source is the address the request was sent to.
// Requests sent to a broadcast address are not answered, as Linux does by
// default (icmp_echo_ignore_broadcasts): one request must not make every
// host on a link reply at once (the "smurf" attack).
func (l *Layer) answerEcho(h ipv4.Header, req Message, iface *ipv4.Interface) error {
	//camp:todo 2.8 icmp-echo-reply: answer an echo request sent to our own address with an echo reply (same id, seq and data) back to its sender
	if h.Dst == ipv4.LimitedBroadcast || h.Dst == iface.Broadcast() {
		l.stats.outDrops.Add(1)
		l.log.Infof(logging.ICMP, "echo request to broadcast %v from %v: not answered", h.Dst, h.Src)
		return nil
	}
	//camp:mistake 2.8 echo-reply-keeps-type: the reply keeps type 8 (echo request), so the sender answers it in turn and two stacks (or one over loopback) ping each other for ever
	reply, err := EchoReply(req.ID(), req.Seq(), req.Data).Append(nil)
	//camp:instead
	// reply, err := Message{Type: req.Type, Rest: req.Rest, Data: req.Data}.Append(nil)
	//camp:end
	if err != nil {
		return err
	}
	l.stats.outMsgs.Add(1)
	l.stats.outEchoReps.Add(1)
	l.log.Infof(logging.ICMP, "out %v → %v echo reply id=%#04x seq=%d len=%d", h.Dst, h.Src, req.ID(), req.Seq(), len(req.Data))
	//camp:mistake 2.8 echo-reply-from-zero-source: the reply is sent from the zero address, so IP puts the outgoing interface's address in it, which is not the address pinged on a host with several (RFC 1122 §3.2.2.6)
	return l.ip.Output(ipv4.ProtocolICMP, reply, h.Dst, h.Src)
	//camp:instead
	// return l.ip.Output(ipv4.ProtocolICMP, reply, netip.Addr{}, h.Src)
	//camp:end
	//camp:stub
	// // Hint: EchoReply(req.ID(), req.Seq(), req.Data).Append(nil) builds the reply;
	// // Hint: l.ip.Output sends it from the address the request was sent to (h.Dst) back to h.Src.
	// return todo.New(2, "icmp-echo-reply")
	//camp:end
}

// deliverReply hands an Echo Reply to the Ping waiting for it.
func (l *Layer) deliverReply(h ipv4.Header, m Message) error {
	//camp:todo 2.9 ping-reply: find the Ping waiting for this reply (our identifier, its sequence number) and hand it the Reply
	//camp:mistake 2.9 ping-reply-no-id-check: the identifier is not checked, so another program's echo reply with the same sequence number answers our Ping
	if m.ID() != l.echoID {
		return fmt.Errorf("%w: id=%#04x is not ours (%#04x)", ErrUnexpectedReply, m.ID(), l.echoID)
	}
	//camp:instead
	//camp:end
	l.mu.Lock()
	p := l.pending[m.Seq()]
	l.mu.Unlock()
	if p == nil {
		return fmt.Errorf("%w: seq=%d from %v", ErrUnexpectedReply, m.Seq(), h.Src)
	}
	r := Reply{
		From: h.Src, ID: m.ID(), Seq: m.Seq(), TTL: h.TTL,
		Data: append([]byte(nil), m.Data...),
		RTT:  l.stack.Now().Sub(p.sent),
	}
	//camp:mistake 2.9 ping-reply-blocking-send: the reply is sent to the waiting Ping with a plain channel send, so a duplicate reply blocks the softirq goroutine and the whole stack stops receiving
	select {
	case p.result <- pingResult{reply: r}:
	default: // a duplicate: the Ping has its answer already
	}
	//camp:instead
	// p.result <- pingResult{reply: r}
	//camp:end
	return nil
	//camp:stub
	// // Hint: l.pending (under l.mu) maps a sequence number to the waiting Ping;
	// // Hint: send a pingResult on its result channel without blocking (select with default).
	// return todo.New(2, "ping-reply")
	//camp:end
}

// reportError logs an ICMP error and, if it is about one of our pending
// echo requests, fails that Ping with it. The message quotes the IP header
// and the first 8 bytes of the datagram that failed (RFC 792).
func (l *Layer) reportError(h ipv4.Header, m Message, err error) {
	qh, qp, perr := ipv4.ParseQuote(m.Data)
	if perr != nil {
		//camp:from 6
		l.stats.inErrors.Add(1)
		//camp:end
		l.log.Infof(logging.ICMP, "%v: dropped, the quote is malformed: %v", err, perr)
		return
	}
	//camp:from 6
	if qh.Protocol != ipv4.ProtocolICMP {
		l.errorToSocket(h, m, err, qh, qp) // about a UDP or TCP datagram: for its socket (deliver.go)
		return
	}
	//camp:end
	l.log.Warnf(logging.ICMP, "%v about %v → %v proto=%s", err, qh.Src, qh.Dst, qh.Protocol)
	// The quoted payload starts with our echo request's ICMP header:
	// type, code, checksum, identifier, sequence number.
	if qh.Protocol != ipv4.ProtocolICMP || Type(qp[0]) != TypeEcho || binary.BigEndian.Uint16(qp[4:]) != l.echoID {
		return
	}
	l.mu.Lock()
	p := l.pending[binary.BigEndian.Uint16(qp[6:])]
	l.mu.Unlock()
	if p != nil && p.dst == qh.Dst {
		select {
		case p.result <- pingResult{err: err}:
		default:
		}
	}
}
