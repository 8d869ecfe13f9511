// Generated from solutions/tcp/mistakes_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/tcp/mistakes_test.go instead and regenerate; `course check` fails when the two drift.

package tcp_test

import (
	"context"
	"io"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day5-tcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day5-tcp/tcp"
	"github.com/go-tcpip-camp/camp/day5-tcp/todo"
)

// Tests for Day 5's common mistakes (the "Common mistakes" section of
// docs/day5-tcp.md): each one catches, in a second or less of real time,
// a bug that a learner is likely to write and that the bigger tests miss
// or catch only with the full-size transfers. They play the peer, as
// script_test.go does: 192.0.2.1, port 40000, ISN 1000.

// seg is a segment from the peer's port 40000 to the stack's port 80.
func seg(seq, ack uint32, s camptest.TCPSegment) camptest.TCPSegment {
	s.SrcPort, s.DstPort, s.Seq, s.Ack, s.ACK = 40000, 80, seq, ack, true
	return s
}

// only waits for the stack's answer and requires exactly one segment.
func only(t *testing.T, port *camptest.Port, msg string) *layers.TCP {
	t.Helper()
	segs := answers(t, port)
	require.Len(t, segs, 1, msg)
	return segs[0]
}

func TestFINIsAcknowledgedOnAPassiveClose(t *testing.T) {
	todo.Covers(t, 5, "tcp-fin")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln).(*tcp.Conn)
		send(t, port, seg(1001, iss+1, camptest.TCPSegment{FIN: true}))
		a := only(t, port, "the stack answers the peer's FIN")
		assert.Equal(t, "ACK", flags(a), "flags of the answer to the FIN")
		assert.Equal(t, uint32(1002), a.Ack,
			"ACK field: the FIN at SEQ 1001 takes one sequence number, so RCV.NXT becomes 1002 and the ACK says so")
		assert.Equal(t, tcp.StateCloseWait, c.State(), "state after the peer's FIN in ESTABLISHED")
		c.SetReadDeadline(time.Now().Add(time.Second))
		_, err := c.Read(make([]byte, 10))
		assert.ErrorIs(t, err, io.EOF, "Read after the peer's FIN")
	})
}

func TestFINIsAcknowledgedOnAnActiveClose(t *testing.T) {
	todo.Covers(t, 5, "tcp-fin")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln).(*tcp.Conn)
		require.NoError(t, c.Close())
		f := only(t, port, "Close sends a FIN")
		require.True(t, f.FIN, "FIN flag of the segment Close sends (flags %s)", flags(f))
		require.Equal(t, iss+1, f.Seq, "SEQ of our FIN")
		// The peer acknowledges our FIN (FIN-WAIT-2), then sends its own.
		send(t, port, seg(1001, iss+2, camptest.TCPSegment{}))
		assert.Empty(t, answers(t, port), "nothing answers the ACK of our FIN")
		send(t, port, seg(1001, iss+2, camptest.TCPSegment{FIN: true}))
		a := only(t, port, "the stack acknowledges the peer's FIN in FIN-WAIT-2")
		assert.Equal(t, "ACK", flags(a), "flags of the answer to the FIN")
		assert.Equal(t, uint32(1002), a.Ack,
			"ACK field: the peer's FIN at SEQ 1001 is acknowledged with 1002; an ACK of 1001 leaves the peer in LAST-ACK, sending its FIN again")
	})
}

// A late ACK (sent before the last one, delivered after it) carries an old
// window. RFC 9293 §3.10.7.4: update the send window only if SND.WL1 <
// SEG.SEQ, or SND.WL1 = SEG.SEQ and SND.WL2 ≤ SEG.ACK.
func TestStaleACKDoesNotChangeTheWindow(t *testing.T) {
	todo.Covers(t, 5, "tcp-ack")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln)
		_, err := c.Write([]byte("first"))
		require.NoError(t, err)
		require.Equal(t, "first", string(only(t, port, "the first write goes out").Payload))
		// The peer acknowledges it: SND.WL1 = 1001, SND.WL2 = ISS+6.
		send(t, port, seg(1001, iss+6, camptest.TCPSegment{Window: 65535}))
		assert.Empty(t, answers(t, port), "nothing answers a pure ACK")
		// An older ACK of the peer, delayed in the network: SEG.SEQ = WL1 but
		// SEG.ACK = ISS+1 < WL2, and a window of 0 from before.
		sendRaw(t, port, seg(1001, iss+1, camptest.TCPSegment{Window: 0}))
		answers(t, port)
		_, err = c.Write([]byte("second"))
		require.NoError(t, err)
		segs := answers(t, port)
		require.Len(t, segs, 1,
			"the second write goes out at once: the stale ACK (SEG.ACK ISS+1 < SND.WL2 ISS+6) must not set SND.WND to 0")
		assert.Equal(t, "second", string(segs[0].Payload), "payload of the second segment")
		assert.Equal(t, iss+6, segs[0].Seq, "SEQ of the second segment")
	})
}

