//camp:file 6

package tcp_test

import (
	"encoding/binary"
	"net"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
)

// Loss recovery on the wire (sack.go, prr.go), scripted: the test plays a
// receiver that offers SACK (no timestamps), loses the segments it chooses
// and answers with the exact ACKs and SACK blocks a receiver would send,
// and checks what the stack sends back, and when, in fake time.

// recoveryMSS is the MSS the scripted receiver offers: small segments keep
// the sequence numbers readable.
const recoveryMSS = 1000

// sackPeer is the scripted receiver of a connection on which the stack
// sends.
type sackPeer struct {
	t    *testing.T
	h    *host.Host
	port *camptest.Port
	conn net.Conn // the stack's end
	una  uint32   // the first byte of the stack's data (its ISN + 1)
	rtt  time.Duration
}

// newSACKPeer opens a connection from the peer to the stack's listener,
// offering SACK and an MSS of recoveryMSS, and answering each segment of
// the handshake after rtt, so that the stack's SRTT starts at rtt.
func newSACKPeer(t *testing.T, rtt time.Duration) *sackPeer {
	t.Helper()
	link := device.NewLink()
	h := camptest.NewHost(t, host.Options{}) // Day 6's defaults: SACK, 200 ms minimum RTO
	camptest.AddEthernet(t, h, link, usMAC, usIP+"/24")
	h.ARP.AddStatic(h.Stack.Device("net1"), netip.MustParseAddr(peerIP), ethernet.MustParseMAC(peerMAC))
	p := &sackPeer{t: t, h: h, port: camptest.NewPort(t, link), rtt: rtt}
	camptest.Start(t, h.Stack)
	ln, err := h.Listen("tcp", ":80")
	require.NoError(t, err)
	p.sendTCP(&layers.TCP{Seq: 1000, SYN: true, Options: []layers.TCPOption{
		{OptionType: layers.TCPOptionKindMSS, OptionLength: 4, OptionData: []byte{recoveryMSS >> 8, recoveryMSS & 0xff}},
		{OptionType: layers.TCPOptionKindSACKPermitted, OptionLength: 2},
	}})
	segs := answers(t, p.port)
	require.Len(t, segs, 1, "the listener answers the SYN")
	require.Equal(t, "SYN|ACK", flags(segs[0]))
	sackOK := false
	for _, o := range segs[0].Options {
		sackOK = sackOK || o.OptionType == layers.TCPOptionKindSACKPermitted
	}
	require.True(t, sackOK, "the SYN|ACK offers SACK (sackOK): the connection uses it")
	p.una = segs[0].Seq + 1
	time.Sleep(rtt)
	p.ack(p.una)
	p.conn = accept(t, ln)
	return p
}

// sendTCP puts a segment from the peer (port 40000, next byte 1001) on
// the link.
func (p *sackPeer) sendTCP(s *layers.TCP) {
	p.t.Helper()
	s.SrcPort, s.DstPort, s.Window = 40000, 80, 65535
	if !s.SYN {
		s.Seq, s.ACK = 1001, true
	}
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolTCP,
		SrcIP: netip.MustParseAddr(peerIP).AsSlice(), DstIP: netip.MustParseAddr(usIP).AsSlice()}
	require.NoError(p.t, s.SetNetworkLayerForChecksum(ip))
	p.port.Send(p.t, camptest.EtherFrame(p.t, peerMAC, usMAC, layers.EthernetTypeIPv4, ip, s))
}

// ack sends an ACK of everything before ack (an offset from the stack's
// first byte is added by the caller), with SACK blocks of [left, right)
// pairs, most recent first as RFC 2018 asks.
func (p *sackPeer) ack(ack uint32, blocks ...[2]uint32) {
	p.t.Helper()
	s := &layers.TCP{Ack: ack}
	if len(blocks) > 0 {
		data := make([]byte, 0, 8*len(blocks))
		for _, b := range blocks {
			data = binary.BigEndian.AppendUint32(data, b[0])
			data = binary.BigEndian.AppendUint32(data, b[1])
		}
		s.Options = []layers.TCPOption{{OptionType: layers.TCPOptionKindNop}, {OptionType: layers.TCPOptionKindNop},
			{OptionType: layers.TCPOptionKindSACK, OptionLength: uint8(2 + len(data)), OptionData: data}}
	}
	p.sendTCP(s)
}

// seg returns the first sequence number of the stack's segment number i
// (from 1), each recoveryMSS long.
func (p *sackPeer) seg(i int) uint32 { return p.una + uint32(i-1)*recoveryMSS }

