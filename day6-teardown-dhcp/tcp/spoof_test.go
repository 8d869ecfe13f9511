// Generated from solutions/tcp/spoof_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/spoof_test.go instead and regenerate; `course check` fails when the two drift.

package tcp_test

import (
	"math/rand/v2"
	"net"
	"runtime"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/tcp"
)

// dialMany opens n connections from a to b's listener on port 9, one every
// 10 ms of fake time, and returns the SYNs a sent, seen on the wire.
func dialMany(t *testing.T, n int) []uint32Port {
	t.Helper()
	link := device.NewLink()
	a, b := pair(t, link)
	wire := camptest.NewPort(t, link)
	ln, err := b.Listen("tcp", ":9")
	require.NoError(t, err)
	for range n {
		c := dial(t, a, "192.0.2.11:9")
		accept(t, ln).Close()
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	var syns []uint32Port
	for _, s := range camptest.TCPs(t, wire.Packets()) {
		if s.SYN && !s.ACK {
			syns = append(syns, uint32Port{s.Seq, uint16(s.SrcPort)})
		}
	}
	require.Len(t, syns, n)
	return syns
}

type uint32Port struct {
	isn  uint32
	port uint16
}

// TestISNsAreNotPredictable: RFC 6528's ISN is a 4 µs clock plus a keyed
// hash of the four-tuple, so a connection's ISN says nothing about the
// next one's: an off-path attacker who opened a connection of its own
// cannot guess the ISN of another, and so cannot forge its segments. The
// differences between successive ISNs (10 ms apart, where a bare clock
// would step by 2,500) are spread over the whole 32-bit space.
func TestISNsAreNotPredictable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		syns := dialMany(t, 64)
		near := 0
		diffs := map[uint32]bool{}
		for i := 1; i < len(syns); i++ {
			d := syns[i].isn - syns[i-1].isn
			diffs[d] = true
			if d < 1<<24 || d > ^uint32(0)-1<<24 {
				near++ // within 2^24 of the previous: a chance of 1 in 128 each
			}
		}
		assert.Len(t, diffs, len(syns)-1, "no two steps alike")
		assert.LessOrEqual(t, near, 4, "successive ISNs are not close to each other")
	})
}

// TestEphemeralPortsAreSpread: the local ports of active opens, and of UDP
// sockets bound to port 0, are drawn at random from 49152–65535 (RFC 6056
// §3.3.1's simple random selection), not handed out in turn: an attacker
// cannot guess the port of the next connection from its own.
func TestEphemeralPortsAreSpread(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		syns := dialMany(t, 64)
		var ports []int
		for _, s := range syns {
			ports = append(ports, int(s.port))
		}
		assertSpread(t, "TCP", ports)

		h := camptest.NewHost(t, host.Options{})
		camptest.Start(t, h.Stack)
		ports = nil
		for range 64 {
			c, err := h.ListenUDP("udp", nil)
			require.NoError(t, err)
			ports = append(ports, c.LocalAddr().(*net.UDPAddr).Port)
		}
		assertSpread(t, "UDP", ports)
	})
}

// assertSpread checks that ports drawn from the ephemeral range look
// random: successive ports are not neighbours, and they cover the range.
func assertSpread(t *testing.T, what string, ports []int) {
	t.Helper()
	close := 0
	for i := 1; i < len(ports); i++ {
		if d := ports[i] - ports[i-1]; d >= -16 && d <= 16 {
			close++ // a chance of 33 in 16,384 each
		}
	}
	assert.LessOrEqual(t, close, 2, "%s: successive ephemeral ports are not neighbours: %v", what, ports)
	s := slices.Sorted(slices.Values(ports))
	assert.Greater(t, s[len(s)-1]-s[0], (tcp.EphemeralLast-tcp.EphemeralFirst)/2, "%s: the ports cover the range: %v", what, s)
	for _, p := range ports {
		assert.True(t, p >= tcp.EphemeralFirst && p <= tcp.EphemeralLast, "%s: port %d in the ephemeral range", what, p)
	}
}

