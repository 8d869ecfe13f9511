//camp:file 6

package tcp_test

import (
	"context"
	"math/rand/v2"
	"net"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/tcp"
)

// floodSYNs sends n SYNs to port 80 from the peer's address and n distinct
// random source ports, in batches that the device's receive ring holds,
// and returns the SYN+ACKs the stack answered with, by port.
func floodSYNs(t *testing.T, port *camptest.Port, n int, rng *rand.Rand) map[uint16]int {
	t.Helper()
	srcPorts := rng.Perm(65536 - 1024)[:n]
	answered := map[uint16]int{}
	for i, p := range srcPorts {
		send(t, port, camptest.TCPSegment{SrcPort: uint16(1024 + p), DstPort: 80, Seq: rng.Uint32(), SYN: true, MSS: 1460})
		if i%256 == 255 || i == n-1 {
			for _, s := range answers(t, port) {
				if s.SYN && s.ACK {
					answered[uint16(s.DstPort)]++
				}
			}
		}
	}
	return answered
}

// TestSYNFloodWithoutCookiesIsBoundedAndARealClientGetsIn: with SYN
// cookies off (tcp_syncookies=0), 10,000 SYNs from random ports of an
// address that never answers hold at most the backlog (128) of half-open
// connections; the rest are dropped and counted. A real client that
// connects during the flood gets in once the flood's half-open
// connections are stale (their SYN+ACK unanswered for an RTO): its second
// SYN, one second after its first, takes the place of one of them.
func TestSYNFloodWithoutCookiesIsBoundedAndARealClientGetsIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		h := camptest.NewHost(t, host.Options{TCP: tcp.Options{NoSYNCookies: true}})
		camptest.AddEthernet(t, h, link, usMAC, usIP+"/24")
		h.ARP.AddStatic(h.Stack.Device("net1"), netip.MustParseAddr(peerIP), ethernet.MustParseMAC(peerMAC))
		port := camptest.NewPort(t, link)
		camptest.Start(t, h.Stack)
		ln, err := h.Listen("tcp", ":80")
		require.NoError(t, err)
		client := camptest.NewHost(t, host.Options{})
		camptest.AddEthernet(t, client, link, "02:00:00:00:00:0c", "192.0.2.12/24")
		camptest.Start(t, client.Stack)

		const flood = 10000
		answered := floodSYNs(t, port, flood, rand.New(rand.NewPCG(1, 2)))
		assert.Len(t, answered, tcp.DefaultBacklog, "the stack answers as many SYNs as its backlog holds, no more")
		assert.Equal(t, uint64(flood-tcp.DefaultBacklog), h.TCP.Stats().ListenDrops, "every other SYN is dropped and counted")

		time.Sleep(100 * time.Millisecond)
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		c, err := client.DialContext(ctx, "tcp", "192.0.2.2:80")
		require.NoError(t, err, "a real client connects despite the flood")
		defer c.Close()
		assert.Equal(t, time.Second, time.Since(start), "its second SYN, after the first RTO, gets in")
		s := accept(t, ln)
		defer s.Close()
		transfer(t, c, s, 64<<10)

		// The flood's state does not outlive the SYN+ACK retransmissions:
		// a minute later, every half-open connection gave up.
		time.Sleep(2 * time.Minute)
		port.Frames()
		before := h.TCP.Stats().OutSegs
		time.Sleep(time.Minute)
		assert.Equal(t, before, h.TCP.Stats().OutSegs, "nothing of the flood is still being retransmitted")
	})
}

// TestBacklogBoundsUnacceptedConnections: connections established but not
// accepted fill the backlog too; they are never dropped to make room (the
// program is slow, nobody lies), so a new SYN is dropped and counted.
func TestBacklogBoundsUnacceptedConnections(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		ln, err := h.TCP.Listen("tcp", &net.TCPAddr{Port: 80}, 4)
		require.NoError(t, err)
		for i := range 4 {
			p := uint16(41000 + i)
			send(t, port, camptest.TCPSegment{SrcPort: p, DstPort: 80, Seq: 1000, SYN: true})
			synAck := one(t, port, "room in the backlog: SYN+ACK")
			send(t, port, camptest.TCPSegment{SrcPort: p, DstPort: 80, Seq: 1001, Ack: synAck.Seq + 1, ACK: true})
		}
		assert.Empty(t, answers(t, port))
		time.Sleep(10 * time.Second) // long after any RTO
		send(t, port, camptest.TCPSegment{SrcPort: 42000, DstPort: 80, Seq: 1000, SYN: true})
		assert.Empty(t, answers(t, port), "the backlog is full of connections waiting for Accept: the SYN is dropped")
		assert.Equal(t, uint64(1), h.TCP.Stats().ListenDrops, "Stats().ListenDrops")

		c := accept(t, ln)
		defer c.Close()
		send(t, port, camptest.TCPSegment{SrcPort: 42000, DstPort: 80, Seq: 1000, SYN: true})
		s := one(t, port, "Accept made room: the SYN sent again is answered")
		assert.Equal(t, "SYN|ACK", flags(s))
	})
}