// data returns the segment numbers (from 1) of the data segments the stack
// sent since the last call, in the order sent.
func (p *sackPeer) data() []int {
	p.t.Helper()
	var got []int
	for _, s := range answers(p.t, p.port) {
		if len(s.Payload) > 0 {
			assert.Equal(p.t, recoveryMSS, len(s.Payload), "a data segment of segment %d is one MSS", int(s.Seq-p.una)/recoveryMSS+1)
			got = append(got, int(s.Seq-p.una)/recoveryMSS+1)
		}
	}
	return got
}

// write has the stack's program write n segments' worth at once.
func (p *sackPeer) write(n int) {
	p.t.Helper()
	_, err := p.conn.Write(make([]byte, n*recoveryMSS))
	require.NoError(p.t, err)
}

// span is the range the segments from i to j (included) cover.
func (p *sackPeer) span(i, j int) [2]uint32 { return [2]uint32{p.seg(i), p.seg(j + 1)} }

// TestBurstLossIsRepairedInOneRoundTrip: the first four segments of a
// ten-segment window are lost (a burst, as when a GSO segment is dropped
// whole). The ACKs of the segments after them carry SACK blocks, and the
// stack sends all four again in answer to them, within the round trip,
// with no timer; when the repairs are acknowledged, cwnd is half the
// window it had (ssthresh), not one segment.
func TestBurstLossIsRepairedInOneRoundTrip(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rtt = 10 * time.Millisecond
		p := newSACKPeer(t, rtt)
		p.write(40)
		require.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, p.data(), "the initial window: ten segments (RFC 6928)")
		start := time.Now()
		time.Sleep(rtt)
		// Segments 1 to 4 are lost; 5 to 10 arrive, one ACK each.
		var repairs, fresh []int
		for j := 5; j <= 10; j++ {
			p.ack(p.seg(1), p.span(5, j))
			for _, s := range p.data() {
				if s <= 10 {
					repairs = append(repairs, s)
				} else {
					fresh = append(fresh, s)
				}
			}
		}
		assert.Equal(t, []int{1, 2, 3, 4}, repairs, "every segment of the burst is sent again, once, in answer to the SACKs")
		assert.Equal(t, time.Duration(0), time.Since(start)-rtt, "the repairs left with the ACKs: no timer ran")
		assert.Zero(t, p.h.TCP.Stats().Timeouts, "Stats().Timeouts")
		assert.Equal(t, uint64(1), p.h.TCP.Stats().SACKRecoveries, "Stats().SACKRecoveries: one recovery for the burst")

		// The repairs arrive: everything up to the new data is in.
		time.Sleep(rtt)
		p.ack(p.seg(11))
		flight := p.data()
		require.NotEmpty(t, flight, "new data follows the recovery")
		for _, s := range fresh {
			flight = append(flight, s)
		}
		// ssthresh is half the flight when the loss was found (ten
		// segments); the recovery ends with cwnd = ssthresh (RFC 6937).
		assert.Len(t, flight, 5, "segments in flight after the recovery: cwnd is ssthresh, half the ten-segment window (sent %v)", flight)
	})
}

// TestHoleWithFewSACKsIsRepairedAfterTheReorderingWindow: only one segment
// follows a lost one, too few for RFC 6675's three duplicate ACKs. RACK
// (RFC 8985 §6.2) takes the hole as lost once a quarter of the round trip
// has passed since the SACK showed it: the stack sends it again then,
// long before the tail loss probe (two round trips) or the retransmission
// timer (200 ms).
func TestHoleWithFewSACKsIsRepairedAfterTheReorderingWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rtt = 20 * time.Millisecond
		p := newSACKPeer(t, rtt)
		p.write(10)
		require.Len(t, p.data(), 10, "the initial window, all the data")
		time.Sleep(rtt)
		// Segment 9 is lost; 10 arrives after it.
		p.ack(p.seg(9))
		p.ack(p.seg(9), p.span(10, 10))
		assert.Empty(t, p.data(), "a single SACK above the hole: it may be reordering, nothing is sent at once")
		sacked := time.Now()
		var resent time.Duration
		for range 100 {
			time.Sleep(250 * time.Microsecond)
			if got := p.data(); len(got) > 0 {
				assert.Equal(t, []int{9}, got, "the hole, sent again")
				resent = time.Since(sacked)
				break
			}
		}
		require.NotZero(t, resent, "segment 9 is sent again within 25 ms")
		assert.LessOrEqual(t, resent, rtt/4+250*time.Microsecond, "sent again once the reordering window (SRTT/4 = %v) is over, not after a probe timeout (2·SRTT + 2 ms)", rtt/4)
		assert.GreaterOrEqual(t, resent, rtt/4, "not before the reordering window is over")
		st := p.h.TCP.Stats()
		assert.Zero(t, st.LossProbes, "Stats().LossProbes")
		assert.Zero(t, st.Timeouts, "Stats().Timeouts")
	})
}

