// Generated from solutions/tcp/closing_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/closing_test.go instead and regenerate; `course check` fails when the two drift.

package tcp_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/netip"
	"runtime"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/seqnum"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/tcp"
)

// Scripted tests of Day 6: every way a connection ends. The test plays the
// peer (192.0.2.1, port 40000, ISN 1000) of a connection it opened to the
// stack's listener on port 80, as in script_test.go.

// established opens a connection from the peer and accepts it; it returns
// the stack's side and the stack's ISN. The peer's next sequence number is
// 1001; the stack's is iss+1.
func established(t *testing.T) (*host.Host, *camptest.Port, *tcp.Conn, uint32) {
	t.Helper()
	h, port := scripted(t)
	iss, ln := handshake(t, h, port)
	return h, port, accept(t, ln).(*tcp.Conn), iss
}

// peer is a segment from the test's end of the connection.
func peer(seq, ack uint32, s camptest.TCPSegment) camptest.TCPSegment {
	s.SrcPort, s.DstPort, s.Seq, s.Ack, s.ACK = 40000, 80, seq, ack, true
	return s
}

// one waits for the stack's answer and requires exactly one segment.
func one(t *testing.T, port *camptest.Port, msg string) *layers.TCP {
	t.Helper()
	segs := answers(t, port)
	require.Len(t, segs, 1, msg)
	return segs[0]
}

var fin = camptest.TCPSegment{FIN: true}

func TestActiveCloseGoesThroughTimeWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		require.NoError(t, c.Close())
		s := one(t, port, "Close sends a FIN")
		assert.Equal(t, "FIN|ACK", flags(s))
		assert.Equal(t, seqnum.Value(iss+1), seqnum.Value(s.Seq), "SEG.SEQ")
		assert.Equal(t, tcp.StateFinWait1, c.State(), "connection state")

		send(t, port, peer(1001, iss+2, camptest.TCPSegment{}))
		assert.Empty(t, answers(t, port), "the ACK of our FIN needs no answer")
		assert.Equal(t, tcp.StateFinWait2, c.State(), "our FIN is acknowledged")

		send(t, port, peer(1001, iss+2, fin))
		s = one(t, port, "the peer's FIN is acknowledged")
		assert.Equal(t, "ACK", flags(s))
		assert.Equal(t, uint32(1002), s.Ack, "the FIN takes one sequence number")
		assert.Equal(t, tcp.StateTimeWait, c.State(), "connection state")

		// Our ACK is lost, say: the peer sends its FIN again 50 s later.
		// TIME-WAIT acknowledges it again and waits 2×MSL (60 s) from now.
		time.Sleep(50 * time.Second)
		send(t, port, peer(1001, iss+2, fin))
		s = one(t, port, "a retransmitted FIN in TIME-WAIT is acknowledged again")
		assert.Equal(t, "ACK", flags(s))
		assert.Equal(t, seqnum.Value(1002), seqnum.Value(s.Ack), "SEG.ACK")

		time.Sleep(59 * time.Second) // 109 s after the first FIN, 59 s after the second
		send(t, port, peer(1001, iss+2, fin))
		s = one(t, port, "still in TIME-WAIT: the second FIN restarted the 2×MSL timer")
		assert.Equal(t, "ACK", flags(s), "TIME-WAIT is 2×MSL from the last FIN, not from the first")

		time.Sleep(61 * time.Second)
		assert.Equal(t, tcp.StateClosed, c.State(), "TIME-WAIT ends after 2×MSL")
		send(t, port, peer(1001, iss+2, fin))
		s = one(t, port, "after TIME-WAIT the connection is gone")
		assert.Equal(t, "RST", flags(s), "a segment for no connection is reset")
		assert.Equal(t, seqnum.Value(iss+2), seqnum.Value(s.Seq), "SEG.SEQ")
	})
}

