// Generated from solutions/tcp/offload_link_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/offload_link_test.go instead and regenerate; `course check` fails when the two drift.

package tcp_test

import (
	"net/netip"
	"testing"
	"testing/synctest"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
)

// Over a Link with offloads, TCP sends whole segments larger than a frame,
// their checksums left to the "device"; the receiving stack takes them as
// checked, and a third port, which cannot, sees every checksum finished.
func TestOffloadLinkCarriesWholeSegmentsIntact(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		link := device.NewOffloadLink()
		// The ports themselves, not camptest.AddEthernet's guarded wires:
		// the driver must see what the Link's ports can do.
		var hosts []*host.Host
		for i, mac := range []string{"02:00:00:00:00:0a", "02:00:00:00:00:0b"} {
			h := camptest.NewHost(t, host.Options{})
			_, err := h.AddEthernet(link.NewPort(), ethernet.MustParseMAC(mac), netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 0, 2, byte(10 + i)}), 24))
			require.NoError(t, err)
			camptest.Start(t, h.Stack)
			hosts = append(hosts, h)
		}
		a, b := hosts[0], hosts[1]
		sniffer := camptest.NewPort(t, link)
		ln, err := b.Listen("tcp", ":9")
		require.NoError(t, err)
		client := dial(t, a, "192.0.2.11:9")
		server := accept(t, ln)
		transfer(t, client, server, 1<<20) // checks the bytes arrive intact, in order

		largest, segments := 0, 0
		for _, p := range sniffer.Packets() {
			ip, _ := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
			tcp, _ := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
			if ip == nil || tcp == nil {
				continue
			}
			segments++
			largest = max(largest, len(tcp.Payload))
			// gopacket computes the checksum the segment must carry.
			check := *tcp
			require.NoError(t, check.SetNetworkLayerForChecksum(ip))
			buf := gopacket.NewSerializeBuffer()
			require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true},
				&check, gopacket.Payload(tcp.Payload)))
			want := uint16(buf.Bytes()[16])<<8 | uint16(buf.Bytes()[17])
			if !assert.Equalf(t, want, tcp.Checksum, "TCP checksum of the segment %v → %v seq=%d len=%d: %#04x, want %#04x",
				ip.SrcIP, ip.DstIP, tcp.Seq, len(tcp.Payload), tcp.Checksum, want) {
				return // one is enough to see
			}
		}
		require.NotZero(t, segments, "the third port saw the transfer")
		assert.Greater(t, largest, 1460, "the largest segment's data in bytes: more than one frame holds")
	})
}

// BenchmarkTCPBulkOffload is BenchmarkTCPBulk over a Link with offloads
// (device.NewOffloadLink): TCP segments of up to 64 KiB cross whole, with
// their checksums left partial, as between two namespaces joined by a veth
// pair. It is the like-for-like comparison with
// BenchmarkKernelLoopbackBulk, whose loopback interface has a 64 KiB MTU
// and checksums nothing; BenchmarkTCPBulk shows the cost of cutting every
// segment into 1,514-byte frames and summing each twice.
func BenchmarkTCPBulkOffload(b *testing.B) {
	a, z := camptest.BenchPairOn(b, device.NewOffloadLink())
	benchBulk(b, a, z)
}
