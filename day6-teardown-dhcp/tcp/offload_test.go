// Generated from solutions/tcp/offload_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/offload_test.go instead and regenerate; `course check` fails when the two drift.

package tcp

import (
	"encoding/binary"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/checksum"
)

// A segment left for the device to sum (offload.go) holds the folded sum
// of its pseudo-header in its checksum field. Finished as a device
// finishes it (the sum of everything from the TCP header on, the field
// included, complemented), it must be the segment gopacket builds with
// its own checksum, and the one Append builds.
func TestPartialChecksumFinishedByTheDeviceIsTheChecksum(t *testing.T) {
	withTS := Header{SrcPort: 40000, DstPort: 19, Seq: 1 << 31, Ack: 77, Flags: FlagACK | FlagPSH, Window: 512,
		Options: HeaderOptions{WindowScale: -1, HasTimestamps: true, TSVal: 123456, TSEcr: 654321}}
	plain := withTS
	plain.Options = noOptions()
	for _, tt := range []struct {
		name string
		h    Header
		size int
	}{
		{"64 KiB less headers, timestamps", withTS, 65535 - 20 - 32},
		{"odd length, no options", plain, 20001},
		{"one byte", plain, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			payload := make([]byte, tt.size)
			for i := range payload {
				payload[i] = byte(i*131 + i>>8)
			}
			// Junk where the segment goes: appendPartial must write every
			// byte, the checksum field included.
			out, err := tt.h.appendPartial(wireJunk(MaxSegmentLen), payload, oracleTCPSrc, oracleTCPDst)
			require.NoError(t, err, "appendPartial")
			require.Len(t, out, MinHeaderLen+tt.h.Options.Len()+tt.size, "header, options and data")

			// The pseudo-header's words by hand: 10.0.0.1, 198.51.100.200,
			// protocol 6, the segment's length; folded, not complemented.
			want := uint32(0x0a00+0x0001+0xc633+0x64c8+6) + uint32(len(out))
			for want > 0xffff {
				want = want>>16 + want&0xffff
			}
			field := binary.BigEndian.Uint16(out[offChecksum:])
			assert.Equal(t, uint16(want), field, "the checksum field holds the pseudo-header's sum only (0x%04x), got 0x%04x", want, field)

			// The device's part: sum from the TCP header on, the field as it is.
			finished, err := checksum.Compute(out, offChecksum, uint32(field))
			require.NoError(t, err)
			binary.BigEndian.PutUint16(out[offChecksum:], finished)

			full, err := tt.h.Append(nil, payload, oracleTCPSrc, oracleTCPDst)
			require.NoError(t, err, "Append")
			assert.Equal(t, full, out, "finished by the device, the segment is the one Append builds with its full checksum (bytes 16-17)")

			seg := &layers.TCP{}
			require.NoError(t, seg.DecodeFromBytes(out, gopacket.NilDecodeFeedback), "gopacket cannot decode the finished segment")
			require.NoError(t, seg.SetNetworkLayerForChecksum(oracleTCPIPv4(oracleTCPSrc, oracleTCPDst)))
			buf := gopacket.NewSerializeBuffer()
			require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true}, seg, gopacket.Payload(seg.Payload)))
			assert.Equal(t, buf.Bytes(), out, "gopacket computes another checksum for the finished segment (bytes 16-17)")
		})
	}
}

func TestAppendPartialRefusesTooLong(t *testing.T) {
	h := Header{SrcPort: 1, DstPort: 2, Options: noOptions()}
	b := []byte("kept")
	got, err := h.appendPartial(b, make([]byte, MaxSegmentLen-MinHeaderLen+1), oracleTCPSrc, oracleTCPDst)
	assert.ErrorIs(t, err, ErrTooLong)
	assert.Equal(t, []byte("kept"), got, "the buffer comes back unchanged")
}

// Only a segment the device cuts is left for it to sum: one whose
// datagram is larger than the device's MTU, over a device with GSO. A
// segment that fits one frame goes out as it is, and must carry its full
// checksum.
func TestPartialChecksumOnlyForSegmentsTheDeviceCuts(t *testing.T) {
	ts := Header{Options: HeaderOptions{WindowScale: -1, HasTimestamps: true}} // 12 bytes of options
	gso := &conn{sndMSS: 1448, gsoSegment: 65483 - tsSpace, gsoMTU: 1500}
	assert.False(t, gso.partialChecksum(ts, 1448), "IPv4 20 + TCP 20 + timestamps 12 + 1448 bytes = 1500, one frame: full checksum")
	assert.True(t, gso.partialChecksum(ts, 1449), "a datagram of 1501 bytes: the device cuts it and sums the pieces")
	assert.True(t, gso.partialChecksum(ts, 60000), "a 60,000-byte segment: the device sums the pieces")
	assert.False(t, gso.partialChecksum(ts, 0), "an ACK: full checksum")

	none := &conn{sndMSS: 1448, gsoSegment: 1448}
	assert.False(t, none.partialChecksum(ts, 1448), "no GSO (the in-memory Link, a TAP without offloads): always the full checksum")
	reset := &conn{sndMSS: 1448, gsoSegment: 0, gsoMTU: 1500}
	assert.False(t, reset.partialChecksum(ts, 1449), "after a path MTU change, until maxSegment has looked at the device again: the full checksum")
}