func TestPassiveCloseGoesThroughLastAck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		send(t, port, peer(1001, iss+1, fin))
		s := one(t, port, "the peer's FIN is acknowledged")
		assert.Equal(t, seqnum.Value(1002), seqnum.Value(s.Ack), "SEG.ACK")
		assert.Equal(t, tcp.StateCloseWait, c.State(), "connection state")
		c.SetReadDeadline(time.Now().Add(time.Second))
		_, err := c.Read(make([]byte, 10))
		assert.ErrorIs(t, err, io.EOF, "after the peer's FIN the program reads end of file")

		require.NoError(t, c.Close())
		s = one(t, port, "Close sends our FIN")
		assert.Equal(t, "FIN|ACK", flags(s))
		assert.Equal(t, seqnum.Value(iss+1), seqnum.Value(s.Seq), "SEG.SEQ")
		assert.Equal(t, tcp.StateLastAck, c.State(), "connection state")

		time.Sleep(time.Second)
		s = one(t, port, "the FIN is retransmitted like data when no ACK comes")
		assert.Equal(t, "FIN|ACK", flags(s))
		assert.Equal(t, seqnum.Value(iss+1), seqnum.Value(s.Seq), "SEG.SEQ")

		send(t, port, peer(1002, iss+2, camptest.TCPSegment{}))
		assert.Empty(t, answers(t, port))
		assert.Equal(t, tcp.StateClosed, c.State(), "LAST-ACK ends when our FIN is acknowledged; no TIME-WAIT on this side")
		send(t, port, peer(1002, iss+2, camptest.TCPSegment{}))
		assert.Equal(t, "RST", flags(one(t, port, "the connection is gone")))
	})
}

func TestSimultaneousCloseGoesThroughClosing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		require.NoError(t, c.Close())
		assert.Equal(t, "FIN|ACK", flags(one(t, port, "our FIN")))

		// The peer closed at the same time: its FIN crosses ours and does
		// not acknowledge it.
		send(t, port, peer(1001, iss+1, fin))
		s := one(t, port, "the peer's FIN is acknowledged")
		assert.Equal(t, seqnum.Value(1002), seqnum.Value(s.Ack), "SEG.ACK")
		assert.Equal(t, tcp.StateClosing, c.State(), "both FINs sent, ours not yet acknowledged")

		send(t, port, peer(1002, iss+2, camptest.TCPSegment{}))
		assert.Empty(t, answers(t, port))
		assert.Equal(t, tcp.StateTimeWait, c.State(), "CLOSING becomes TIME-WAIT when our FIN is acknowledged")

		time.Sleep(61 * time.Second)
		assert.Equal(t, tcp.StateClosed, c.State(), "connection state")
	})
}

func TestFinAndAckOfOurFinTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		require.NoError(t, c.Close())
		one(t, port, "our FIN")
		send(t, port, peer(1001, iss+2, fin))
		s := one(t, port, "the FIN is acknowledged")
		assert.Equal(t, seqnum.Value(1002), seqnum.Value(s.Ack), "SEG.ACK")
		assert.Equal(t, tcp.StateTimeWait, c.State(), "FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT in one segment")
	})
}

func TestFinWait2IsBoundedOnceClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		require.NoError(t, c.Close())
		one(t, port, "our FIN")
		send(t, port, peer(1001, iss+2, camptest.TCPSegment{}))
		assert.Empty(t, answers(t, port))
		assert.Equal(t, tcp.StateFinWait2, c.State(), "connection state")

		// The peer never sends its FIN.
		time.Sleep(tcp.FinWait2Timeout - time.Second)
		assert.Equal(t, tcp.StateFinWait2, c.State(), "connection state")
		time.Sleep(2 * time.Second)
		assert.Equal(t, tcp.StateClosed, c.State(), "FIN-WAIT-2 of a closed connection ends after FinWait2Timeout")
		send(t, port, peer(1001, iss+2, camptest.TCPSegment{Payload: []byte("late")}))
		assert.Equal(t, "RST", flags(one(t, port, "the connection is gone")))
	})
}

func TestCloseWriteIsAHalfClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		require.NoError(t, c.CloseWrite())
		s := one(t, port, "CloseWrite sends a FIN")
		assert.Equal(t, "FIN|ACK", flags(s))
		_, err := c.Write([]byte("more"))
		assert.Error(t, err, "no writing after CloseWrite")
		send(t, port, peer(1001, iss+2, camptest.TCPSegment{}))
		assert.Empty(t, answers(t, port))

		// Long after: the half-closed connection still receives. There is
		// no FIN-WAIT-2 timeout while the program can still read.
		time.Sleep(5 * time.Minute)
		send(t, port, peer(1001, iss+2, camptest.TCPSegment{Payload: []byte("still here")}))
		assert.Equal(t, uint32(1011), one(t, port, "data after our FIN is acknowledged").Ack)
		buf := make([]byte, 20)
		c.SetReadDeadline(time.Now().Add(time.Second))
		n, err := c.Read(buf)
		require.NoError(t, err)
		assert.Equal(t, "still here", string(buf[:n]))

		send(t, port, peer(1011, iss+2, fin))
		assert.Equal(t, uint32(1012), one(t, port, "the peer's FIN").Ack)
		_, err = c.Read(buf)
		assert.ErrorIs(t, err, io.EOF)
		assert.Equal(t, tcp.StateTimeWait, c.State(), "connection state")
		require.NoError(t, c.Close())
	})
}

func TestCloseWithUnreadDataResets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		send(t, port, peer(1001, iss+1, camptest.TCPSegment{Payload: []byte("never read")}))
		one(t, port, "the data is acknowledged")
		require.NoError(t, c.Close())
		s := one(t, port, "closing with unread data resets")
		assert.True(t, s.RST, "a RST, not a FIN: %s", flags(s))
		assert.False(t, s.FIN)
		assert.Equal(t, seqnum.Value(iss+1), seqnum.Value(s.Seq), "SEG.SEQ")
		assert.Equal(t, tcp.StateClosed, c.State(), "connection state")
	})
}

func TestResetReachesReadAndWrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := pair(t, device.NewLink())
		ln, err := b.Listen("tcp", ":7")
		require.NoError(t, err)
		client := dial(t, a, "192.0.2.11:7")
		server := accept(t, ln)
		_, err = client.Write([]byte("unread"))
		require.NoError(t, err)
		synctest.Wait()
		require.NoError(t, server.Close(), "closing with unread data resets the connection")
		synctest.Wait()
		client.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = client.Read(make([]byte, 10))
		assert.ErrorIs(t, err, syscall.ECONNRESET)
		_, err = client.Write([]byte("more"))
		assert.ErrorIs(t, err, syscall.ECONNRESET)
	})
}

func TestListenerCloseResetsConnectionsNeverAccepted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		require.NoError(t, ln.Close())
		s := one(t, port, "the connection nobody accepted is reset")
		assert.Equal(t, "RST|ACK", flags(s))
		assert.Equal(t, seqnum.Value(iss+1), seqnum.Value(s.Seq), "SEG.SEQ")
		send(t, port, peer(1001, iss+1, camptest.TCPSegment{Payload: []byte("hello?")}))
		assert.Equal(t, "RST", flags(one(t, port, "nothing is left of it")))
	})
}

func TestRSTAtRcvNxtResets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port, c, _ := established(t)
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1001, RST: true})
		assert.Empty(t, answers(t, port), "a reset is never answered")
		c.SetReadDeadline(time.Now().Add(time.Second))
		_, err := c.Read(make([]byte, 10))
		assert.ErrorIs(t, err, syscall.ECONNRESET, "Read fails as a kernel socket's would")
		_, err = c.Write([]byte("x"))
		assert.ErrorIs(t, err, syscall.ECONNRESET, "and so does Write")
		assert.Equal(t, uint64(1), h.TCP.Stats().EstabResets, "Stats().EstabResets")
	})
}

func TestRSTInTheWindowGetsAChallengeACK(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		// A blind attacker's guess: in the window, but not RCV.NXT.
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1001 + 5000, RST: true})
		s := one(t, port, "RFC 5961 §3: a challenge ACK")
		assert.Equal(t, "ACK", flags(s))
		assert.Equal(t, seqnum.Value(iss+1), seqnum.Value(s.Seq), "SEG.SEQ")
		assert.Equal(t, uint32(1001), s.Ack, "the ACK says where the connection really is")
		assert.Equal(t, tcp.StateEstablished, c.State(), "the connection lives on")

		// The real peer answers a challenge ACK with a RST at exactly RCV.NXT.
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1001, RST: true})
		assert.Empty(t, answers(t, port))
		assert.Equal(t, tcp.StateClosed, c.State(), "connection state")
	})
}

