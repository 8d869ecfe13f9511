// Generated from solutions/ipv4/oracle_test.go by "go run ./tools/course gen".
// Learners: this is your copy — fill in its TODO(day4) parts. Course authors: edit
// solutions/ipv4/oracle_test.go instead and regenerate; `course check` fails when the two drift.

package ipv4

import (
	"net"
	"net/netip"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day4-routing-udp/todo"
)

// These tests use gopacket as an oracle: a parser and serialiser that is
// not ours builds what Parse reads and reads what Append writes.

// serialize builds a packet with gopacket, which fills in lengths and the
// checksum.
func serialize(t *testing.T, ip *layers.IPv4, payload []byte) []byte {
	t.Helper()
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	require.NoError(t, gopacket.SerializeLayers(buf, opts, ip, gopacket.Payload(payload)))
	return buf.Bytes()
}

func TestParseGopacketPackets(t *testing.T) {
	todo.Covers(t, 2, "ipv4-parse")
	tests := []struct {
		name string
		ip   layers.IPv4
		size int
	}{
		{"echo request", layers.IPv4{TTL: 64, Flags: layers.IPv4DontFragment, Id: 1, Protocol: layers.IPProtocolICMPv4}, 64},
		{"UDP, TOS set", layers.IPv4{TTL: 1, TOS: 0xb8, Id: 0xffff, Protocol: layers.IPProtocolUDP}, 0},
		{"TCP, odd payload", layers.IPv4{TTL: 255, Id: 0x8000, Protocol: layers.IPProtocolTCP}, 1461},
		{"fragment", layers.IPv4{TTL: 30, Flags: layers.IPv4MoreFragments, FragOffset: 0x1fff, Protocol: layers.IPProtocolUDP}, 8},
		{"router alert option", layers.IPv4{TTL: 1, Protocol: 2, Options: []layers.IPv4Option{{OptionType: 0x94, OptionLength: 4, OptionData: []byte{0, 0}}}}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ip := tt.ip
			ip.Version = 4
			ip.SrcIP = net.IPv4(192, 0, 2, 1)
			ip.DstIP = net.IPv4(198, 51, 100, 200)
			payload := make([]byte, tt.size)
			for i := range payload {
				payload[i] = byte(i)
			}
			pkt := serialize(t, &ip, payload)

			h, got, err := Parse(pkt)
			require.NoError(t, err, "Parse of a packet gopacket built")
			assert.Equal(t, int(ip.IHL)*4, h.HeaderLen, "HeaderLen")
			assert.Equal(t, ip.TOS, h.TOS, "TOS")
			assert.Equal(t, ip.Length, h.TotalLen, "TotalLen")
			assert.Equal(t, ip.Id, h.ID, "ID")
			assert.Equal(t, Flags(ip.Flags), h.Flags, "Flags")
			assert.Equal(t, ip.FragOffset, h.FragOff, "FragOff")
			assert.Equal(t, ip.TTL, h.TTL, "TTL")
			assert.Equal(t, Protocol(ip.Protocol), h.Protocol, "Protocol")
			assert.Equal(t, ip.Checksum, h.Checksum, "Checksum")
			assert.Equal(t, netip.MustParseAddr("192.0.2.1"), h.Src, "Src")
			assert.Equal(t, netip.MustParseAddr("198.51.100.200"), h.Dst, "Dst")
			if len(ip.Options) == 0 {
				assert.Nil(t, h.Options, "Options of a header without options")
			} else {
				assert.Equal(t, pkt[20:h.HeaderLen], h.Options, "Options")
			}
			assert.Equal(t, payload, got, "payload")
			assert.Equal(t, ip.Flags&layers.IPv4MoreFragments != 0 || ip.FragOffset != 0, h.IsFragment(), "IsFragment")
		})
	}
}

func TestAppendGopacketDecodes(t *testing.T) {
	todo.Covers(t, 2, "ipv4-header-out")
	tests := []struct {
		name string
		h    Header
		size int
	}{
		{"echo request", Header{TTL: 64, ID: 7, Flags: FlagDF, Protocol: ProtocolICMP}, 56},
		{"UDP with TOS", Header{TTL: 1, TOS: 0x10, ID: 0xfffe, Protocol: ProtocolUDP}, 1},
		{"last fragment", Header{TTL: 9, FragOff: 100, Protocol: ProtocolTCP}, 40},
		{"with options", Header{TTL: 2, Protocol: 2, Options: []byte{0x94, 0x04, 0x00, 0x00}}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.h
			h.Src = netip.MustParseAddr("10.0.0.1")
			h.Dst = netip.MustParseAddr("10.255.0.2")
			payload := make([]byte, tt.size)
			for i := range payload {
				payload[i] = byte(0xff - i)
			}
			out, err := h.Append(junk(100), len(payload))
			require.NoError(t, err, "Append")
			out = append(out, payload...)

			ip := &layers.IPv4{}
			require.NoError(t, ip.DecodeFromBytes(out, gopacket.NilDecodeFeedback), "gopacket cannot decode what Append wrote")
			assert.Equal(t, uint8(4), ip.Version, "Version")
			assert.Equal(t, uint8(5+len(h.Options)/4), ip.IHL, "IHL")
			assert.Equal(t, h.TOS, ip.TOS, "TOS")
			assert.Equal(t, uint16(len(out)), ip.Length, "Total Length")
			assert.Equal(t, h.ID, ip.Id, "ID")
			assert.Equal(t, layers.IPv4Flag(h.Flags), ip.Flags, "Flags")
			assert.Equal(t, h.FragOff, ip.FragOffset, "FragOff")
			assert.Equal(t, h.TTL, ip.TTL, "TTL")
			assert.Equal(t, layers.IPProtocol(h.Protocol), ip.Protocol, "Protocol")
			assert.Equal(t, h.Src.String(), ip.SrcIP.String(), "Src")
			assert.Equal(t, h.Dst.String(), ip.DstIP.String(), "Dst")
			assert.Equal(t, payload, ip.Payload, "payload")

			// gopacket serialises the header it decoded, computing the
			// checksum itself: the bytes must be ours.
			buf := gopacket.NewSerializeBuffer()
			require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true}, ip, gopacket.Payload(ip.Payload)))
			assert.Equal(t, out, buf.Bytes(), "gopacket recomputed the header (checksum at bytes 10-11) differently")
		})
	}
}
