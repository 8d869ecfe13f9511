//camp:file 6

package tcp

import (
	"crypto/hmac"
	"encoding/binary"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/seqnum"
)

// SYN cookies (ready-made on Day 6; RFC 4987 §3.6).
//
// A listener keeps a connection in SYN-RECEIVED from the SYN until the
// ACK of its SYN+ACK, and keeps at most its backlog of them. A SYN flood
// fills that backlog with SYNs from forged addresses, whose SYN+ACKs
// nobody answers, and a real client finds no room. SYN cookies, as Linux
// sends them (net.ipv4.tcp_syncookies=1, its default), keep no state once
// the backlog is full: the SYN+ACK's sequence number, the ISS, is made to
// carry what the connection needs, and the client's ACK brings it back
// (ACK − 1). A forged SYN then costs one SYN+ACK and no memory.
//
// Our cookie is 32 bits:
//
//	 31 30  29 28  27                                                 0
//	+------+------+----------------------------------------------------+
//	| slot | MSS  |  MAC: 28 bits of HMAC-SHA-256(secret, four-tuple,  |
//	|      |index |       the client's ISN, counter, MSS index)        |
//	+------+------+----------------------------------------------------+
//
//   - counter is the stack's clock in 64-second steps (Linux's too), and
//     slot its low two bits. A cookie is valid for the counter it was
//     made in and the next one: 64 to 128 s, as Linux accepts. An older
//     one fails, since the MAC covers the whole counter;
//   - the MSS index points into cookieMSS, the largest of four values not
//     above the client's MSS (Linux's table for IPv4): the ISS has no room
//     for the MSS itself;
//   - the MAC is keyed with the stack's random secret, so nobody who does
//     not know it can make a cookie that passes, and it covers the
//     four-tuple and the client's ISN (the ACK's SEQ − 1), so a cookie is
//     good for one SYN only.
//
// What the ISS cannot carry is lost: window scale and SACK-permitted. When
// the client's SYN carries timestamps, we hide them, as Linux does, in the
// low 6 bits of our SYN+ACK's TSval, which the client echoes in every
// TSecr: bits 0–3 the client's window scale (15: none), bit 4
// SACK-permitted. Those bits are not covered by the MAC; a client that
// changes them only spoils its own connection. Without timestamps the
// cookie SYN+ACK offers only the MSS, and the connection goes without
// window scaling and SACK.
//
// Cookies are sent only when the backlog is full; until then a SYN makes
// a half-open connection as before, with all its options. An ACK that
// finds no connection is checked for a cookie only if the listener sent
// cookies in the last two counter steps; otherwise, or if the cookie is
// wrong, it is answered with a reset as before.

// cookieMSS are the MSS values a cookie can say (Linux's msstab for IPv4).
var cookieMSS = [4]uint16{536, 1300, 1440, 1460}

// cookieStep is how long one value of the cookie counter lasts; a cookie is
// good for the counter it was made in and the next.
const cookieStep = 64 * time.Second

// The low bits of the TSval of a cookie SYN+ACK.
const (
	cookieTSBits   = 6
	cookieTSMask   = 1<<cookieTSBits - 1
	cookieNoWScale = 0xf  // bits 0–3: the client's window scale, or this for none
	cookieSACK     = 0x10 // bit 4: the client sent SACK-permitted
)

// listenerCookies is what a listener remembers of its cookies: only when
// it last sent one. ln.mu guards it.
type listenerCookies struct {
	last time.Time
}

// cookieCounter is the cookie counter at time now.
func cookieCounter(now time.Time) uint32 { return uint32(now.Unix() / int64(cookieStep/time.Second)) }

// cookieMAC is the 28-bit MAC of a cookie.
func cookieMAC(key []byte, t fourTuple, clientISN seqnum.Value, counter uint32, mssIndex int) uint32 {
	var n [9]byte
	binary.BigEndian.PutUint32(n[0:], uint32(clientISN))
	binary.BigEndian.PutUint32(n[4:], counter)
	n[8] = byte(mssIndex)
	return keyedHash(key, "syncookie", t.bytes(), n[:]) & (1<<28 - 1)
}

