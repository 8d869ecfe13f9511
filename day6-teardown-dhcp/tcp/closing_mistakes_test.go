// Generated from solutions/tcp/closing_mistakes_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/closing_mistakes_test.go instead and regenerate; `course check` fails when the two drift.

package tcp_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/tcp"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/todo"
)

// Tests for Day 6's common mistakes in closing connections (the "Common
// mistakes" section of docs/day6-teardown-dhcp.md). The helpers are in
// closing_test.go and script_test.go: the test is the peer, 192.0.2.1 port
// 40000, ISN 1000; the stack's listener is on port 80.

// timeWait closes c actively and takes the peer's ACK and FIN in one
// segment: c is in TIME-WAIT when it returns.
func timeWait(t *testing.T, port *camptest.Port, c *tcp.Conn, iss uint32) {
	t.Helper()
	require.NoError(t, c.Close())
	require.True(t, one(t, port, "Close sends a FIN").FIN, "FIN flag of the segment Close sends")
	send(t, port, peer(1001, iss+2, fin))
	a := one(t, port, "the peer's FIN is acknowledged")
	require.Equal(t, uint32(1002), a.Ack, "ACK field of the answer to the peer's FIN")
	require.Equal(t, tcp.StateTimeWait, c.State(), "state after our FIN is acknowledged and the peer's FIN arrives")
}

func TestTimeWaitLastsTwiceTheMSL(t *testing.T) {
	todo.Covers(t, 6, "tcp-time-wait")
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		timeWait(t, port, c, iss)
		const msl = 30 * time.Second // tcp.Options' default
		time.Sleep(2*msl - time.Second)
		assert.Equal(t, tcp.StateTimeWait, c.State(), "state a second before 2×MSL (60 s): TIME-WAIT waits twice the MSL")
		time.Sleep(2 * time.Second)
		assert.Equal(t, tcp.StateClosed, c.State(), "state a second after 2×MSL")
	})
}

func TestRepeatedFINRestartsTimeWait(t *testing.T) {
	todo.Covers(t, 6, "tcp-time-wait-fin")
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		timeWait(t, port, c, iss)
		// Our ACK was lost: the peer's FIN comes again 50 s later.
		time.Sleep(50 * time.Second)
		send(t, port, peer(1001, iss+2, fin))
		segs := answers(t, port)
		require.Len(t, segs, 1, "the repeated FIN in TIME-WAIT is acknowledged again (ackNow alone sends nothing: flush)")
		assert.Equal(t, "ACK", flags(segs[0]), "flags of the answer")
		assert.Equal(t, uint32(1002), segs[0].Ack, "ACK field of the answer")
		// 2×MSL from the repeated FIN, not from the first.
		time.Sleep(59 * time.Second)
		assert.Equal(t, tcp.StateTimeWait, c.State(),
			"state 109 s after the first FIN and 59 s after the repeated one: the repeated FIN restarts the 2×MSL wait")
	})
}

func TestRSTInTheWindowButNotAtRcvNxtDoesNotReset(t *testing.T) {
	todo.Covers(t, 6, "tcp-rst-exact")
	synctest.Test(t, func(t *testing.T) {
		h, port, c, _ := established(t)
		sendRaw(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1001 + 5000, RST: true})
		a := one(t, port, "a RST in the window but not at RCV.NXT is answered with a challenge ACK (RFC 5961 §3)")
		assert.Equal(t, "ACK", flags(a), "flags of the challenge ACK")
		assert.Equal(t, uint32(1001), a.Ack, "ACK field of the challenge ACK: RCV.NXT")
		assert.Equal(t, tcp.StateEstablished, c.State(), "state after a RST at SEQ 6001 when RCV.NXT is 1001")
		assert.Equal(t, uint64(0), h.TCP.Stats().EstabResets, "EstabResets")
	})
}

