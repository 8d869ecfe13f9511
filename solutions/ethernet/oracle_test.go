//camp:file 3

package ethernet

import (
	"net"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/todo"
)

// These tests use gopacket as an oracle: a parser and serialiser that is
// not ours builds what Parse reads and reads what AppendFrame writes.

// oracleCases are frames for both directions. gopacket pads a frame to 60
// bytes when it serialises, as AppendFrame does.
var oracleCases = []struct {
	name     string
	dst, src string
	typ      EtherType
	size     int // payload bytes
}{
	{"broadcast ARP", "ff:ff:ff:ff:ff:ff", "02:00:00:00:00:01", EtherTypeARP, 28},
	{"unicast IPv4", "02:00:00:00:00:02", "02:00:00:00:00:01", EtherTypeIPv4, 84},
	{"empty payload", "02:00:00:00:00:02", "02:00:00:00:00:01", EtherTypeIPv4, 0},
	{"exactly the minimum", "01:00:5e:00:00:01", "00:1b:21:3c:4d:5e", EtherTypeIPv4, MinPayloadLen},
	{"full size", "33:33:00:00:00:01", "fe:ff:ff:ff:ff:ff", EtherTypeIPv6, MaxPayloadLen},
	{"unknown type", "de:ad:be:ef:00:01", "02:00:00:00:00:01", 0x88cc, 7},
}

func payloadOf(size int) []byte {
	p := make([]byte, size)
	for i := range p {
		p[i] = byte(i + 1) // no zeros, so padding cannot pass for payload
	}
	return p
}

func TestParseGopacketFrames(t *testing.T) {
	for _, tt := range oracleCases {
		t.Run(tt.name, func(t *testing.T) {
			eth := &layers.Ethernet{
				DstMAC:       MustParseMAC(tt.dst).HardwareAddr(),
				SrcMAC:       MustParseMAC(tt.src).HardwareAddr(),
				EthernetType: layers.EthernetType(tt.typ),
			}
			payload := payloadOf(tt.size)
			buf := gopacket.NewSerializeBuffer()
			require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{}, eth, gopacket.Payload(payload)))
			frame := buf.Bytes()

			h, got, err := Parse(frame)
			require.NoError(t, err, "Parse of a frame gopacket built")
			assert.Equal(t, tt.dst, h.Dst.String(), "Dst")
			assert.Equal(t, tt.src, h.Src.String(), "Src")
			assert.Equal(t, tt.typ, h.Type, "Type")
			assert.Equal(t, payload, got[:len(payload)], "payload")
			assert.Equal(t, make([]byte, len(got)-len(payload)), got[len(payload):], "gopacket's padding")
		})
	}
}

func TestAppendFrameGopacketDecodes(t *testing.T) {
	todo.Covers(t, 3, "ether-frame-out")
	for _, tt := range oracleCases {
		t.Run(tt.name, func(t *testing.T) {
			h := Header{Dst: MustParseMAC(tt.dst), Src: MustParseMAC(tt.src), Type: tt.typ}
			payload := payloadOf(tt.size)
			frame, err := AppendFrame(junk(MaxFrameLen), h, payload)
			require.NoError(t, err, "AppendFrame")

			eth := &layers.Ethernet{}
			require.NoError(t, eth.DecodeFromBytes(frame, gopacket.NilDecodeFeedback), "gopacket cannot decode what AppendFrame wrote")
			assert.Equal(t, net.HardwareAddr(h.Dst[:]), eth.DstMAC, "DstMAC")
			assert.Equal(t, net.HardwareAddr(h.Src[:]), eth.SrcMAC, "SrcMAC")
			assert.Equal(t, layers.EthernetType(tt.typ), eth.EthernetType, "EthernetType")
			assert.Equal(t, uint16(0), eth.Length, "gopacket saw a length field, not an EtherType")
			assert.Equal(t, payload, eth.Payload[:len(payload)], "payload")

			// gopacket serialises what it decoded, padding itself: the
			// bytes must be ours.
			buf := gopacket.NewSerializeBuffer()
			require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{}, eth, gopacket.Payload(payload)))
			assert.Equal(t, buf.Bytes(), frame, "gopacket built the frame differently")
		})
	}
}
