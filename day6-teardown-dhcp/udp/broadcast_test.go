// Generated from solutions/udp/broadcast_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/udp/broadcast_test.go instead and regenerate; `course check` fails when the two drift.

package udp_test

import (
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
)

// A socket with a broadcast device talks as a DHCP client does before it
// has an address: from 0.0.0.0 to 255.255.255.255, and it hears unicast
// replies to an address the stack does not have yet. (Not on DHCP's ports
// 67 and 68: gopacket would decode the test's datagrams as DHCP.)
func TestBroadcastDeviceBeforeAnAddress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		h := camptest.NewHost(t, host.Options{})
		dev, err := device.NewEthernet(h.Stack, ethernet.MustParseMAC(usMAC), link.NewPort())
		require.NoError(t, err)
		port := camptest.NewPort(t, link)
		camptest.Start(t, h.Stack)

		conn, err := h.ListenUDP("udp", udpAddr("0.0.0.0:5068"))
		require.NoError(t, err)
		bcast := udpAddr("255.255.255.255:5067")
		_, err = conn.WriteTo([]byte("discover"), bcast)
		assert.Error(t, err, "without a broadcast device, a broadcast needs a route, and there is none")

		conn.SetBroadcastDevice(dev)
		_, err = conn.WriteTo([]byte("discover"), bcast)
		require.NoError(t, err)
		synctest.Wait()
		ips, us := sentUDP(t, port)
		require.Len(t, us, 1)
		assert.Equal(t, "0.0.0.0", ips[0].SrcIP.String())
		assert.Equal(t, "255.255.255.255", ips[0].DstIP.String())
		assert.Equal(t, layers.UDPPort(5068), us[0].SrcPort)
		assert.Equal(t, "discover", string(us[0].Payload))

		port.Send(t, camptest.UDPFrame(t, peerMAC, usMAC, peerIP, "192.0.2.50", 5067, 5068, []byte("offer")))
		conn.SetReadDeadline(time.Now().Add(time.Second))
		buf := make([]byte, 100)
		n, from, err := conn.ReadFrom(buf)
		require.NoError(t, err, "the unicast reply reaches the socket")
		assert.Equal(t, "offer", string(buf[:n]))
		assert.Equal(t, (&net.UDPAddr{IP: net.ParseIP(peerIP).To4(), Port: 5067}).String(), from.String())
	})
}