// TestPRRSpreadsTheReductionOverTheACKs: one segment of a twenty-segment
// window is lost, and the nineteen after it arrive, one ACK each. The
// recovery halves the window (ssthresh = 10 segments). RFC 6675 alone
// would set cwnd to 10 at once and, pipe being 17 segments, fall silent
// for seven ACKs, then send one segment per ACK. PRR (RFC 6937) sends in
// proportion to what the ACKs report delivered, ssthresh/RecoverFS = one
// segment for two, from the first ACK of the recovery: the ACK clock
// keeps running at half the rate, and the recovery sends ssthresh in all.
func TestPRRSpreadsTheReductionOverTheACKs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rtt = 10 * time.Millisecond
		p := newSACKPeer(t, rtt)
		p.write(80)
		require.Len(t, p.data(), 10, "the initial window")
		time.Sleep(rtt)
		// Slow start: each ACK of a segment lets two more go, so twenty
		// segments (11 to 30) are in flight after the ten ACKs.
		var flight []int
		for j := 1; j <= 10; j++ {
			p.ack(p.seg(j + 1))
			flight = append(flight, p.data()...)
		}
		require.Len(t, flight, 20, "slow start doubled the window: twenty segments in flight (%v)", flight)
		time.Sleep(rtt)
		// Segment 11 is lost; 12 to 30 arrive.
		var perACK [][]int
		for j := 12; j <= 30; j++ {
			p.ack(p.seg(11), p.span(12, j))
			perACK = append(perACK, p.data())
		}
		t.Logf("sent in answer to the ACKs of segments 12 to 30: %v", perACK)
		require.Empty(t, perACK[0], "the first duplicate ACK: no recovery yet")
		require.Empty(t, perACK[1], "the second: no recovery yet")
		require.NotEmpty(t, perACK[2], "the third duplicate ACK starts the recovery (more than two segments SACKed above the hole)")
		assert.Equal(t, 11, perACK[2][0], "and the lost segment goes first, at once")
		sent, answered := 0, 0
		for i, s := range perACK[2:] {
			assert.LessOrEqual(t, len(s), 1, "at most one segment in answer to an ACK that delivered one: the reduction is spread (ACK %d: %v)", i+3, s)
			sent += len(s)
			if i > 0 && i <= 7 && len(s) > 0 {
				answered++
			}
		}
		assert.GreaterOrEqual(t, answered, 3, "new data goes out within the seven ACKs after the repair, one segment for two delivered, where RFC 6675 alone would wait for pipe to fall to ssthresh (%v)", perACK)
		assert.InDelta(t, 10, sent, 1, "the recovery sends about ssthresh in all, half the window: the repair and new data (%v)", perACK)
	})
}

// TestLostRepairIsSentAgainWithoutATimeout: the repair of a lost segment
// is lost too. The ACKs of the new data sent after the repair go on
// coming, and once the repair is older than a round trip and a quarter
// (sack.go, repairWindow), its segment counts as lost again and is sent
// a third time: no wait for the 200 ms retransmission timer.
func TestLostRepairIsSentAgainWithoutATimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rtt = 10 * time.Millisecond
		p := newSACKPeer(t, rtt)
		p.write(40)
		require.Len(t, p.data(), 10, "the initial window")
		time.Sleep(rtt)
		// Segment 1 is lost; 2 to 10 arrive.
		var sent []int
		for j := 2; j <= 10; j++ {
			p.ack(p.seg(1), p.span(2, j))
			sent = append(sent, p.data()...)
		}
		require.Contains(t, sent, 1, "segment 1 is repaired")
		repaired := time.Now()
		// The repair is lost; the new data sent with it arrives a round
		// trip later, and then more, every 2 ms.
		time.Sleep(rtt)
		highest := 10
		for _, s := range sent {
			highest = max(highest, s)
		}
		var again time.Duration
		for k := 0; k < 50 && again == 0; k++ {
			p.ack(p.seg(1), p.span(2, highest))
			for _, s := range p.data() {
				if s == 1 {
					again = time.Since(repaired)
				}
				highest = max(highest, s)
			}
			time.Sleep(2 * time.Millisecond)
		}
		require.NotZero(t, again, "segment 1 is sent a third time")
		assert.Less(t, again, 2*rtt, "the lost repair is found by the ACKs that follow it, after about a round trip and a quarter (%v), not by the retransmission timer (200 ms)", again)
		st := p.h.TCP.Stats()
		assert.Zero(t, st.Timeouts, "Stats().Timeouts")
		assert.Equal(t, uint64(1), st.LostRetransmits, "Stats().LostRetransmits: one repair sent again")
	})
}
