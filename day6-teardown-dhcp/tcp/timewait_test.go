// Generated from solutions/tcp/timewait_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/timewait_test.go instead and regenerate; `course check` fails when the two drift.

package tcp_test

import (
	"context"
	"encoding/binary"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/seqnum"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/tcp"
)

// TestSYNAboveRcvNxtReopensTimeWait: the stack closed first and holds the
// connection in TIME-WAIT; the peer's new SYN from the same port, whose
// sequence number is above the old connection's last, ends the TIME-WAIT
// and opens a new connection at once (RFC 1122 §4.2.2.13), with an ISS
// above the old SND.NXT (Linux's margin, 65537). A SYN at or below the
// old RCV.NXT is answered with an ACK, as before.
func TestSYNAboveRcvNxtReopensTimeWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		c := accept(t, ln).(*tcp.Conn)
		require.NoError(t, c.Close())
		one(t, port, "our FIN")
		send(t, port, peer(1001, iss+2, fin))
		one(t, port, "the ACK of the peer's FIN")
		require.Equal(t, tcp.StateTimeWait, c.State(), "connection state")

		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 1002, SYN: true, MSS: 1460})
		old := one(t, port, "a SYN at the old RCV.NXT (1002) is answered")
		assert.Equal(t, "ACK", flags(old), "a SYN not above the old RCV.NXT gets the old connection's ACK")
		assert.Equal(t, tcp.StateTimeWait, c.State(), "and the connection stays in TIME-WAIT")

		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 900000, SYN: true, MSS: 1460})
		synAck := one(t, port, "a SYN above the old RCV.NXT is answered")
		assert.Equal(t, "SYN|ACK", flags(synAck), "it opens a new connection")
		assert.Equal(t, uint32(900001), synAck.Ack, "SEG.ACK of the SYN+ACK")
		assert.Equal(t, seqnum.Value(iss+2).Add(65537), seqnum.Value(synAck.Seq), "the new ISS: the old SND.NXT plus 65537")
		assert.Equal(t, tcp.StateClosed, c.State(), "the old connection's TIME-WAIT ended")

		send(t, port, camptest.TCPSegment{SrcPort: 40000, DstPort: 80, Seq: 900001, Ack: synAck.Seq + 1, ACK: true, Payload: []byte("again")})
		answers(t, port)
		again := accept(t, ln)
		defer again.Close()
		buf := make([]byte, 10)
		n, err := again.Read(buf)
		require.NoError(t, err)
		assert.Equal(t, "again", string(buf[:n]), "the new connection's data")
	})
}

// TestClientReusingAPortInTimeWaitConnectsOnItsFirstSYN: two stacks; the
// server closes first each time, so it holds the connection in TIME-WAIT,
// and the client connects again from the same port a second later. Each
// new SYN (above the old, by the ISN clock, and with a newer timestamp)
// reopens the connection: no retransmitted SYN, no reset, no delay.
func TestClientReusingAPortInTimeWaitConnectsOnItsFirstSYN(t *testing.T) {
	for _, opts := range []tcp.Options{{}, {NoTimestamps: true}} {
		t.Run(map[bool]string{false: "timestamps", true: "no timestamps"}[opts.NoTimestamps], func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				a, b := pair(t, device.NewLink())
				ln, err := b.Listen("tcp", ":7")
				require.NoError(t, err)
				laddr := &net.TCPAddr{IP: net.IPv4(192, 0, 2, 10), Port: 5555}
				raddr := &net.TCPAddr{IP: net.IPv4(192, 0, 2, 11), Port: 7}
				for i := range 5 {
					ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
					start := time.Now()
					c, err := a.TCP.DialContext(ctx, "tcp", laddr, raddr)
					cancel()
					require.NoError(t, err, "connection %d from port 5555", i+1)
					assert.Zero(t, time.Since(start), "connection %d: the first SYN gets in", i+1)
					server := accept(t, ln)
					var client net.Conn = c
					transfer(t, client, server, 10000)
					require.NoError(t, server.Close()) // the server closes first: its side waits
					synctest.Wait()
					require.NoError(t, client.Close())
					synctest.Wait()
					require.Equal(t, tcp.StateClosed, client.(*tcp.Conn).State(), "the client's side, closed second, is gone")
					time.Sleep(time.Second)
				}
				assert.Zero(t, a.TCP.Stats().RetransSegs, "the client sent no SYN twice")
				assert.Zero(t, a.TCP.Stats().OutRsts, "the client reset nothing")
			})
		})
	}
}