// makeCookie returns the ISS of a SYN+ACK that answers, at time now, the
// SYN with sequence number clientISN on four-tuple t, saying cookieMSS[mssIndex].
func makeCookie(key []byte, t fourTuple, clientISN seqnum.Value, now time.Time, mssIndex int) seqnum.Value {
	counter := cookieCounter(now)
	return seqnum.Value(counter&3<<30 | uint32(mssIndex&3)<<28 | cookieMAC(key, t, clientISN, counter, mssIndex&3))
}

// checkCookie reports whether cookie, an ACK's SEG.ACK − 1, is one that
// makeCookie made for t and clientISN (the ACK's SEG.SEQ − 1) at most one
// counter step before now, and returns its MSS index.
func checkCookie(key []byte, t fourTuple, clientISN, cookie seqnum.Value, now time.Time) (int, bool) {
	v := uint32(cookie)
	slot, mssIndex := v>>30, int(v>>28&3)
	for age := range uint32(2) {
		counter := cookieCounter(now) - age
		if counter&3 == slot && hmac.Equal(binary.BigEndian.AppendUint32(nil, cookieMAC(key, t, clientISN, counter, mssIndex)), binary.BigEndian.AppendUint32(nil, v&(1<<28-1))) {
			return mssIndex, true
		}
	}
	return 0, false
}

// toListener hands a segment to listener ln: with SYN cookies answered or
// taken in first, then as Day 5 does (Listener.segmentArrives).
func (l *Layer) toListener(ln *Listener, seg segment, t fourTuple) error {
	defer l.reopenedISS(t) // the ISS of a reopened connection, if the listener did not use it
	if !l.opts.NoSYNCookies {
		switch seg.Flags & (FlagSYN | FlagACK | FlagRST) {
		case FlagSYN:
			if ln.fullForCookies() {
				return l.sendCookie(ln, seg, t)
			}
		case FlagACK:
			if handled, err := l.cookieArrives(ln, seg, t); handled {
				return err
			}
		}
	}
	return ln.segmentArrives(seg, t)
}

// fullForCookies reports whether a SYN for ln is to be answered with a
// cookie: its backlog is full, but not of connections waiting for Accept
// (then, as in Linux, the SYN is dropped: a cookie's connection would
// find no room either).
func (ln *Listener) fullForCookies() bool {
	ln.mu.Lock()
	defer ln.mu.Unlock()
	if ln.isClosed() || ln.pending+len(ln.queue) < ln.backlog || len(ln.queue) >= ln.backlog {
		return false
	}
	ln.cookies.last = ln.l.stack.Now()
	return true
}

