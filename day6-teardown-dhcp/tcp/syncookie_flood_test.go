// Generated from solutions/tcp/syncookie_flood_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/syncookie_flood_test.go instead and regenerate; `course check` fails when the two drift.

package tcp_test

import (
	"context"
	"math/rand/v2"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/tcp"
)

// TestSYNFloodGetsCookiesAndARealClientConnectsAtOnce: 10,000 SYNs from
// random ports of an address that never answers fill the backlog (128
// half-open connections); every later SYN is answered with a cookie and
// leaves nothing behind. Real clients connect during the flood at once, on
// their first SYN, and transfer data: one with timestamps (its window
// scale and SACK-permitted ride in the cookie's TSval) and one without
// (MSS only).
func TestSYNFloodGetsCookiesAndARealClientConnectsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		h := camptest.NewHost(t, host.Options{})
		camptest.AddEthernet(t, h, link, usMAC, usIP+"/24")
		h.ARP.AddStatic(h.Stack.Device("net1"), netip.MustParseAddr(peerIP), ethernet.MustParseMAC(peerMAC))
		port := camptest.NewPort(t, link)
		camptest.Start(t, h.Stack)
		ln, err := h.Listen("tcp", ":80")
		require.NoError(t, err)

		const flood = 10000
		answered := floodSYNs(t, port, flood, rand.New(rand.NewPCG(1, 2)))
		assert.Len(t, answered, flood, "every SYN of the flood is answered: the backlog's with state, the rest with cookies")
		st := h.TCP.Stats()
		assert.Equal(t, uint64(flood-tcp.DefaultBacklog), st.SyncookiesSent, "Stats().SyncookiesSent: the SYNs beyond the backlog")
		assert.Zero(t, st.ListenDrops, "Stats().ListenDrops: no SYN is dropped")

		for i, opts := range []tcp.Options{{}, {NoTimestamps: true, NoSACK: true}} {
			client := camptest.NewHost(t, host.Options{TCP: opts})
			camptest.AddEthernet(t, client, link, "02:00:00:00:00:1"+string(rune('0'+i)), "192.0.2.1"+string(rune('0'+i))+"/24")
			camptest.Start(t, client.Stack)
			start := time.Now()
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			c, err := client.DialContext(ctx, "tcp", usIP+":80")
			cancel()
			require.NoError(t, err, "client %d (%+v) connects during the flood", i, opts)
			assert.Less(t, time.Since(start), 100*time.Millisecond, "client %d connects on its first SYN, with no retransmission", i)
			assert.Zero(t, client.TCP.Stats().RetransSegs, "client %d: Stats().RetransSegs", i)
			s := accept(t, ln)
			transfer(t, c, s, 1<<20)
			transfer(t, s, c, 1<<20)
			c.Close()
			s.Close()
		}
		st = h.TCP.Stats()
		assert.Equal(t, uint64(2), st.SyncookiesRecv, "Stats().SyncookiesRecv: both clients came in by a cookie")
		assert.Zero(t, st.SyncookiesFailed, "Stats().SyncookiesFailed")

		// The flood left state only in the backlog: the SYN+ACKs sent again
		// are those of the first 128 SYNs, no more.
		port.Frames()
		time.Sleep(3500 * time.Millisecond)
		again := map[uint16]bool{}
		for _, s := range camptest.TCPs(t, port.Packets()) {
			if s.SYN && s.ACK {
				again[uint16(s.DstPort)] = true
			}
		}
		assert.Len(t, again, tcp.DefaultBacklog, "half-open connections (SYN+ACKs retransmitted) stay at the backlog's bound")
	})
}

// TestWrongCookieIsReset: while the listener sends cookies, an ACK with a
// wrong one is answered with a reset and counted; one with the right one
// makes a connection that Accept returns.
func TestWrongCookieIsReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		ln, err := h.TCP.Listen("tcp", nil, 1)
		require.NoError(t, err)
		lport := uint16(ln.Addr().(interface{ AddrPort() netip.AddrPort }).AddrPort().Port())
		send(t, port, camptest.TCPSegment{SrcPort: 41000, DstPort: lport, Seq: 1000, SYN: true, MSS: 1460})
		require.Len(t, answers(t, port), 1, "the first SYN fills the backlog of 1")
		send(t, port, camptest.TCPSegment{SrcPort: 42000, DstPort: lport, Seq: 5000, SYN: true, MSS: 1400})
		cookie := one(t, port, "the second SYN is answered with a cookie")
		assert.Equal(t, "SYN|ACK", flags(cookie))
		assert.Equal(t, uint16(1460), camptest.MSSOf(cookie), "the cookie SYN+ACK offers our MSS")
		assert.Equal(t, uint64(1), h.TCP.Stats().SyncookiesSent, "Stats().SyncookiesSent")

		send(t, port, camptest.TCPSegment{SrcPort: 42000, DstPort: lport, Seq: 5001, Ack: cookie.Seq + 2, ACK: true})
		rst := one(t, port, "a wrong cookie is reset")
		assert.Equal(t, "RST", flags(rst))
		assert.Equal(t, uint64(1), h.TCP.Stats().SyncookiesFailed, "Stats().SyncookiesFailed")

		send(t, port, camptest.TCPSegment{SrcPort: 42000, DstPort: lport, Seq: 5001, Ack: cookie.Seq + 1, ACK: true, Payload: []byte("hello")})
		ack := one(t, port, "the right cookie makes the connection, and its data is acknowledged")
		assert.Equal(t, "ACK", flags(ack))
		assert.Equal(t, uint32(5006), ack.Ack, "SEG.ACK: after the 5 bytes of data")
		assert.Equal(t, uint64(1), h.TCP.Stats().SyncookiesRecv, "Stats().SyncookiesRecv")
		c := accept(t, ln)
		defer c.Close()
		buf := make([]byte, 10)
		n, err := c.Read(buf)
		require.NoError(t, err)
		assert.Equal(t, "hello", string(buf[:n]), "the data of the cookie's ACK")
		assert.Equal(t, "192.0.2.1:42000", c.RemoteAddr().String())
	})
}