// RFC 6298 §2 with three samples. The stack times its SYN+ACK and one
// data segment at a time; the peer answers each after a chosen delay.
func TestRTOFromSeveralSamples(t *testing.T) {
	todo.Covers(t, 5, "tcp-rto")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		ln, err := h.Listen("tcp", ":80")
		require.NoError(t, err)
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1000, SYN: true, MSS: 1460})
		iss := only(t, port, "the SYN+ACK").Seq
		// R1 = 900 ms: SRTT = 900 ms, RTTVAR = 450 ms (RTO 2.7 s).
		time.Sleep(900 * time.Millisecond)
		send(t, port, seg(1001, iss+1, camptest.TCPSegment{}))
		c := accept(t, ln)
		next := iss + 1
		for _, r := range []time.Duration{100 * time.Millisecond, 300 * time.Millisecond} {
			_, err := c.Write([]byte("x"))
			require.NoError(t, err)
			require.Len(t, answers(t, port), 1, "one byte goes out")
			time.Sleep(r)
			next++
			send(t, port, seg(1001, next, camptest.TCPSegment{}))
			require.Empty(t, answers(t, port), "nothing answers a pure ACK")
		}
		// R2 = 100 ms: RTTVAR = 3/4·450 + 1/4·|900 − 100| = 537.5 ms, then
		//              SRTT   = 7/8·900 + 1/8·100        = 800 ms.
		// R3 = 300 ms: RTTVAR = 3/4·537.5 + 1/4·|800 − 300| = 528.125 ms,
		//              SRTT   = 7/8·800 + 1/8·300          = 737.5 ms.
		// RTO = SRTT + 4·RTTVAR = 737.5 + 2112.5 = 2850 ms.
		// (SRTT updated before RTTVAR gives 2712.5 ms.)
		const rto = 2850 * time.Millisecond
		_, err = c.Write([]byte("timed"))
		require.NoError(t, err)
		require.Len(t, answers(t, port), 1, "the data goes out")
		time.Sleep(rto - time.Millisecond)
		assert.Empty(t, answers(t, port),
			"no retransmission before the RTO: after samples of 900, 100 and 300 ms, RTO = SRTT 737.5 ms + 4·RTTVAR 528.125 ms = 2.85 s")
		time.Sleep(time.Millisecond)
		segs := answers(t, port)
		require.Len(t, segs, 1, "the retransmission exactly at the RTO of 2.85 s")
		assert.Equal(t, "timed", string(segs[0].Payload), "payload of the retransmission")
	})
}

// A LAN's round trip is far below a second, and in a synctest bubble it is
// 0: the RTO must still be at least MinRTO (RFC 6298 §2.4).
func TestRTOIsAtLeastMinRTO(t *testing.T) {
	todo.Covers(t, 5, "tcp-rto")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln)
		_, err := c.Write([]byte("x"))
		require.NoError(t, err)
		require.Len(t, answers(t, port), 1, "one byte goes out")
		time.Sleep(time.Millisecond)
		send(t, port, seg(1001, iss+2, camptest.TCPSegment{}))
		_, err = c.Write([]byte("timed"))
		require.NoError(t, err)
		require.Len(t, answers(t, port), 1, "the data goes out")
		time.Sleep(tcp.MinRTO - time.Millisecond)
		assert.Empty(t, answers(t, port),
			"no retransmission before MinRTO (1 s): round trips of 0 and 1 ms make SRTT + 4·RTTVAR far smaller, and the clamp holds it at MinRTO")
		time.Sleep(time.Millisecond)
		assert.Len(t, answers(t, port), 1, "the retransmission at MinRTO")
	})
}

