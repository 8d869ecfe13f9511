//go:build linux

package main

import (
	"net"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/ethernet"
)

var (
	echoIP    = [4]byte{192, 0, 2, 2}
	echoMAC   = ethernet.MustParseMAC(stackMAC)
	kernelMAC = net.HardwareAddr{0x02, 0, 0x5e, 0, 0x53, 0x01}
)

// serialize builds a frame from gopacket's layers, the independent oracle.
func serialize(t *testing.T, ls ...gopacket.SerializableLayer) []byte {
	t.Helper()
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, ls...))
	return buf.Bytes()
}

func TestTAPEchoAnswersAnEchoRequest(t *testing.T) {
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolICMPv4,
		SrcIP: net.IPv4(192, 0, 2, 1), DstIP: net.IP(echoIP[:])}
	frame := serialize(t,
		&layers.Ethernet{SrcMAC: kernelMAC, DstMAC: net.HardwareAddr(echoMAC[:]), EthernetType: layers.EthernetTypeIPv4},
		ip,
		&layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(layers.ICMPv4TypeEchoRequest, 0), Id: 7, Seq: 3},
		gopacket.Payload("ping payload"))

	require.True(t, echo(frame, echoIP, echoMAC), "an echo request for 192.0.2.2 is answered")
	p := gopacket.NewPacket(frame, layers.LayerTypeEthernet, gopacket.Default)
	require.Nil(t, p.ErrorLayer(), "the reply parses")
	eth := p.Layer(layers.LayerTypeEthernet).(*layers.Ethernet)
	assert.Equal(t, kernelMAC.String(), eth.DstMAC.String(), "the reply goes back to the asker's MAC")
	assert.Equal(t, net.HardwareAddr(echoMAC[:]).String(), eth.SrcMAC.String())
	got := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
	assert.Equal(t, "192.0.2.2", got.SrcIP.String(), "IPv4 source")
	assert.Equal(t, "192.0.2.1", got.DstIP.String(), "IPv4 destination")
	icmp := p.Layer(layers.LayerTypeICMPv4).(*layers.ICMPv4)
	assert.Equal(t, uint8(layers.ICMPv4TypeEchoReply), icmp.TypeCode.Type(), "ICMP type")
	assert.Equal(t, uint16(7), icmp.Id, "identifier kept")
	assert.Equal(t, uint16(3), icmp.Seq, "sequence number kept")
	assert.Equal(t, "ping payload", string(icmp.Payload), "data kept")

	// The checksums verify: gopacket recomputes them into a copy.
	want := serialize(t, eth, got, icmp, gopacket.Payload(icmp.Payload))
	assert.Equal(t, want, frame, "the reply, checksums included, is what gopacket builds")
}

func TestTAPEchoAnswersAnARPRequest(t *testing.T) {
	frame := serialize(t,
		&layers.Ethernet{SrcMAC: kernelMAC, DstMAC: layers.EthernetBroadcast, EthernetType: layers.EthernetTypeARP},
		&layers.ARP{AddrType: layers.LinkTypeEthernet, Protocol: layers.EthernetTypeIPv4, HwAddressSize: 6, ProtAddressSize: 4,
			Operation: layers.ARPRequest, SourceHwAddress: kernelMAC, SourceProtAddress: []byte{192, 0, 2, 1},
			DstHwAddress: make([]byte, 6), DstProtAddress: echoIP[:]})

	require.True(t, echo(frame, echoIP, echoMAC), "an ARP request for 192.0.2.2 is answered")
	p := gopacket.NewPacket(frame, layers.LayerTypeEthernet, gopacket.Default)
	arp := p.Layer(layers.LayerTypeARP).(*layers.ARP)
	assert.Equal(t, uint16(layers.ARPReply), arp.Operation, "ARP operation")
	assert.Equal(t, net.HardwareAddr(echoMAC[:]).String(), net.HardwareAddr(arp.SourceHwAddress).String(), "the answer: our MAC")
	assert.Equal(t, "192.0.2.2", net.IP(arp.SourceProtAddress).String())
	assert.Equal(t, kernelMAC.String(), net.HardwareAddr(arp.DstHwAddress).String(), "sent to the asker")
	assert.Equal(t, "192.0.2.1", net.IP(arp.DstProtAddress).String())
}

func TestTAPEchoIgnoresTheRest(t *testing.T) {
	other := serialize(t,
		&layers.Ethernet{SrcMAC: kernelMAC, DstMAC: net.HardwareAddr(echoMAC[:]), EthernetType: layers.EthernetTypeIPv4},
		&layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolICMPv4, SrcIP: net.IPv4(192, 0, 2, 1), DstIP: net.IPv4(192, 0, 2, 9)},
		&layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(layers.ICMPv4TypeEchoRequest, 0)})
	assert.False(t, echo(other, echoIP, echoMAC), "an echo request for 192.0.2.9 is not ours")
	assert.False(t, echo([]byte{1, 2, 3}, echoIP, echoMAC), "a runt frame")
}
