// Generated from solutions/ipv4/autoconf_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ipv4/autoconf_test.go instead and regenerate; `course check` fails when the two drift.

package ipv4_test

import (
	"errors"
	"net/netip"
	"testing"
	"testing/synctest"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ipv4"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/stack"
)

// unconfigured makes a stack with an IP layer on a probe device that has
// no address yet, and a recorder for UDP, where DHCP would listen.
func unconfigured(t *testing.T) (*ipv4.Layer, *camptest.Probe, *recorder) {
	t.Helper()
	s := camptest.NewStack(t)
	probe := camptest.NewProbe(t, s)
	ip, err := ipv4.New(s)
	require.NoError(t, err)
	rec := &recorder{}
	require.NoError(t, ip.RegisterProtocol(ipv4.ProtocolUDP, rec.handle))
	camptest.Start(t, s)
	return ip, probe, rec
}

func TestDeviceWithoutAddressTakesUDPOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ip, probe, rec := unconfigured(t)
		offered := netip.MustParseAddr("192.0.2.50")
		// A server's unicast reply to the address it offers, and its
		// broadcast reply: both reach UDP.
		probe.Inject(stack.ProtocolIPv4, datagram(t, peer, offered, ipv4.ProtocolUDP, "offer by unicast"))
		probe.Inject(stack.ProtocolIPv4, datagram(t, peer, ipv4.LimitedBroadcast, ipv4.ProtocolUDP, "offer by broadcast"))
		// Nothing else does: a host without an address answers no ping.
		probe.Inject(stack.ProtocolIPv4, datagram(t, peer, offered, ipv4.ProtocolICMP, "ping"))
		synctest.Wait()
		assert.Equal(t, []string{"offer by unicast", "offer by broadcast"}, rec.payloads())
		assert.Equal(t, uint64(2), ip.Stats().InDelivers, "Stats().InDelivers")
		assert.Equal(t, uint64(1), ip.Stats().InAddrErrors, "the ping is not for us")
	})
}

func TestBroadcastBeforeAndAfterAnAddress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ip, probe, _ := unconfigured(t)
		require.NoError(t, ip.Broadcast(probe.Dev, testProto, []byte("anyone?"), netip.Addr{}))
		sent := probe.Sent()
		require.Len(t, sent, 1)
		pkt := camptest.DecodeIPv4(t, sent[0].Data).Layer(layers.LayerTypeIPv4).(*layers.IPv4)
		assert.Equal(t, "0.0.0.0", pkt.SrcIP.String(), "from 0.0.0.0 while the device has no address")
		assert.Equal(t, "255.255.255.255", pkt.DstIP.String())
		assert.Empty(t, ip.Interfaces(), "Broadcast adds no interface")

		_, err := ip.AddInterface(probe.Dev, netip.PrefixFrom(us, 24))
		require.NoError(t, err)
		require.NoError(t, ip.Broadcast(probe.Dev, testProto, []byte("anyone?"), netip.Addr{}))
		sent = probe.Sent()
		require.Len(t, sent, 1)
		pkt = camptest.DecodeIPv4(t, sent[0].Data).Layer(layers.LayerTypeIPv4).(*layers.IPv4)
		assert.Equal(t, us.String(), pkt.SrcIP.String(), "from the device's address once it has one")
	})
}

func TestRemoveInterfaceTakesItsRoutes(t *testing.T) {
	ip, probe, _ := setup(t)
	iface := ip.Interfaces()[0]
	require.NoError(t, ip.SetDefaultGateway(peer))
	require.Len(t, ip.Routes(), 2)
	require.NoError(t, ip.RemoveInterface(iface))
	assert.Empty(t, ip.Interfaces())
	assert.Empty(t, ip.Routes(), "the interface route and the default route through it are gone")
	err := ip.RemoveInterface(iface)
	assert.True(t, errors.Is(err, ipv4.ErrBadAddress), "removing twice: %v", err)
	_, err = ip.AddInterface(probe.Dev, netip.PrefixFrom(us, 24))
	assert.NoError(t, err, "the address can be added again")
}
