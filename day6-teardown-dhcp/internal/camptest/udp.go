// Generated from solutions/internal/camptest/udp.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/internal/camptest/udp.go instead and regenerate; `course check` fails when the two drift.

package camptest

import (
	"net/netip"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// CheckUDP returns the UDP layer of a packet the stack sent, after checking
// its checksum independently of the stack: gopacket computes it again over
// the pseudo-header, and the two must agree. A checksum of 0 ("none
// computed") is legal on the wire (RFC 768), but RFC 1122 §4.1.3.4 wants
// checksums on by default and this stack always computes one (a sum that
// comes out 0 is sent as 0xffff), so CheckUDP fails on 0.
func CheckUDP(t testing.TB, pkt gopacket.Packet) *layers.UDP {
	t.Helper()
	ip, _ := pkt.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
	u, ok := pkt.Layer(layers.LayerTypeUDP).(*layers.UDP)
	if !ok || ip == nil {
		t.Fatalf("the packet holds no UDP datagram in IPv4: %v", pkt)
	}
	again := *u
	if err := again.SetNetworkLayerForChecksum(ip); err != nil {
		t.Fatal(err)
	}
	buf := gopacket.NewSerializeBuffer()
	body, err := buf.AppendBytes(len(u.Payload))
	if err != nil {
		t.Fatal(err)
	}
	copy(body, u.Payload)
	if err := again.SerializeTo(buf, gopacket.SerializeOptions{ComputeChecksums: true}); err != nil {
		t.Fatalf("gopacket cannot re-serialise the UDP header: %v", err)
	}
	switch {
	case u.Checksum == 0:
		t.Errorf("UDP checksum is 0 (\"none computed\"), gopacket computes %#04x: the stack must always compute one (a sum of 0 is sent as 0xffff)", again.Checksum)
	case u.Checksum == 0xffff && again.Checksum == 0:
		// gopacket leaves a sum of 0 as 0; RFC 768 sends it as 0xffff.
	case again.Checksum != u.Checksum:
		t.Errorf("UDP checksum is %#04x, gopacket computes %#04x", u.Checksum, again.Checksum)
	}
	return u
}

// UDPFrame builds, with gopacket, a UDP datagram in IPv4 in an Ethernet
// frame, with correct lengths and checksums.
func UDPFrame(t testing.TB, srcMAC, dstMAC string, src, dst string, sport, dport uint16, payload []byte) []byte {
	t.Helper()
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolUDP,
		SrcIP: mustIP(src), DstIP: mustIP(dst)}
	u := &layers.UDP{SrcPort: layers.UDPPort(sport), DstPort: layers.UDPPort(dport)}
	if err := u.SetNetworkLayerForChecksum(ip); err != nil {
		t.Fatal(err)
	}
	return EtherFrame(t, srcMAC, dstMAC, layers.EthernetTypeIPv4, ip, u, gopacket.Payload(payload))
}

func mustIP(s string) []byte { return netip.MustParseAddr(s).AsSlice() }