func TestRSTInSynReceivedIsNotAnEstablishedReset(t *testing.T) {
	todo.Covers(t, 6, "tcp-rst-states")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		_, err := h.Listen("tcp", ":80")
		require.NoError(t, err)
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1000, SYN: true})
		require.Equal(t, "SYN|ACK", flags(one(t, port, "the listener answers the SYN")), "flags")
		sendRaw(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1001, RST: true})
		assert.Empty(t, answers(t, port), "a RST is never answered")
		assert.Equal(t, uint64(0), h.TCP.Stats().EstabResets,
			"EstabResets after a RST in SYN-RECEIVED: the connection never was established (RFC 1213's tcpEstabResets counts ESTABLISHED and CLOSE-WAIT only)")
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 90000, SYN: true})
		assert.Equal(t, "SYN|ACK", flags(one(t, port, "a new SYN from the same port")), "flags: the listener goes on")
	})
}

func TestCloseWithUnreadDataEndsTheConnection(t *testing.T) {
	todo.Covers(t, 6, "tcp-close-unread")
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		send(t, port, peer(1001, iss+1, camptest.TCPSegment{Payload: []byte("never read")}))
		require.Len(t, answers(t, port), 1, "the data is acknowledged")
		require.NoError(t, c.Close())
		r := one(t, port, "Close with data unread sends a reset")
		assert.Equal(t, "RST|ACK", flags(r), "flags: a reset, not a FIN")
		assert.Equal(t, tcp.StateClosed, c.State(), "state after the reset: the connection is over, not just reported so")
		send(t, port, peer(1011, iss+1, camptest.TCPSegment{Payload: []byte("more")}))
		assert.Equal(t, "RST", flags(one(t, port, "a segment after the reset")),
			"flags of the answer to a later segment: nothing is left of the connection (its timers and table entry went with abort)")
	})
}

func TestListenerCloseResetsWhatNobodyAccepted(t *testing.T) {
	todo.Covers(t, 6, "tcp-listener-close")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		_, ln := handshake(t, h, port)
		require.NoError(t, ln.Close())
		r := one(t, port, "closing the listener resets the connection nobody accepted")
		assert.Equal(t, "RST|ACK", flags(r), "flags: the peer learns at once that nobody will read")
	})
}

func TestCloseWriteLeavesFinWait2Open(t *testing.T) {
	todo.Covers(t, 6, "tcp-fin-acked")
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		require.NoError(t, c.CloseWrite())
		require.True(t, one(t, port, "CloseWrite sends a FIN").FIN, "FIN flag")
		send(t, port, peer(1001, iss+2, camptest.TCPSegment{}))
		assert.Empty(t, answers(t, port), "nothing answers the ACK of our FIN")
		require.Equal(t, tcp.StateFinWait2, c.State(), "state once our FIN is acknowledged")
		time.Sleep(tcp.FinWait2Timeout + time.Second)
		assert.Equal(t, tcp.StateFinWait2, c.State(),
			"state after FinWait2Timeout: after CloseWrite the program still reads, so no timer ends FIN-WAIT-2")
		send(t, port, peer(1001, iss+2, camptest.TCPSegment{Payload: []byte("late")}))
		assert.Equal(t, uint32(1005), one(t, port, "the late data is acknowledged").Ack, "ACK field")
	})
}

func TestLastAckFreesTheFourTuple(t *testing.T) {
	todo.Covers(t, 6, "tcp-fin-acked")
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		send(t, port, peer(1001, iss+1, fin))
		require.Len(t, answers(t, port), 1, "the peer's FIN is acknowledged")
		require.NoError(t, c.Close())
		require.True(t, one(t, port, "Close sends our FIN").FIN, "FIN flag")
		send(t, port, peer(1002, iss+2, camptest.TCPSegment{}))
		assert.Empty(t, answers(t, port), "nothing answers the ACK of our FIN")
		assert.Equal(t, tcp.StateClosed, c.State(), "state once our FIN is acknowledged in LAST-ACK")
		// The peer opens a new connection from the same port: the listener,
		// not the old connection, must answer it.
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 90000, SYN: true})
		s := one(t, port, "a new SYN from the same port, after LAST-ACK")
		assert.Equal(t, "SYN|ACK", flags(s), "flags: the old connection left the table, the listener answers")
	})
}