func TestResetForANewSYNAcknowledgesIt(t *testing.T) {
	todo.Covers(t, 5, "tcp-closed-rst")
	synctest.Test(t, func(t *testing.T) {
		_, port := scripted(t)
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 81, Seq: 1000, SYN: true, Payload: []byte("early")})
		r := only(t, port, "a SYN to a closed port is answered")
		assert.Equal(t, "RST|ACK", flags(r), "flags of the reset for a segment without ACK")
		assert.Equal(t, uint32(0), r.Seq, "SEQ of the reset")
		assert.Equal(t, uint32(1006), r.Ack, "ACK field = SEG.SEQ + SEG.LEN: 1000 + 1 for the SYN + 5 bytes of data")
	})
}

func TestSYNACKIsRetransmitted(t *testing.T) {
	todo.Covers(t, 5, "tcp-listen")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		_, err := h.Listen("tcp", ":80")
		require.NoError(t, err)
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1000, SYN: true, MSS: 1460})
		first := only(t, port, "the listener answers the SYN")
		// The SYN+ACK is lost: the peer never answers.
		time.Sleep(tcp.InitialRTO)
		again := only(t, port, "the SYN+ACK is sent again after the initial RTO (1 s): SYN-RECEIVED's timer")
		assert.Equal(t, "SYN|ACK", flags(again), "flags of the retransmission")
		assert.Equal(t, first.Seq, again.Seq, "SEQ of the retransmitted SYN+ACK (the same ISS)")
	})
}

// dialing starts a dial from the stack to the peer and returns the SYN
// and the dial's result, which arrives later.
func dialing(t *testing.T, port *camptest.Port, dial func(context.Context) error) (*layers.TCP, <-chan error) {
	t.Helper()
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	go func() { done <- dial(ctx) }()
	syn := only(t, port, "the dial sends a SYN")
	require.Equal(t, "SYN", flags(syn), "flags of the dial's first segment")
	return syn, done
}

func TestRSTWithAWrongACKDoesNotRefuse(t *testing.T) {
	todo.Covers(t, 5, "tcp-syn-sent")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		syn, done := dialing(t, port, func(ctx context.Context) error {
			_, err := h.DialContext(ctx, "tcp", peerIP+":80") // the stack's Close ends the connection
			return err
		})
		local := uint16(syn.SrcPort)
		// A forged reset whose ACK does not acknowledge our SYN.
		sendRaw(t, port, camptest.TCPSegment{SrcPort: 80, DstPort: local, Seq: 5000, Ack: syn.Seq + 1000, ACK: true, RST: true})
		assert.Empty(t, answers(t, port), "a RST is never answered")
		select {
		case err := <-done:
			t.Fatalf("the dial ended on a RST whose ACK (ISS+1000) is not ISS+1: %v", err)
		default:
		}
		// The real answer.
		send(t, port, camptest.TCPSegment{SrcPort: 80, DstPort: local, Seq: 7000, Ack: syn.Seq + 1, SYN: true, ACK: true, MSS: 1460})
		a := only(t, port, "the stack acknowledges the SYN+ACK")
		assert.Equal(t, uint32(7001), a.Ack, "ACK field of the handshake's last segment")
		require.NoError(t, <-done, "the dial succeeds after the real SYN+ACK")
	})
}

func TestRSTWithTheRightACKRefuses(t *testing.T) {
	todo.Covers(t, 5, "tcp-syn-sent")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		syn, done := dialing(t, port, func(ctx context.Context) error {
			_, err := h.DialContext(ctx, "tcp", peerIP+":80") // the stack's Close ends the connection
			return err
		})
		sendRaw(t, port, camptest.TCPSegment{SrcPort: 80, DstPort: uint16(syn.SrcPort), Ack: syn.Seq + 1, ACK: true, RST: true})
		assert.ErrorIs(t, <-done, syscall.ECONNREFUSED, "a RST|ACK acknowledging our SYN refuses the connection")
	})
}

