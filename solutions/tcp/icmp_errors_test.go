//camp:file 6

package tcp_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"net"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/tcp"
)

// ICMP errors about our segments (icmp_errors.go), scripted: the test plays
// the peer 192.0.2.1 and a router, 192.0.2.254, behind the same MAC, and
// builds every ICMP message with gopacket, quoting a segment the stack
// really sent.

const routerIP = "192.0.2.254"

// The ICMP types and codes these tests send (RFC 792, RFC 1191).
const (
	icmpUnreachable  = 3
	icmpTimeExceeded = 11
	codeHost         = 1
	codePort         = 3
	codeFragNeeded   = 4
)

// wireSegment is a segment the stack sent, with its IP header.
type wireSegment struct {
	ip  *layers.IPv4
	tcp *layers.TCP
}

// sentSegments returns the segments the stack sent since the last call,
// their checksums checked with gopacket.
func sentSegments(t *testing.T, port *camptest.Port) []wireSegment {
	t.Helper()
	synctest.Wait()
	pkts := port.Packets()
	camptest.TCPs(t, pkts) // checks every checksum
	var out []wireSegment
	for _, p := range pkts {
		ip, _ := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
		seg, _ := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
		if ip != nil && seg != nil {
			out = append(out, wireSegment{ip, seg})
		}
	}
	return out
}

// sendICMP puts an ICMP error from the address from on the link, to us.
func sendICMP(t *testing.T, port *camptest.Port, from string, e camptest.ICMPError) {
	t.Helper()
	port.Send(t, camptest.ICMPErrorFrame(t, peerMAC, usMAC, from, usIP, e))
}

// withSeq returns a copy of a quote whose TCP sequence number is seq: a
// forged error, from someone who knows the ports but not what is in flight.
func withSeq(quote []byte, seq uint32) []byte {
	q := bytes.Clone(quote)
	ihl := int(q[0]&0x0f) * 4
	binary.BigEndian.PutUint32(q[ihl+4:], seq)
	return q
}

// dialAsync dials the peer's port 80 from h in a goroutine and returns the
// SYN it sent and the channel its result comes on.
func dialAsync(t *testing.T, h *host.Host, port *camptest.Port) (wireSegment, <-chan error) {
	t.Helper()
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	t.Cleanup(cancel)
	go func() {
		c, err := h.DialContext(ctx, "tcp", peerIP+":80")
		if err == nil {
			c.Close()
		}
		done <- err
	}()
	segs := sentSegments(t, port)
	require.Len(t, segs, 1, "the dial sends one SYN")
	require.Equal(t, "SYN", flags(segs[0].tcp), "flags of the dial's first segment")
	return segs[0], done
}

// ended returns the dial's result if it has one by now.
func ended(done <-chan error) (error, bool) {
	synctest.Wait()
	select {
	case err := <-done:
		return err, true
	default:
		return nil, false
	}
}

// A closed port behind a firewall that rejects with ICMP (or a host whose
// stack answers so): the dial fails at once with ECONNREFUSED, as the
// kernel's connect does, not after a minute of SYNs sent again.
func TestPortUnreachableRefusesADialAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		start := time.Now()
		syn, done := dialAsync(t, h, port)
		sendICMP(t, port, peerIP, camptest.ICMPError{Type: icmpUnreachable, Code: codePort, Quote: camptest.QuoteOf(syn.ip)})
		err, ok := ended(done)
		require.True(t, ok, "the dial still waits after a port unreachable about its SYN: a hard error ends the attempt (RFC 1122 §4.2.3.9)")
		require.ErrorIs(t, err, syscall.ECONNREFUSED, "the dial's error")
		assert.Contains(t, err.Error(), "port-unreachable", "the error says which ICMP message refused it")
		assert.Zero(t, time.Since(start), "refused at once, in fake time")
		assert.Empty(t, sentSegments(t, port), "no SYN is sent again")
		assert.Equal(t, uint64(1), h.TCP.Stats().AttemptFails, "Stats().AttemptFails")
	})
}

// RFC 5927 §4.1: an error whose quoted sequence number is not in flight is
// ignored, whatever it says. The dial goes on and succeeds.
func TestICMPErrorOutsideTheWindowIsIgnored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		syn, done := dialAsync(t, h, port)
		forged := withSeq(camptest.QuoteOf(syn.ip), syn.tcp.Seq+100000)
		sendICMP(t, port, peerIP, camptest.ICMPError{Type: icmpUnreachable, Code: codePort, Quote: forged})
		_, ok := ended(done)
		require.False(t, ok, "a port unreachable quoting sequence number ISS+100000 (only ISS is in flight) ended the dial: a blind attacker could refuse any connection")
		assert.Equal(t, uint64(1), h.TCP.Stats().OutOfWindowICMPs, "Stats().OutOfWindowICMPs")

		send(t, port, camptest.TCPSegment{SrcPort: 80, DstPort: uint16(syn.tcp.SrcPort), Seq: 5000, Ack: syn.tcp.Seq + 1, SYN: true, ACK: true, MSS: 1460})
		err, ok := ended(done)
		require.True(t, ok, "the SYN+ACK ends the dial")
		assert.NoError(t, err, "the dial succeeds")
	})
}