func TestRSTOutsideTheWindowIsIgnored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1001 + 200000, RST: true})
		assert.Empty(t, answers(t, port), "RFC 5961 §3.2: silently dropped")
		assert.Equal(t, tcp.StateEstablished, c.State(), "connection state")
		send(t, port, peer(1001, iss+1, camptest.TCPSegment{Payload: []byte("ok")}))
		assert.Equal(t, uint32(1003), one(t, port, "the connection works").Ack)
	})
}

func TestSYNOnAnOpenConnectionGetsAChallengeACK(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 7777, SYN: true})
		s := one(t, port, "RFC 5961 §4: a challenge ACK, not a reset")
		assert.Equal(t, "ACK", flags(s))
		assert.Equal(t, seqnum.Value(iss+1), seqnum.Value(s.Seq), "SEG.SEQ")
		assert.Equal(t, seqnum.Value(1001), seqnum.Value(s.Ack), "SEG.ACK")
		assert.Equal(t, tcp.StateEstablished, c.State(), "connection state")
	})
}

func TestRSTInSynReceivedLetsTheListenerGoOn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		ln, err := h.Listen("tcp", ":80")
		require.NoError(t, err)
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1000, SYN: true})
		require.Equal(t, "SYN|ACK", flags(one(t, port, "SYN+ACK")))
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1001, RST: true})
		assert.Empty(t, answers(t, port))

		// The same port again, a new connection: the reset one is gone.
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 90000, SYN: true})
		s := one(t, port, "a new SYN+ACK")
		require.Equal(t, "SYN|ACK", flags(s), "the half-open connection was forgotten")
		assert.Equal(t, seqnum.Value(90001), seqnum.Value(s.Ack), "SEG.ACK")
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 90001, Ack: s.Seq + 1, ACK: true})
		c := accept(t, ln)
		assert.Equal(t, "192.0.2.1:40000", c.RemoteAddr().String())
		assert.Equal(t, uint64(0), h.TCP.Stats().EstabResets, "a handshake reset is not an established connection reset")
	})
}

func TestRSTInTimeWaitCloses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		require.NoError(t, c.Close())
		one(t, port, "our FIN")
		send(t, port, peer(1001, iss+2, fin))
		one(t, port, "the ACK of the peer's FIN")
		require.Equal(t, tcp.StateTimeWait, c.State(), "connection state")
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1002, RST: true})
		assert.Empty(t, answers(t, port))
		assert.Equal(t, tcp.StateClosed, c.State(), "RFC 9293: a RST in TIME-WAIT closes")
	})
}

func TestTimeWaitHoldsTheFourTuple(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := pair(t, device.NewLink())
		ln, err := b.Listen("tcp", ":7")
		require.NoError(t, err)
		laddr := &net.TCPAddr{IP: net.IPv4(192, 0, 2, 10), Port: 5555}
		raddr := &net.TCPAddr{IP: net.IPv4(192, 0, 2, 11), Port: 7}
		dialFixed := func() (*tcp.Conn, error) {
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			return a.TCP.DialContext(ctx, "tcp", laddr, raddr)
		}
		client, err := dialFixed()
		require.NoError(t, err)
		server := accept(t, ln)
		require.NoError(t, client.Close()) // the client closes first: its side waits
		synctest.Wait()
		require.NoError(t, server.Close())
		synctest.Wait()
		require.Equal(t, tcp.StateTimeWait, client.State(), "connection state")

		_, err = dialFixed()
		require.Error(t, err, "the four-tuple is taken while in TIME-WAIT")
		assert.ErrorIs(t, err, tcp.ErrPortInUse)

		time.Sleep(61 * time.Second)
		again, err := dialFixed()
		require.NoError(t, err, "after TIME-WAIT the four-tuple is free")
		require.NoError(t, again.Close())
	})
}