// Sequence numbers wrap around at 2³²: a peer whose ISN is just below it
// sends data across the wrap. Compared with < instead of the seqnum helpers,
// RCV.NXT + RCV.WND wraps to a small number and nothing is acceptable.
func TestSequenceNumbersWrapAround(t *testing.T) {
	todo.Covers(t, 5, "tcp-seq-check")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		ln, err := h.Listen("tcp", ":80")
		require.NoError(t, err)
		const isn = 0xfffffff0
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: isn, SYN: true, MSS: 1460})
		synAck := only(t, port, "the listener answers the SYN")
		assert.Equal(t, uint32(isn+1), synAck.Ack, "ACK field of the SYN+ACK")
		send(t, port, seg(isn+1, synAck.Seq+1, camptest.TCPSegment{}))
		c := accept(t, ln)
		data := []byte("0123456789abcdefghijklmnopqrstuvwxyz") // 36 bytes: 0xfffffff1 … 0x14
		send(t, port, seg(isn+1, synAck.Seq+1, camptest.TCPSegment{Payload: data}))
		a := only(t, port, "the data across the wrap is acknowledged")
		assert.Equal(t, uint32(0x15), a.Ack, "ACK field: 0xfffffff1 + 36 wraps to 0x15")
		c.SetReadDeadline(time.Now().Add(time.Second))
		buf := make([]byte, 100)
		n, err := c.Read(buf)
		require.NoError(t, err, "Read")
		assert.Equal(t, string(data), string(buf[:n]), "the data read")
	})
}

func TestOutOfOrderDataIsTakenInWhenTheGapFills(t *testing.T) {
	todo.Covers(t, 5, "tcp-text")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln)
		send(t, port, seg(1004, iss+1, camptest.TCPSegment{Payload: []byte("def")}))
		assert.Equal(t, uint32(1001), only(t, port, "a duplicate ACK for the gap").Ack, "ACK field: still waiting for 1001")
		send(t, port, seg(1001, iss+1, camptest.TCPSegment{Payload: []byte("abc")}))
		assert.Equal(t, uint32(1007), only(t, port, "the gap filled").Ack,
			"ACK field: 1001–1003 arrived and 1004–1006 waited out of order, so RCV.NXT is 1007")
		c.SetReadDeadline(time.Now().Add(time.Second))
		buf := make([]byte, 10)
		n, err := c.Read(buf)
		require.NoError(t, err, "Read")
		assert.Equal(t, "abcdef", string(buf[:n]), "the data read, in order")
	})
}

func TestEachSegmentStartsAtSndNxt(t *testing.T) {
	todo.Covers(t, 5, "tcp-output")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln)
		_, err := c.Write([]byte("one"))
		require.NoError(t, err)
		a := only(t, port, "the first write goes out")
		assert.Equal(t, iss+1, a.Seq, "SEQ of the first segment")
		_, err = c.Write([]byte("two"))
		require.NoError(t, err)
		b := only(t, port, "the second write goes out, while the first is unacknowledged")
		assert.Equal(t, iss+4, b.Seq, "SEQ of the second segment: SND.NXT, after the 3 bytes in flight")
		assert.Equal(t, "two", string(b.Payload), "payload of the second segment: only what was not sent yet")
	})
}

func TestSegmentsFitThePeersWindowAndMSS(t *testing.T) {
	todo.Covers(t, 5, "tcp-output")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		ln, err := h.Listen("tcp", ":80")
		require.NoError(t, err)
		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1000, SYN: true, MSS: 500})
		iss := only(t, port, "the SYN+ACK").Seq
		sendRaw(t, port, seg(1001, iss+1, camptest.TCPSegment{Window: 1200}))
		c := accept(t, ln)
		_, err = c.Write(make([]byte, 3000))
		require.NoError(t, err)
		segs := answers(t, port)
		var lens []int
		for _, s := range segs {
			lens = append(lens, len(s.Payload))
		}
		assert.Equal(t, []int{500, 500, 200}, lens,
			"segment lengths: at most the peer's MSS (500), and 1200 bytes in all, the peer's window")
	})
}

// The retransmission timer runs from the oldest unacknowledged segment:
// writing more must not push it back.
func TestRetransmissionTimerIsNotRestartedByNewData(t *testing.T) {
	todo.Covers(t, 5, "tcp-output")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln)
		_, err := c.Write([]byte("a"))
		require.NoError(t, err)
		require.Len(t, answers(t, port), 1, "the first byte goes out")
		time.Sleep(600 * time.Millisecond)
		_, err = c.Write([]byte("b"))
		require.NoError(t, err)
		require.Len(t, answers(t, port), 1, "the second byte goes out")
		time.Sleep(400 * time.Millisecond)
		segs := answers(t, port)
		require.Len(t, segs, 1, "the first byte is retransmitted 1 s (the initial RTO) after it was sent, although more data went out since")
		assert.Equal(t, iss+1, segs[0].Seq, "SEQ of the retransmission: SND.UNA")
	})
}

