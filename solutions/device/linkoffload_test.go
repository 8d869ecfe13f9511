//camp:file 6

package device_test

import (
	"bytes"
	"encoding/binary"
	"net"
	"sync"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// tcpFrame builds, with gopacket, an Ethernet frame holding an IPv4
// datagram from 192.0.2.10:4000 to 192.0.2.11:9 with a TCP segment
// carrying dataLen bytes, its checksums computed. It returns the frame and
// the TCP checksum gopacket computed.
func tcpFrame(t *testing.T, dataLen int) ([]byte, uint16) {
	t.Helper()
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 0x0a}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 0x0b},
		EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP,
		SrcIP: net.IPv4(192, 0, 2, 10), DstIP: net.IPv4(192, 0, 2, 11)}
	tcp := &layers.TCP{SrcPort: 4000, DstPort: 9, Seq: 1000, Ack: 1, ACK: true, PSH: true, Window: 65535}
	require.NoError(t, tcp.SetNetworkLayerForChecksum(ip))
	data := make([]byte, dataLen)
	for i := range data {
		data[i] = byte(i * 7)
	}
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true},
		eth, ip, tcp, gopacket.Payload(data)))
	frame := buf.Bytes()
	return frame, binary.BigEndian.Uint16(frame[14+20+16:])
}

// partial turns frame's TCP checksum into what a sender that leaves it to
// the device writes: the pseudo-header's sum, folded, not complemented.
func partial(frame []byte) []byte {
	f := bytes.Clone(frame)
	segLen := len(f) - 14 - 20
	var sum uint32 // source, destination, protocol and length, as 16-bit words
	for _, w := range [][2]byte{{192, 0}, {2, 10}, {192, 0}, {2, 11}} {
		sum += uint32(w[0])<<8 | uint32(w[1])
	}
	sum += 6 + uint32(segLen)
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	binary.BigEndian.PutUint16(f[14+20+16:], uint16(sum))
	return f
}

func TestOffloadLinkPortsOfferGSO(t *testing.T) {
	type gso interface{ GSOMaxSize() int }
	plain, ok := device.NewLink().NewPort().(gso)
	require.True(t, ok, "a Link port says how large a TCP datagram it takes")
	assert.Zero(t, plain.GSOMaxSize(), "a plain Link takes no segment larger than a frame")
	off := device.NewOffloadLink().NewPort().(gso)
	assert.Equal(t, device.OffloadGSOMaxSize, off.GSOMaxSize(), "an offload Link takes whole TCP segments")
}

func TestOffloadLinkHandsALargeSegmentOverWholeWithItsChecksumPartial(t *testing.T) {
	link := device.NewOffloadLink()
	var mu sync.Mutex
	var frames [][]byte
	var metas []stack.FrameMeta
	w := link.NewPort()
	mw, ok := w.(device.MetaWire)
	require.True(t, ok, "a Link port is a MetaWire")
	require.NoError(t, mw.OpenMeta(func(f []byte, m stack.FrameMeta) {
		mu.Lock()
		defer mu.Unlock()
		frames = append(frames, bytes.Clone(f))
		metas = append(metas, m)
		if m.Block != nil {
			m.Block.Release()
		}
	}))
	defer w.Close()
	sender := link.NewPort()
	require.NoError(t, sender.Open(func([]byte) {}))
	defer sender.Close()

	full, _ := tcpFrame(t, 60000)
	large := partial(full)
	small, _ := tcpFrame(t, 100)
	require.NoError(t, sender.WriteFrame(large))
	require.NoError(t, sender.WriteFrame(small))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, frames, 2, "frames delivered")
	assert.Equal(t, large, frames[0], "the 60,000-byte segment crosses whole and untouched")
	assert.Equal(t, stack.ChecksumPartial, metas[0].Checksum, "checksum state of the large segment")
	assert.Equal(t, small, frames[1], "the small frame crosses as it is")
	assert.Equal(t, stack.ChecksumNone, metas[1].Checksum, "checksum state of a frame-sized segment: it was computed")
}

func TestOffloadLinkFinishesTheChecksumForAPortThatCannotTakeItPartial(t *testing.T) {
	link := device.NewOffloadLink()
	got := &inbox{}
	w := link.NewPort()
	require.NoError(t, w.Open(got.rx))
	defer w.Close()
	sender := link.NewPort()
	require.NoError(t, sender.Open(func([]byte) {}))
	defer sender.Close()

	full, want := tcpFrame(t, 30000)
	large := partial(full)
	require.NoError(t, sender.WriteFrame(large))

	frames := got.got()
	require.Len(t, frames, 1, "frames delivered")
	assert.Equal(t, large, partial(full), "the sender's frame is left alone")
	pkt := gopacket.NewPacket(frames[0], layers.LayerTypeEthernet, gopacket.Default)
	tcp, ok := pkt.Layer(layers.LayerTypeTCP).(*layers.TCP)
	require.True(t, ok, "gopacket decodes a TCP segment: %v", pkt)
	assert.Equalf(t, want, tcp.Checksum, "TCP checksum: %#04x, want %#04x as gopacket computed it", tcp.Checksum, want)
	assert.Equal(t, full, frames[0], "with its checksum finished, the frame is the one gopacket built")
}