// TestBlindResetAttackFails: an off-path attacker who knows the four-tuple
// but not the sequence numbers sends 2,000 RSTs and 500 SYNs at random
// sequence numbers, many inside the receive window, over 20 s. RFC 5961:
// only a RST at exactly RCV.NXT resets, one elsewhere in the window earns
// a challenge ACK, and a SYN on an open connection too; and the challenge
// ACKs are rate-limited (ChallengeACKInterval), so the attack neither
// kills the connection nor turns it into an ACK cannon.
func TestBlindResetAttackFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		rng := rand.New(rand.NewPCG(5961, 1))
		const rsts, syns = 2000, 500
		start := time.Now()
		challenges := 0
		for i := range rsts + syns {
			seq := rng.Uint32()
			if i%2 == 0 {
				seq = 1001 + 1 + rng.Uint32N(65000) // inside the window, never RCV.NXT (1001)
			}
			s := camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: seq, RST: true}
			if i >= rsts {
				s = camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: seq, SYN: true}
			}
			sendRaw(t, port, s)
			for _, a := range answers(t, port) {
				require.False(t, a.RST, "the stack never answers with a reset")
				require.Equal(t, "ACK", flags(a))
				challenges++
			}
			time.Sleep(8 * time.Millisecond)
		}
		elapsed := time.Since(start)
		assert.Equal(t, tcp.StateEstablished, c.State(), "the connection survives")
		limit := int(elapsed/tcp.ChallengeACKInterval) + 1
		assert.Positive(t, challenges, "in-window RSTs and SYNs are challenged")
		assert.LessOrEqual(t, challenges, limit, "at most one challenge ACK per %v", tcp.ChallengeACKInterval)

		// And the connection still works both ways.
		send(t, port, peer(1001, iss+1, camptest.TCPSegment{Payload: []byte("still here")}))
		buf := make([]byte, 20)
		n, err := c.Read(buf)
		require.NoError(t, err)
		assert.Equal(t, "still here", string(buf[:n]))
	})
}

// TestZeroWindowWithDataInFlightIsNotTimedOut: the peer's window closes
// while our data is in flight (its program stopped reading); it drops our
// retransmissions but answers each with an ACK of a zero window. RFC 1122
// §4.2.2.17: the connection stays open as long as the peer answers, like a
// zero-window probe; the retransmissions must not run out (Linux treats
// them as probes too).
func TestZeroWindowWithDataInFlightIsNotTimedOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		_, err := c.Write(make([]byte, 3000))
		require.NoError(t, err)
		require.NotEmpty(t, answers(t, port), "the data goes out")
		for range 40 { // 40 × 15 s: 10 minutes, well past MaxRetries
			time.Sleep(15 * time.Second)
			if len(answers(t, port)) > 0 {
				sendRaw(t, port, peer(1001, iss+1, camptest.TCPSegment{Window: 0}))
			}
		}
		assert.Equal(t, tcp.StateEstablished, c.State(), "a peer that answers every retransmission is alive")
	})
}

// TestOutOfOrderDataIsBounded: data beyond RCV.NXT waits for the gap to be
// filled, and the receive window (RcvBufSize) bounds it. A peer that sends
// many overlapping segments beyond the gap (each starting one byte after
// the last, each as long as an MSS) must not make the stack keep a copy of
// every one: the memory kept stays about one window, not segments × MSS.
func TestOutOfOrderDataIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, port, c, iss := established(t)
		payload := make([]byte, 1400)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		const n = 8000 // 8,000 × 1,400 bytes = 11 MB, if each were kept
		for i := range n {
			send(t, port, peer(1001+1+uint32(i)*8, iss+1, camptest.TCPSegment{Payload: payload}))
			if i%256 == 255 {
				port.Frames() // the ACKs: not the stack's memory
				synctest.Wait()
			}
		}
		synctest.Wait()
		port.Frames()
		runtime.GC()
		runtime.ReadMemStats(&after)
		grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
		t.Logf("heap grew by %d KB for %d overlapping out-of-order segments", grown>>10, n)
		assert.Less(t, grown, int64(2*tcp.RcvBufSize), "out-of-order data is bounded by the window, not by the segments sent")

		// The gap filled, the data is there once, in order.
		send(t, port, peer(1001, iss+1, camptest.TCPSegment{Payload: []byte{'x'}}))
		synctest.Wait()
		got := make([]byte, 0, tcp.RcvBufSize)
		buf := make([]byte, 4096)
		c.SetReadDeadline(time.Now().Add(time.Second))
		for {
			k, err := c.Read(buf)
			got = append(got, buf[:k]...)
			if err != nil {
				break
			}
		}
		require.NotEmpty(t, got, "the byte that filled the gap, then the rest, can be read")
		assert.Equal(t, byte('x'), got[0], "the first byte read is the one that filled the gap")
		assert.LessOrEqual(t, len(got), tcp.RcvBufSize, "no more than a receive buffer of data")
	})
}
