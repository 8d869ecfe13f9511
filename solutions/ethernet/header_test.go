//camp:file 3

package ethernet

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/todo"
)

// goldenARPRequest is the first frame a Linux host at 192.0.2.1 sends when
// asked to `ping 192.0.2.2` on its Ethernet: a broadcast ARP request, as
// the receiving host gets it. The 42 bytes of header and ARP packet were
// padded to 60 by the sender's network card; the FCS has been stripped.
var goldenARPRequest = []byte{
	// Ethernet header
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // destination: broadcast
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // source 02:00:00:00:00:01
	0x08, 0x06, // EtherType 0x0806 (ARP)
	// ARP packet (RFC 826), the payload
	0x00, 0x01, // hardware type 1 (Ethernet)
	0x08, 0x00, // protocol type 0x0800 (IPv4)
	0x06,       // hardware address length 6
	0x04,       // protocol address length 4
	0x00, 0x01, // operation 1 (request)
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // sender MAC 02:00:00:00:00:01
	192, 0, 2, 1, // sender IP 192.0.2.1
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // target MAC: unknown, zero
	192, 0, 2, 2, // target IP 192.0.2.2
	// padding to 60 bytes: 18 zero bytes
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
}

// goldenHeader is goldenARPRequest's header as Parse must return it.
var goldenHeader = Header{
	Dst:  MAC{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	Src:  MAC{0x02, 0x00, 0x00, 0x00, 0x00, 0x01},
	Type: EtherTypeARP,
}

// goldenARPPacket is the 28-byte ARP packet of goldenARPRequest, without
// the padding.
var goldenARPPacket = goldenARPRequest[HeaderLen : HeaderLen+28]

// junk returns an empty slice whose spare capacity is filled with 0xAA, so
// that a byte an encoder forgets to write shows in the output.
func junk(n int) []byte {
	return bytes.Repeat([]byte{0xAA}, n)[:0]
}

// clone returns a copy of b to modify.
func clone(b []byte) []byte { return append([]byte(nil), b...) }

func TestParseGolden(t *testing.T) {
	h, payload, err := Parse(goldenARPRequest)
	require.NoError(t, err, "Parse of a broadcast ARP request")

	assert.Equal(t, Broadcast(), h.Dst, "Dst")
	assert.Equal(t, MustParseMAC("02:00:00:00:00:01"), h.Src, "Src")
	assert.Equal(t, EtherTypeARP, h.Type, "Type")
	assert.Equal(t, goldenHeader, h)
	assert.Len(t, payload, MinPayloadLen, "the payload is the ARP packet and the padding")
	assert.Equal(t, goldenARPRequest[HeaderLen:], payload)
}

func TestParseShortFrame(t *testing.T) {
	// A TAP device hands over frames without padding: 42 bytes here.
	h, payload, err := Parse(goldenARPRequest[:HeaderLen+28])
	require.NoError(t, err, "frames shorter than MinFrameLen are accepted")
	assert.Equal(t, goldenHeader, h)
	assert.Equal(t, goldenARPPacket, payload)

	h, payload, err = Parse(goldenARPRequest[:HeaderLen])
	require.NoError(t, err, "a frame may be just a header")
	assert.Equal(t, goldenHeader, h)
	assert.Empty(t, payload)
}

func TestAppendGolden(t *testing.T) {
	out, err := goldenHeader.Append(junk(64))
	require.NoError(t, err, "Append of the golden header")
	assert.Equal(t, goldenARPRequest[:HeaderLen], out, "the header Append wrote (0xaa is a byte it did not write)")

	out, err = goldenHeader.Append(append(junk(64), "keep"...))
	require.NoError(t, err)
	assert.Equal(t, "keep", string(out[:4]), "Append appends: what b held stays in front")
	assert.Equal(t, goldenARPRequest[:HeaderLen], out[4:])
}

func TestAppendFrameGolden(t *testing.T) {
	todo.Covers(t, 3, "ether-frame-out")
	out, err := AppendFrame(junk(128), goldenHeader, goldenARPPacket)
	require.NoError(t, err, "AppendFrame of the golden ARP request")
	assert.Equal(t, goldenARPRequest, out, "the frame, padded with zeros to 60 bytes (0xaa is a byte AppendFrame did not write)")
}

func TestAppendFramePadding(t *testing.T) {
	todo.Covers(t, 3, "ether-frame-out")
	tests := []struct {
		name       string
		prefix     string // bytes already in the buffer
		payloadLen int
		wantLen    int // length of the frame, without the prefix
	}{
		{"empty payload", "", 0, MinFrameLen},
		{"one byte", "", 1, MinFrameLen},
		{"one byte short of the minimum", "", MinPayloadLen - 1, MinFrameLen},
		{"minimum payload", "", MinPayloadLen, MinFrameLen},
		{"no padding needed", "", MinPayloadLen + 1, MinFrameLen + 1},
		{"full-size frame", "", MaxPayloadLen, MaxFrameLen},
		{"padding counts from the frame, not the buffer", "0123456789", 10, MinFrameLen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload := bytes.Repeat([]byte{0x5c}, tt.payloadLen)
			buf := append(junk(2048), tt.prefix...)
			out, err := AppendFrame(buf, goldenHeader, payload)
			require.NoError(t, err, "AppendFrame")
			require.Equal(t, tt.prefix, string(out[:len(tt.prefix)]), "what b held stays in front")
			frame := out[len(tt.prefix):]
			require.Len(t, frame, tt.wantLen, "frame length")
			assert.Equal(t, goldenARPRequest[:HeaderLen], frame[:HeaderLen], "header")
			assert.Equal(t, payload, frame[HeaderLen:HeaderLen+tt.payloadLen], "payload")
			padding := frame[HeaderLen+tt.payloadLen:]
			assert.Equal(t, make([]byte, len(padding)), padding, "padding must be zero bytes")
		})
	}
}