// sendTS puts a segment from the peer (192.0.2.1:40000 to port 80) on the
// link with a Timestamps option: TSval val, TSecr ecr.
func sendTS(t *testing.T, port *camptest.Port, seq, ack uint32, syn, fin bool, val, ecr uint32) {
	t.Helper()
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolTCP,
		SrcIP: net.ParseIP(peerIP).To4(), DstIP: net.ParseIP(usIP).To4()}
	ts := make([]byte, 8)
	binary.BigEndian.PutUint32(ts, val)
	binary.BigEndian.PutUint32(ts[4:], ecr)
	seg := &layers.TCP{SrcPort: 40000, DstPort: 80, Seq: seq, Ack: ack, SYN: syn, FIN: fin, ACK: !syn, Window: 65535,
		Options: []layers.TCPOption{{OptionType: layers.TCPOptionKindTimestamps, OptionLength: 10, OptionData: ts}}}
	require.NoError(t, seg.SetNetworkLayerForChecksum(ip))
	port.Send(t, camptest.EtherFrame(t, peerMAC, usMAC, layers.EthernetTypeIPv4, ip, seg))
}

// tsVal returns the TSval of a segment the stack sent.
func tsVal(t *testing.T, s *layers.TCP) uint32 {
	t.Helper()
	for _, o := range s.Options {
		if o.OptionType == layers.TCPOptionKindTimestamps && len(o.OptionData) == 8 {
			return binary.BigEndian.Uint32(o.OptionData)
		}
	}
	t.Fatalf("the stack's %s segment carries no timestamps", flags(s))
	return 0
}

// TestNewerTimestampReopensTimeWait: with timestamps (RFC 6191), a SYN
// whose TSval is newer than the old connection's last reopens it from
// TIME-WAIT even below the old RCV.NXT; one whose TSval is older is an old
// duplicate (PAWS) and gets the ACK.
func TestNewerTimestampReopensTimeWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		ln, err := h.Listen("tcp", ":80")
		require.NoError(t, err)
		sendTS(t, port, 1000, 0, true, false, 100, 0)
		synAck := one(t, port, "the SYN with timestamps is answered")
		require.Equal(t, "SYN|ACK", flags(synAck))
		sendTS(t, port, 1001, synAck.Seq+1, false, false, 101, tsVal(t, synAck))
		c := accept(t, ln).(*tcp.Conn)
		require.NoError(t, c.Close())
		finSeg := one(t, port, "our FIN")
		sendTS(t, port, 1001, synAck.Seq+2, false, true, 102, tsVal(t, finSeg))
		one(t, port, "the ACK of the peer's FIN")
		require.Equal(t, tcp.StateTimeWait, c.State(), "connection state")

		sendTS(t, port, 500, 0, true, false, 50, 0)
		old := one(t, port, "a SYN below the old RCV.NXT with an older TSval (50 < 102) is answered")
		assert.Equal(t, "ACK", flags(old), "an old duplicate SYN gets the old connection's ACK")
		assert.Equal(t, tcp.StateTimeWait, c.State(), "and the connection stays in TIME-WAIT")

		sendTS(t, port, 500, 0, true, false, 200, 0)
		reopened := one(t, port, "a SYN below the old RCV.NXT with a newer TSval (200 > 102) is answered")
		assert.Equal(t, "SYN|ACK", flags(reopened), "RFC 6191: the newer TSval reopens the connection")
		assert.Equal(t, uint32(501), reopened.Ack, "SEG.ACK of the SYN+ACK")
		assert.Equal(t, seqnum.Value(synAck.Seq+2).Add(65537), seqnum.Value(reopened.Seq), "the new ISS: the old SND.NXT plus 65537")
	})
}
