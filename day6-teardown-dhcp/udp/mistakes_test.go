// Generated from solutions/udp/mistakes_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/udp/mistakes_test.go instead and regenerate; `course check` fails when the two drift.

package udp_test

import (
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/icmp"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ipv4"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/todo"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/udp"
)

// Tests for Day 4's common mistakes (the "Common mistakes" section of
// docs/day4-routing-udp.md): each catches one plausible bug at once, and
// says which TODO to look at.

// icmpErrors decodes the ICMP messages the stack sent since the last call.
func icmpErrors(t *testing.T, port *camptest.Port) []*layers.ICMPv4 {
	t.Helper()
	synctest.Wait()
	var out []*layers.ICMPv4
	for _, p := range port.Packets() {
		eth, ok := p.Layer(layers.LayerTypeEthernet).(*layers.Ethernet)
		if !ok || eth.EthernetType != layers.EthernetTypeIPv4 {
			continue
		}
		pkt := camptest.DecodeIPv4(t, eth.Payload)
		if pkt.Layer(layers.LayerTypeICMPv4) != nil {
			out = append(out, camptest.CheckICMPv4(t, pkt))
		}
	}
	return out
}

func TestPortUnreachableQuotesTheHeaderAndEightBytes(t *testing.T) {
	todo.Covers(t, 4, "icmp-error")
	synctest.Test(t, func(t *testing.T) {
		_, port := setup(t)
		data := []byte("a datagram long enough that quoting all of it would show: 0123456789")
		frame := camptest.UDPFrame(t, peerMAC, usMAC, peerIP, usIP, 40000, 9999, data)
		port.Send(t, frame)
		errs := icmpErrors(t, port)
		require.Len(t, errs, 1, "one ICMP error for a datagram to closed port 9999")
		assert.Equal(t, "DestinationUnreachable(Port)", errs[0].TypeCode.String(), "ICMP type and code")
		original := frame[ethernet.HeaderLen:]
		require.Len(t, errs[0].Payload, ipv4.MinHeaderLen+icmp.QuoteLen,
			"length of the quote: the datagram's IP header (20 bytes) and the first %d bytes of its payload, no more", icmp.QuoteLen)
		assert.Equal(t, original[:ipv4.MinHeaderLen+icmp.QuoteLen], []byte(errs[0].Payload), "the quoted bytes")
	})
}

func TestPortUnreachableQuotesTheUDPHeader(t *testing.T) {
	todo.Covers(t, 4, "udp-demux")
	synctest.Test(t, func(t *testing.T) {
		_, port := setup(t)
		port.Send(t, camptest.UDPFrame(t, peerMAC, usMAC, peerIP, usIP, 40000, 9999, []byte("anyone there?")))
		errs := icmpErrors(t, port)
		require.Len(t, errs, 1, "one ICMP error for a datagram to closed port 9999")
		require.GreaterOrEqual(t, len(errs[0].Payload), ipv4.MinHeaderLen+udp.HeaderLen, "length of the quote")
		quoted := gopacket.NewPacket(errs[0].Payload, layers.LayerTypeIPv4, gopacket.Default)
		u, ok := quoted.Layer(layers.LayerTypeUDP).(*layers.UDP)
		require.True(t, ok, "the quote holds the IP header and then the UDP header (give SendUnreachable the whole datagram, not its payload)")
		assert.Equal(t, layers.UDPPort(40000), u.SrcPort, "source port in the quoted UDP header: the sender finds its socket by it")
		assert.Equal(t, layers.UDPPort(9999), u.DstPort, "destination port in the quoted UDP header")
	})
}