// TestStackCloseEndsEverything closes a stack with connections in many
// states, calls waiting in Read, Write and Accept, and timers running:
// every call returns, nothing more is sent, and (the synctest bubble
// checks it when the test ends) every goroutine of the stack exits.
func TestStackCloseEndsEverything(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		a, b := pair(t, link)
		watch := camptest.NewPort(t, link)
		lnB, err := b.Listen("tcp", ":7")
		require.NoError(t, err)
		_, err = a.Listen("tcp", ":8") // with a connection nobody accepts
		require.NoError(t, err)
		idle, err := a.Listen("tcp", ":9") // an Accept waits
		require.NoError(t, err)

		reading := dial(t, a, "192.0.2.11:7") // ESTABLISHED, a Read waits
		accept(t, lnB)
		writing := dial(t, a, "192.0.2.11:7") // ESTABLISHED, a Write waits for the window
		accept(t, lnB)
		closing := dial(t, a, "192.0.2.11:7") // FIN-WAIT-2: b never closes its side
		accept(t, lnB)
		require.NoError(t, closing.Close())
		timeWait := dial(t, a, "192.0.2.11:7") // TIME-WAIT
		timeWaitPeer := accept(t, lnB)
		require.NoError(t, timeWait.Close())
		synctest.Wait()
		require.NoError(t, timeWaitPeer.Close())
		dial(t, b, "192.0.2.10:8") // never accepted by a
		synctest.Wait()

		errs := make(chan error, 3)
		go func() { _, err := reading.Read(make([]byte, 10)); errs <- err }()
		go func() { _, err := writing.Write(make([]byte, 4<<20)); errs <- err }()
		go func() { _, err := idle.Accept(); errs <- err }()
		synctest.Wait()

		require.NoError(t, a.Close())
		watch.Frames() // resets of connections nobody accepted go out while it closes
		for range 3 {
			select {
			case err := <-errs:
				assert.Error(t, err, "a waiting call returns an error when its stack closes")
			case <-time.After(time.Second):
				t.Fatal("a call still waits after its stack closed")
			}
		}
		time.Sleep(10 * time.Minute) // every timer of a would have fired by now
		for _, f := range watch.Frames() {
			require.GreaterOrEqual(t, len(f), 12, "a frame on the link holds the Ethernet addresses")
			src := net.HardwareAddr(f[6:12]).String()
			assert.NotEqual(t, "02:00:00:00:00:0a", src, "a closed stack sent a frame")
		}
		_, err = a.DialContext(t.Context(), "tcp", "192.0.2.11:7")
		assert.Error(t, err, "a closed stack opens no connection")
		var opErr *net.OpError
		assert.True(t, errors.As(err, &opErr), "the error is a *net.OpError: %v", err)
	})
}

// TestStackCloseLeavesNoGoroutine counts goroutines with the real
// scheduler: after Close, the process has as many as before the stacks.
func TestStackCloseLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	link := device.NewLink()
	a, b := pair(t, link)
	ln, err := b.Listen("tcp", ":7")
	require.NoError(t, err)
	for range 5 {
		c := dial(t, a, "192.0.2.11:7")
		accept(t, ln)
		_, err := c.Write([]byte("x"))
		require.NoError(t, err)
	}
	_, err = a.Ping(t.Context(), netip.MustParseAddr("192.0.2.11"), 1, nil)
	require.NoError(t, err)
	require.NoError(t, a.Close())
	require.NoError(t, b.Close())
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // real time: goroutines exit on their own schedule
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines left after both stacks closed")
}

func TestRSTWithDataBeforeRcvNxtIsNotExact(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		// A blind guess that covers RCV.NXT with data instead of hitting
		// it exactly: it must not count as "at RCV.NXT".
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1001 - 100, RST: true, Payload: make([]byte, 200)})
		s := one(t, port, "a challenge ACK, not a reset")
		assert.Equal(t, "ACK", flags(s))
		assert.Equal(t, seqnum.Value(iss+1), seqnum.Value(s.Seq), "SEG.SEQ")
		assert.Equal(t, tcp.StateEstablished, c.State(), "connection state")
	})
}

func TestDataAfterCloseIsReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		require.NoError(t, c.Close())
		one(t, port, "our FIN")
		send(t, port, peer(1001, iss+2, camptest.TCPSegment{}))
		assert.Empty(t, answers(t, port))
		send(t, port, peer(1001, iss+2, camptest.TCPSegment{Payload: []byte("nobody reads this")}))
		s := one(t, port, "data for a closed program")
		assert.True(t, s.RST, "is answered with a reset: %s", flags(s))
		assert.Equal(t, tcp.StateClosed, c.State(), "connection state")
	})
}