// A soft error (host unreachable: a route may come back) must not end an
// opening connection (RFC 1122 §4.2.3.9: "TCP MUST NOT abort"); when the
// SYNs run out, the timeout names it.
func TestSoftErrorWhileOpeningIsNamedInTheTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		syn, done := dialAsync(t, h, port)
		sendICMP(t, port, routerIP, camptest.ICMPError{Type: icmpUnreachable, Code: codeHost, Quote: camptest.QuoteOf(syn.ip)})
		_, ok := ended(done)
		require.False(t, ok, "a host unreachable (a soft error) ended the dial at once")
		err := <-done
		require.ErrorIs(t, err, syscall.ETIMEDOUT, "the dial times out when its SYNs run out")
		assert.ErrorIs(t, err, syscall.EHOSTUNREACH, "and names the last ICMP error")
		assert.Contains(t, err.Error(), "host-unreachable", "the error's text")
		var ne net.Error
		require.ErrorAs(t, err, &ne)
		assert.True(t, ne.Timeout(), "a net.Error whose Timeout() is true")
	})
}

// establishedWriting opens a connection from the peer (MSS 1460, no options
// else) and has the stack write data on it; it returns the connection,
// the stack's ISS and the segments the data went in.
func establishedWriting(t *testing.T, h *host.Host, port *camptest.Port, data []byte) (net.Conn, uint32, []wireSegment) {
	t.Helper()
	iss, ln := handshake(t, h, port)
	c := accept(t, ln)
	_, err := c.Write(data)
	require.NoError(t, err)
	segs := sentSegments(t, port)
	require.NotEmpty(t, segs, "the write goes out")
	return c, iss, segs
}

// On an established connection every error is soft, even a port
// unreachable (it may be forged, or out of date: RFC 5927 §5.2, and Linux
// does the same): the connection goes on. If it later times out, the
// error names the last ICMP error.
func TestErrorsOnAnEstablishedConnectionAreSoft(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		c, _, segs := establishedWriting(t, h, port, []byte("hello?"))
		q := camptest.QuoteOf(segs[0].ip)
		sendICMP(t, port, routerIP, camptest.ICMPError{Type: icmpTimeExceeded, Code: 0, Quote: q})
		sendICMP(t, port, peerIP, camptest.ICMPError{Type: icmpUnreachable, Code: codePort, Quote: q})
		synctest.Wait()
		assert.Equal(t, tcp.StateEstablished, c.(*tcp.Conn).State(), "state after a time exceeded and a port unreachable about our data")

		c.SetReadDeadline(time.Now().Add(time.Hour))
		_, err := c.Read(make([]byte, 10))
		require.ErrorIs(t, err, syscall.ETIMEDOUT, "the retransmissions run out")
		assert.ErrorIs(t, err, syscall.ECONNREFUSED, "the timeout names the last ICMP error, the port unreachable")
		assert.Contains(t, err.Error(), "port-unreachable", "the error's text")
	})
}

// Data that gets through proves the path works: a soft error from before
// is forgotten, and a later timeout is a plain ETIMEDOUT.
func TestSoftErrorIsForgottenWhenDataGetsThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		c, iss, segs := establishedWriting(t, h, port, []byte("one"))
		sendICMP(t, port, routerIP, camptest.ICMPError{Type: icmpUnreachable, Code: codeHost, Quote: camptest.QuoteOf(segs[0].ip)})
		send(t, port, seg(1001, iss+4, camptest.TCPSegment{}))
		_, err := c.Write([]byte("two"))
		require.NoError(t, err)
		c.SetReadDeadline(time.Now().Add(time.Hour))
		_, err = c.Read(make([]byte, 10))
		require.ErrorIs(t, err, syscall.ETIMEDOUT, "the retransmissions of the second write run out")
		assert.NotErrorIs(t, err, syscall.EHOSTUNREACH, "the host unreachable came before the first write was acknowledged: it is out of date")
	})
}