func TestNoPortUnreachableForABroadcast(t *testing.T) {
	todo.Covers(t, 4, "udp-demux")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		port.Send(t, camptest.UDPFrame(t, peerMAC, "ff:ff:ff:ff:ff:ff", peerIP, "192.0.2.255", 40000, 9999, []byte("anyone?")))
		port.Send(t, camptest.UDPFrame(t, peerMAC, "ff:ff:ff:ff:ff:ff", peerIP, "255.255.255.255", 40000, 9999, []byte("anyone?")))
		assert.Empty(t, icmpErrors(t, port),
			"no port unreachable for datagrams to 192.0.2.255 and 255.255.255.255 (RFC 1122 §3.2.2): every host on the link would answer")
		assert.Equal(t, uint64(2), h.UDP.Stats().NoPorts, "NoPorts counts them all the same")
	})
}

// The rules come before the rate limit: a datagram the rules forbid to
// report (here: from 0.0.0.0, as a DHCP client sends) must not use up a
// token of the rate limit.
func TestUnreportableDatagramsDoNotUseUpTheICMPErrorBudget(t *testing.T) {
	todo.Covers(t, 4, "icmp-error")
	synctest.Test(t, func(t *testing.T) {
		_, port := setup(t)
		for range 3 * icmp.ErrorBurst {
			port.Send(t, camptest.UDPFrame(t, peerMAC, usMAC, "0.0.0.0", usIP, 68, 9999, nil))
		}
		require.Empty(t, icmpErrors(t, port), "no ICMP error about a datagram from 0.0.0.0: its source is not one host")
		port.Send(t, camptest.UDPFrame(t, peerMAC, usMAC, peerIP, usIP, 40000, 9999, nil))
		assert.Len(t, icmpErrors(t, port), 1,
			"a port unreachable for the datagram from %s that follows %d from 0.0.0.0 at once: those, never reported, took no token", peerIP, 3*icmp.ErrorBurst)
	})
}

func TestEphemeralPortsAreFromTheEphemeralRange(t *testing.T) {
	todo.Covers(t, 4, "udp-bind")
	synctest.Test(t, func(t *testing.T) {
		h, _ := setup(t)
		for range 20 {
			c, err := h.ListenUDP("udp", udpAddr("0.0.0.0:0"))
			require.NoError(t, err, "ListenUDP on port 0")
			p := c.LocalAddr().(*net.UDPAddr).Port
			assert.True(t, p >= udp.EphemeralFirst && p <= udp.EphemeralLast,
				"LocalAddr's port %d: port 0 asks for a free port of the ephemeral range %d–%d (and LocalAddr says which)",
				p, udp.EphemeralFirst, udp.EphemeralLast)
		}
	})
}

func TestQueuedDatagramsAreReadOldestFirst(t *testing.T) {
	todo.Covers(t, 4, "udp-read")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		conn, err := h.ListenUDP("udp", udpAddr("0.0.0.0:7"))
		require.NoError(t, err)
		want := []string{"first", "second", "third"}
		for _, w := range want {
			port.Send(t, camptest.UDPFrame(t, peerMAC, usMAC, peerIP, usIP, 40000, 7, []byte(w)))
		}
		synctest.Wait()
		buf := make([]byte, 100)
		conn.SetReadDeadline(time.Now().Add(time.Second))
		for i, w := range want {
			n, _, err := conn.ReadFrom(buf)
			require.NoError(t, err, "ReadFrom %d", i+1)
			assert.Equal(t, w, string(buf[:n]), "datagram read %d of the three that waited: the queue is first in, first out", i+1)
		}
	})
}

func TestUnboundSocketSendsFromTheInterfaceAddress(t *testing.T) {
	todo.Covers(t, 4, "udp-output")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		conn, err := h.ListenUDP("udp", nil)
		require.NoError(t, err)
		_, err = conn.WriteTo([]byte("from whom?"), udpAddr(peerIP+":7"))
		require.NoError(t, err, "WriteTo from a socket bound to 0.0.0.0")
		synctest.Wait()
		ips, us := sentUDP(t, port) // gopacket checks the checksum over the pseudo-header
		require.Len(t, us, 1, "one datagram sent")
		assert.Equal(t, usIP, ips[0].SrcIP.String(), "IP source: the address of the interface of the route to "+peerIP)
		assert.Equal(t, "from whom?", string(us[0].Payload), "payload")
	})
}