// While our receive buffer is full, RCV.WND is 0 and no data is acceptable;
// but a segment without data at RCV.NXT still is (the first row of RFC 9293
// §3.10.7.4's table): it carries the peer's ACKs and window updates, and
// refusing it leaves our own data unacknowledged for ever.
func TestACKsAreTakenWhileOurWindowIsZero(t *testing.T) {
	todo.Covers(t, 5, "tcp-seq-check")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln)
		// The peer fills our receive buffer; the program reads nothing.
		seq := uint32(1001)
		var last *layers.TCP
		for sent := 0; sent < tcp.RcvBufSize; {
			for range 32 {
				n := min(1460, tcp.RcvBufSize-sent)
				if n == 0 {
					break
				}
				send(t, port, seg(seq, iss+1, camptest.TCPSegment{Payload: make([]byte, n)}))
				seq += uint32(n)
				sent += n
			}
			segs := answers(t, port)
			require.NotEmpty(t, segs, "the stack acknowledges the data (%d of %d bytes sent)", sent, tcp.RcvBufSize)
			last = segs[len(segs)-1]
		}
		require.Equal(t, seq, last.Ack, "ACK field once the receive buffer is full: all the data arrived")
		require.Equal(t, uint16(0), last.Window, "WND field once the receive buffer (RcvBufSize) is full")
		_, err := c.Write([]byte("x"))
		require.NoError(t, err)
		require.Len(t, answers(t, port), 1, "our data goes out, whatever our own window")
		send(t, port, seg(seq, iss+2, camptest.TCPSegment{Window: 65535}))
		assert.Empty(t, answers(t, port),
			"the peer's ACK (SEQ = RCV.NXT, no data) is acceptable with RCV.WND = 0, and a pure ACK is not answered")
		time.Sleep(tcp.InitialRTO + 100*time.Millisecond)
		assert.Empty(t, answers(t, port),
			"no retransmission: the peer's ACK of ISS+2 was taken, although our receive window is 0")
	})
}

// A duplicate ACK (RFC 5681 §2) carries no data and no new window: the
// peer's data segments repeat SND.UNA too, and must not trigger a fast
// retransmission.
func TestDataFromThePeerIsNotADuplicateACK(t *testing.T) {
	todo.Covers(t, 5, "tcp-ack")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln)
		_, err := c.Write([]byte("hello"))
		require.NoError(t, err)
		require.Len(t, answers(t, port), 1, "our data goes out")
		// The peer sends data of its own, before our "hello" reaches it:
		// each segment's ACK is still ISS+1, SND.UNA.
		for i, part := range []string{"one", "two", "six", "ten"} {
			send(t, port, seg(1001+uint32(3*i), iss+1, camptest.TCPSegment{Payload: []byte(part)}))
			for _, a := range answers(t, port) {
				assert.Equal(t, "", string(a.Payload),
					"no fast retransmission of %q after the peer's data segment %d (SEQ %d): a segment with data is not a duplicate ACK",
					"hello", i+1, 1001+3*i)
			}
		}
	})
}

// A segment received already, sent again because our ACK of it was lost,
// lies wholly before RCV.NXT: it is not acceptable, and the answer is an
// ACK that tells the peer where we are (RFC 9293 §3.10.7.4, first check).
func TestARetransmittedSegmentIsAcknowledgedAgain(t *testing.T) {
	todo.Covers(t, 5, "tcp-seq-check")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		accept(t, ln)
		send(t, port, seg(1001, iss+1, camptest.TCPSegment{Payload: []byte("hello")}))
		assert.Equal(t, uint32(1006), only(t, port, "the data is acknowledged").Ack, "ACK field after 5 bytes from 1001")
		// That ACK is lost: the peer sends the segment again after its RTO.
		time.Sleep(time.Second)
		send(t, port, seg(1001, iss+1, camptest.TCPSegment{Payload: []byte("hello")}))
		segs := answers(t, port)
		require.Len(t, segs, 1,
			"the retransmitted segment (SEQ 1001–1005, wholly before RCV.NXT 1006) is answered with an ACK, or the peer resends it until it gives up")
		assert.Equal(t, uint32(1006), segs[0].Ack, "ACK field of the answer")
	})
}
