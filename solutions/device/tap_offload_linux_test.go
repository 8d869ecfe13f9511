//camp:file 6

//go:build linux

package device

import (
	"bytes"
	"encoding/binary"
	"net"
	"net/netip"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/checksum"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// tcpFrame builds, with gopacket, an Ethernet frame holding an IPv4 TCP
// segment with n bytes of data and a correct checksum.
func tcpFrame(t *testing.T, n int) []byte {
	t.Helper()
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: net.IPv4(192, 0, 2, 1), DstIP: net.IPv4(192, 0, 2, 2)}
	tcp := &layers.TCP{SrcPort: 40000, DstPort: 9, Seq: 1, Ack: 1, ACK: true, Window: 1000}
	require.NoError(t, tcp.SetNetworkLayerForChecksum(ip))
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(i * 7)
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	require.NoError(t, gopacket.SerializeLayers(buf, opts, eth, ip, tcp, gopacket.Payload(data)))
	return buf.Bytes()
}

// tcpChecksumOK checks the frame's TCP checksum by hand: the one's
// complement sum over the segment and its pseudo-header, field included,
// is all ones.
func tcpChecksumOK(t *testing.T, frame []byte) bool {
	t.Helper()
	if len(frame) < 14+20 {
		t.Errorf("a %d-byte frame holds no IPv4 header (Ethernet 14 + IPv4 20 bytes): % x", len(frame), frame)
		return false
	}
	seg := frame[14+20:]
	sum := checksum.PseudoHeaderSum(netip.AddrFrom4([4]byte(frame[26:30])), netip.AddrFrom4([4]byte(frame[30:34])), 6, uint16(len(seg)))
	for i := 0; i+1 < len(seg); i += 2 {
		sum += uint32(binary.BigEndian.Uint16(seg[i:]))
	}
	if len(seg)%2 == 1 {
		sum += uint32(seg[len(seg)-1]) << 8
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	return sum == 0xffff
}

func TestFromVnetFinishesTheChecksum(t *testing.T) {
	frame := tcpFrame(t, 1000)
	require.True(t, tcpChecksumOK(t, frame))
	// What the kernel hands over with TUN_F_CSUM: the field holds only the
	// pseudo-header's sum.
	partial := checksum.PseudoHeaderSum(netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2"), 6, uint16(len(frame)-34))
	for partial > 0xffff {
		partial = partial>>16 + partial&0xffff
	}
	binary.BigEndian.PutUint16(frame[34+16:], uint16(partial))
	require.False(t, tcpChecksumOK(t, frame))
	hdr := make([]byte, vnetHdrLen)
	hdr[offVnetFlags] = vnetNeedsCsum
	binary.LittleEndian.PutUint16(hdr[offVnetCsumStart:], 34)
	binary.LittleEndian.PutUint16(hdr[offVnetCsumOff:], 16)

	got, sum := fromVnet(append(hdr, bytes.Clone(frame)...), false)
	require.NotNil(t, got)
	assert.Len(t, got, len(frame), "the header is taken off")
	assert.True(t, tcpChecksumOK(t, got), "the checksum is finished")
	assert.Equal(t, stack.ChecksumUnnecessary, sum, "a checksum we finished is right: TCP need not check it again")

	got, sum = fromVnet(append(hdr, bytes.Clone(frame)...), true)
	require.NotNil(t, got)
	assert.Equal(t, frame, got, "lazy: the frame as the kernel sent it, its checksum unfinished")
	assert.Equal(t, stack.ChecksumPartial, sum, "lazy: the stack learns that the checksum is unfinished")
}

// vnetFlags returns a virtio-net header with flags and nothing else.
func vnetFlags(flags byte) []byte {
	hdr := make([]byte, vnetHdrLen)
	hdr[offVnetFlags] = flags
	return hdr
}

func TestFromVnetPassesOnDataValid(t *testing.T) {
	frame := tcpFrame(t, 100)
	frame[len(frame)-1] ^= 0xff // the checksum no longer fits: the kernel's word is taken all the same
	for _, lazy := range []bool{false, true} {
		got, sum := fromVnet(append(vnetFlags(vnetDataValid), frame...), lazy)
		assert.Equal(t, frame, got, "DATA_VALID: the frame as it is")
		assert.Equal(t, stack.ChecksumUnnecessary, sum, "DATA_VALID: the kernel checked the checksum")

		_, sum = fromVnet(append(vnetFlags(0), frame...), lazy)
		assert.Equal(t, stack.ChecksumNone, sum, "no flags: the stack checks the checksum itself")
	}
}

func TestFromVnetVouchesOnlyForAWholeDatagramsTransportChecksum(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func([]byte) []byte
	}{
		{"a fragment (MF)", func(f []byte) []byte { f[14+6] |= 0x20; return f }},
		{"a fragment (offset)", func(f []byte) []byte { f[14+7] = 1; return f }},
		{"ICMP", func(f []byte) []byte { f[14+9] = 1; return f }},
		{"not IPv4 (ARP)", func(f []byte) []byte { binary.BigEndian.PutUint16(f[12:], 0x0806); return f }},
		{"padding after the datagram", func(f []byte) []byte { return append(f, 0, 0) }},
		{"IPv4 Total Length beyond the frame", func(f []byte) []byte { return f[:len(f)-1] }},
	} {
		_, sum := fromVnet(append(vnetFlags(vnetDataValid), c.change(tcpFrame(t, 100))...), true)
		assert.Equal(t, stack.ChecksumNone, sum, "%s with DATA_VALID", c.name)
	}
	// NEEDS_CSUM for a field other than TCP's checksum: finished where the
	// header says, but TCP's own checksum is not vouched for.
	hdr := vnetFlags(vnetNeedsCsum)
	binary.LittleEndian.PutUint16(hdr[offVnetCsumStart:], 34)
	binary.LittleEndian.PutUint16(hdr[offVnetCsumOff:], 6)
	frame := tcpFrame(t, 100)
	got, sum := fromVnet(append(hdr, bytes.Clone(frame)...), true)
	require.NotNil(t, got)
	assert.Equal(t, stack.ChecksumNone, sum, "NEEDS_CSUM with csum_offset 6, not TCP's 16")
	assert.NotEqual(t, frame, got, "NEEDS_CSUM with csum_offset 6: finished at once, even when lazy")
}

func TestFromVnetRefusesBadHeaders(t *testing.T) {
	frame := tcpFrame(t, 10)
	short, _ := fromVnet(make([]byte, vnetHdrLen-1), true)
	assert.Nil(t, short, "shorter than the header")
	for _, c := range []struct{ start, off uint16 }{{uint16(len(frame)) + 1, 0}, {34, 17}, {34, uint16(len(frame))}} {
		hdr := make([]byte, vnetHdrLen)
		hdr[offVnetFlags] = vnetNeedsCsum
		binary.LittleEndian.PutUint16(hdr[offVnetCsumStart:], c.start)
		binary.LittleEndian.PutUint16(hdr[offVnetCsumOff:], c.off)
		got, _ := fromVnet(append(hdr, frame...), true)
		assert.Nil(t, got, "csum_start %d, csum_offset %d", c.start, c.off)
	}
	plain, _ := fromVnet(append(make([]byte, vnetHdrLen), frame...), true)
	assert.Equal(t, frame, plain, "no flags: the frame as it is")
}

func TestGSOHeader(t *testing.T) {
	frame := tcpFrame(t, 20000)
	hdr := make([]byte, vnetHdrLen)
	gsoHeader(hdr, frame[:14], frame[14:])
	assert.Equal(t, byte(vnetNeedsCsum), hdr[offVnetFlags])
	assert.Equal(t, byte(vnetGSOTCPv4), hdr[offVnetGSOType])
	assert.Equal(t, uint16(54), binary.LittleEndian.Uint16(hdr[offVnetHdrLen:]), "Ethernet, IPv4 and TCP headers")
	assert.Equal(t, uint16(1460), binary.LittleEndian.Uint16(hdr[offVnetGSOSize:]), "segments of the MTU less the headers")
	assert.Equal(t, uint16(34), binary.LittleEndian.Uint16(hdr[offVnetCsumStart:]))
	assert.Equal(t, uint16(16), binary.LittleEndian.Uint16(hdr[offVnetCsumOff:]))
	// Finishing the checksum as the kernel will gives the right one.
	again, _ := fromVnet(append(hdr, frame...), false)
	require.NotNil(t, again)
	assert.True(t, tcpChecksumOK(t, again))

	udp := make([]byte, 2000)
	binary.BigEndian.PutUint16(udp[12:], 0x0800)
	udp[14], udp[14+9] = 0x45, 17
	hdr = make([]byte, vnetHdrLen)
	gsoHeader(hdr, udp[:14], udp[14:])
	assert.Equal(t, make([]byte, vnetHdrLen), hdr, "not TCP: no offload asked")
}

func FuzzFromVnet(f *testing.F) {
	f.Add(append([]byte{vnetNeedsCsum, 0, 0, 0, 0, 0, 34, 0, 16, 0}, make([]byte, 60)...))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, lazy := range []bool{false, true} {
			frame, _ := fromVnet(bytes.Clone(b), lazy)
			if frame != nil && len(frame) != len(b)-vnetHdrLen {
				t.Fatalf("%d bytes out of %d in", len(frame), len(b))
			}
		}
	})
}