// parseErrorCases has one frame per validation rule of Parse, with the
// error it must cause. FuzzParse uses them as seeds.
var parseErrorCases = []struct {
	name  string
	frame []byte
	want  error
}{
	{"empty", nil, ErrTooShort},
	{"addresses only", goldenARPRequest[:12], ErrTooShort},
	{"one byte short of a header", goldenARPRequest[:13], ErrTooShort},
	{"802.3 length 46", func() []byte { f := clone(goldenARPRequest); f[12], f[13] = 0x00, 0x2e; return f }(), ErrEtherType},
	{"802.3 length 1500", func() []byte { f := clone(goldenARPRequest); f[12], f[13] = 0x05, 0xdc; return f }(), ErrEtherType},
	{"undefined 0x05ff", func() []byte { f := clone(goldenARPRequest); f[12], f[13] = 0x05, 0xff; return f }(), ErrEtherType},
	{"zero type", func() []byte { f := clone(goldenARPRequest); f[12], f[13] = 0, 0; return f }(), ErrEtherType},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorCases {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(tt.frame)
			assert.ErrorIs(t, err, tt.want)
		})
	}
	_, _, err := Parse(goldenARPRequest[:13])
	assert.EqualError(t, err, "ethernet: frame too short: 13 bytes, a header needs 14")

	f := clone(goldenARPRequest)
	f[12], f[13] = 0x05, 0xff
	_, _, err = Parse(f)
	assert.EqualError(t, err, "ethernet: not an EtherType: 0x05ff is an IEEE 802.3 length (LLC is not supported)")

	f[12], f[13] = 0x06, 0x00
	_, _, err = Parse(f)
	assert.NoError(t, err, "0x0600 is the smallest EtherType")
}

func TestAppendErrors(t *testing.T) {
	todo.Covers(t, 3, "ether-frame-out")
	bad := goldenHeader
	bad.Type = 0x05dc
	out, err := bad.Append([]byte("keep"))
	assert.ErrorIs(t, err, ErrEtherType)
	assert.Equal(t, "keep", string(out), "on error Append returns b unchanged")

	tests := []struct {
		name    string
		h       Header
		payload []byte
		want    error
	}{
		{"802.3 length", bad, nil, ErrEtherType},
		{"zero header", Header{}, []byte{1}, ErrEtherType},
		{"payload too long", goldenHeader, make([]byte, MaxPayloadLen+1), ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := AppendFrame([]byte("keep"), tt.h, tt.payload)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, "keep", string(out), "on error AppendFrame returns b unchanged")
		})
	}
}

func TestString(t *testing.T) {
	assert.Equal(t, "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff type=arp", goldenHeader.String())

	tests := []struct {
		t    EtherType
		want string
	}{
		{EtherTypeIPv4, "ipv4"},
		{EtherTypeARP, "arp"},
		{EtherTypeIPv6, "ipv6"},
		{EtherTypeVLAN, "vlan"},
		{0x88cc, "0x88cc"}, // LLDP
		{0x002e, "0x002e"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.t.String())
	}
}