// pattern returns n bytes that differ from one offset to the next, so that
// data put together in the wrong order shows.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// Path MTU discovery (RFC 1191). Every segment leaves with Don't Fragment
// set. A router whose next link takes 1000 bytes drops our 1500-byte
// segments and says so; the stack sends what was in flight again in
// segments of at most 960 bytes (1000 less the IPv4 and TCP headers), and
// everything after it too. Nothing is lost: the peer gets every byte.
func TestFragmentationNeededLowersTheSegmentSize(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		data := pattern(9000)
		c, iss, first := establishedWriting(t, h, port, data[:6000])
		for _, s := range first {
			assert.NotZero(t, s.ip.Flags&layers.IPv4DontFragment, "DF on segment SEQ=ISS+%d: TCP's datagrams must not be fragmented, or path MTU discovery cannot work", s.tcp.Seq-iss)
			assert.LessOrEqual(t, len(s.tcp.Payload), 1460, "payload of a segment before the error (MSS 1460)")
		}
		require.Greater(t, len(first[0].tcp.Payload), 960, "the first segment is larger than the router's link takes")
		q := camptest.QuoteOf(first[0].ip)

		// A forged error, quoting a sequence number not in flight.
		sendICMP(t, port, routerIP, camptest.ICMPError{Type: icmpUnreachable, Code: codeFragNeeded, MTU: 600, Quote: withSeq(q, iss+100000)})
		assert.Empty(t, sentSegments(t, port), "an error quoting ISS+100000, not in flight, changes nothing")
		assert.Equal(t, uint64(1), h.TCP.Stats().OutOfWindowICMPs, "Stats().OutOfWindowICMPs")

		sendICMP(t, port, routerIP, camptest.ICMPError{Type: icmpUnreachable, Code: codeFragNeeded, MTU: 1000, Quote: q})
		again := sentSegments(t, port)
		require.NotEmpty(t, again, "the segments in flight are sent again at once, smaller")
		got := map[uint32][]byte{}
		for _, s := range again {
			assert.LessOrEqual(t, len(s.tcp.Payload), 960, "payload of the segment SEQ=ISS+%d sent again after a path MTU of 1000", s.tcp.Seq-iss)
			assert.LessOrEqual(t, int(s.ip.Length), 1000, "IP Total Length of a segment after a path MTU of 1000")
			got[s.tcp.Seq] = s.tcp.Payload
		}
		assert.Equal(t, 960, len(again[0].tcp.Payload), "payload of the first segment sent again: a full 960 bytes")

		// More errors about the old flight's segments change nothing.
		sendICMP(t, port, routerIP, camptest.ICMPError{Type: icmpUnreachable, Code: codeFragNeeded, MTU: 1000, Quote: camptest.QuoteOf(first[1].ip)})
		assert.Empty(t, sentSegments(t, port), "a second error about the same flight: the size is lowered already")

		send(t, port, seg(1001, iss+1+6000, camptest.TCPSegment{}))
		_, err := c.Write(data[6000:])
		require.NoError(t, err)
		for _, s := range sentSegments(t, port) {
			assert.LessOrEqual(t, len(s.tcp.Payload), 960, "payload of new data after a path MTU of 1000")
			got[s.tcp.Seq] = s.tcp.Payload
		}
		// The peer's view: put the segments that passed together.
		var stream []byte
		for next := iss + 1; ; {
			p, ok := got[next]
			if !ok || len(p) == 0 {
				break
			}
			stream = append(stream, p...)
			next += uint32(len(p))
		}
		assert.True(t, bytes.Equal(data, stream), "the data the peer gets in segments of 960 bytes or less: %d bytes of %d, intact: %v", len(stream), len(data), bytes.HasPrefix(data, stream))
	})
}

// The MTU a router reports is taken within bounds: never below 576 (a
// segment of 536 bytes, RFC 1122 §3.3.2 and RFC 9293 §3.7.1's default
// MSS), and a router too old to say (MTU 0) makes the stack guess the next
// plateau of RFC 1191 §7 below the datagram that did not pass: 1492 for
// 1500.
func TestFragmentationNeededMTUBounds(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mtu     uint16
		wantMSS int
	}{
		{"below the floor", 300, 536},
		{"not said (an old router)", 0, 1452},
		{"within bounds", 1400, 1360},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h, port := scripted(t)
				_, _, first := establishedWriting(t, h, port, pattern(3000))
				sendICMP(t, port, routerIP, camptest.ICMPError{Type: icmpUnreachable, Code: codeFragNeeded, MTU: tc.mtu, Quote: camptest.QuoteOf(first[0].ip)})
				again := sentSegments(t, port)
				require.NotEmpty(t, again, "the data in flight is sent again after a path MTU of %d", tc.mtu)
				assert.Equal(t, tc.wantMSS, len(again[0].tcp.Payload), "payload of the first segment sent again after the router said MTU %d", tc.mtu)
				for _, s := range again {
					assert.LessOrEqual(t, len(s.tcp.Payload), tc.wantMSS, "payload of every segment sent again")
				}
			})
		})
	}
}