// sendCookie answers a SYN for a full listener with a SYN+ACK whose ISS is
// a cookie, and forgets it.
func (l *Layer) sendCookie(ln *Listener, seg segment, t fourTuple) error {
	o := seg.Options
	peerMSS := uint16(DefaultMSS)
	if o.MSS != 0 {
		peerMSS = o.MSS
	}
	idx := 0
	for i, m := range cookieMSS {
		if m <= peerMSS {
			idx = i
		}
	}
	h := Header{
		SrcPort: t.local.Port(), DstPort: t.remote.Port(),
		Seq: makeCookie(l.secret[:], t, seg.Seq, l.stack.Now(), idx), Ack: seg.Seq.Add(1),
		Flags: FlagSYN | FlagACK, Window: uint16(min(RcvBufSize, 0xffff)), Options: noOptions(),
	}
	h.Options.MSS = uint16(l.mssFor(t.remote.Addr()))
	if o.HasTimestamps && !l.opts.NoTimestamps {
		bits := uint32(cookieNoWScale)
		if o.WindowScale >= 0 && rcvWindowShift > 0 {
			bits = uint32(o.WindowScale)
			h.Options.WindowScale = rcvWindowShift
		}
		if o.SACKPermitted && !l.opts.NoSACK {
			bits |= cookieSACK
			h.Options.SACKPermitted = true
		}
		now := l.tsClock() + l.tsOffset(t)
		ts := now&^cookieTSMask | bits
		if int32(ts-now) > 0 {
			ts -= 1 << cookieTSBits // never ahead of our clock
		}
		h.Options.HasTimestamps, h.Options.TSVal, h.Options.TSEcr = true, ts, o.TSVal
	}
	l.stats.syncookiesSent.Add(1)
	l.log.Debugf(logging.TCP, "%v: backlog full: SYN from %v answered with a cookie", ln.local, t.remote)
	if l.opts.Trace != nil {
		l.trace(TraceEvent{Kind: TraceSend, Local: t.local, Remote: t.remote, Header: h, State: StateListen})
	}
	_, err := l.send(nil, t.local.Addr(), t.remote.Addr(), h, nil)
	return err
}

// cookieArrives checks an ACK for listener ln, which matches no
// connection, for a cookie. A valid one makes the connection, ESTABLISHED
// and ready for Accept, and the ACK's data (if any) is taken in; handled
// then says the segment is done with. A wrong one is counted and left to
// the listener, which answers it with a reset.
func (l *Layer) cookieArrives(ln *Listener, seg segment, t fourTuple) (handled bool, err error) {
	now := l.stack.Now()
	ln.mu.Lock()
	recent := !ln.cookies.last.IsZero() && now.Sub(ln.cookies.last) < 2*cookieStep
	acceptFull := len(ln.queue) >= ln.backlog
	ln.mu.Unlock()
	if !recent {
		return false, nil
	}
	idx, ok := checkCookie(l.secret[:], t, seg.Seq.Add(^uint32(0)), seg.Ack.Add(^uint32(0)), now)
	if !ok {
		l.stats.syncookiesFailed.Add(1)
		return false, nil
	}
	l.stats.syncookiesRecv.Add(1)
	if acceptFull {
		l.stats.listenDrops.Add(1) // the client sends its ACK again
		return true, nil
	}

	c := l.newConn(t)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listener = ln
	c.irs, c.rcvNxt = seg.Seq.Add(^uint32(0)), seg.Seq
	c.iss, c.sndUna, c.sndNxt = seg.Ack.Add(^uint32(0)), seg.Ack, seg.Ack
	c.sndMSS = int(cookieMSS[idx])
	c.sndShift, c.rcvShift = 0, 0
	o := seg.Options
	c.tsOK = c.tsOK && o.HasTimestamps
	c.sackOK = c.sackOK && c.tsOK && o.TSEcr&cookieSACK != 0
	if c.tsOK {
		c.tsRecent = o.TSVal
		c.sndMSS -= tsSpace
		if ws := o.TSEcr & cookieNoWScale; ws != cookieNoWScale {
			c.sndShift, c.rcvShift = uint8(min(ws, MaxWindowScale)), rcvWindowShift
		}
	}
	c.lastAckSent = c.rcvNxt
	c.sndWnd, c.sndWl1, c.sndWl2 = c.windowOf(seg), seg.Seq, seg.Ack
	if err := l.register(c); err != nil {
		return true, err
	}
	l.stats.passiveOpens.Add(1)
	c.log.Infof(logging.TCP, "%v: ACK with a valid cookie on %v → ESTABLISHED", c.id, ln.local)
	c.setState(StateEstablished)
	ln.mu.Lock()
	ln.pending++ // ready counts it out of the half-open ones
	ln.mu.Unlock()
	ln.ready(c)
	if c.state == StateEstablished {
		err = c.segmentArrives(seg) // the ACK's data, its FIN
	}
	return true, err
}
