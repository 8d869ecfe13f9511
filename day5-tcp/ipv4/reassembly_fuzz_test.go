// Generated from solutions/ipv4/reassembly_fuzz_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/ipv4/reassembly_fuzz_test.go instead and regenerate; `course check` fails when the two drift.

package ipv4

import (
	"encoding/binary"
	"io"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day5-tcp/logging"
	"github.com/go-tcpip-camp/camp/day5-tcp/stack"
)

// fuzzByte is byte i of the data of datagram id in FuzzReassembly.
func fuzzByte(id uint16, i int) byte { return byte(i*7 + i/253 + int(id)) }

// FuzzReassembly feeds the reassembly any sequence of fragments: each 6
// bytes of the input are one fragment (source, Identification, the
// Flags/Fragment Offset word with its MF bit, and a length up to 65,535),
// whose data are the bytes of a known pattern at that offset. Reassembly
// must never panic, never hold more than its budget, and every datagram it
// completes must be the pattern, byte for byte, no longer than 65,535
// bytes with its header.
//
//	go test -fuzz=FuzzReassembly ./solutions/ipv4
func FuzzReassembly(f *testing.F) {
	record := func(src, id byte, mf bool, off, n uint16) []byte {
		word := off / 8
		if mf {
			word |= 0x2000
		}
		return []byte{src, id, byte(word >> 8), byte(word), byte(n >> 8), byte(n)}
	}
	f.Add(append(record(1, 1, true, 0, 1480), record(1, 1, false, 1480, 100)...))                                     // in order
	f.Add(append(record(1, 1, false, 1480, 100), record(1, 1, true, 0, 1480)...))                                     // reversed
	f.Add(append(record(1, 1, true, 0, 1480), record(1, 1, true, 0, 1480)...))                                        // duplicate
	f.Add(append(record(1, 1, true, 0, 1480), record(1, 1, false, 1472, 100)...))                                     // overlap
	f.Add(append(record(2, 9, true, 0, 65528), record(2, 9, false, 65528, 65535)...))                                 // too big
	f.Add(append(append(record(3, 1, true, 0, 60000), record(4, 1, true, 0, 60000)...), record(5, 1, true, 0, 8)...)) // budget
	f.Fuzz(func(t *testing.T, in []byte) {
		s := stack.New(stack.Options{Logger: logging.New(io.Discard, logging.LevelError)})
		defer s.Close()
		l, err := New(s)
		require.NoError(t, err)
		for n := 0; len(in) >= 6 && n < 300; n, in = n+1, in[6:] {
			word := binary.BigEndian.Uint16(in[2:])
			h := Header{
				HeaderLen: MinHeaderLen, TTL: 64, Protocol: ProtocolUDP, ID: uint16(in[1]),
				Flags: Flags(word>>13) & FlagMF, FragOff: word & FragOffMask,
				Src: netip.AddrFrom4([4]byte{198, 51, 100, in[0] % 8}), Dst: netip.MustParseAddr("192.0.2.2"),
			}
			size := int(binary.BigEndian.Uint16(in[4:]))
			start := int(h.FragOff) * 8
			data := make([]byte, size)
			for i := range data {
				data[i] = fuzzByte(h.ID, start+i)
			}
			h.TotalLen = uint16(min(MinHeaderLen+size, MaxTotalLen))
			whole, payload, done, _ := l.reassemble(h, data)
			_, bytes := l.ReassemblyInUse()
			require.LessOrEqual(t, bytes, ReassemblyHighThresh, "reassembly holds more than its budget")
			if !done {
				continue
			}
			require.LessOrEqual(t, whole.HeaderLen+len(payload), MaxTotalLen, "a reassembled datagram over 65,535 bytes")
			require.Equal(t, int(whole.TotalLen), whole.HeaderLen+len(payload), "TotalLen of the reassembled datagram")
			require.False(t, whole.IsFragment(), "the reassembled datagram is no fragment")
			for i, b := range payload {
				if b != fuzzByte(h.ID, i) {
					t.Fatalf("byte %d of reassembled datagram id=%d is %#x, want %#x", i, h.ID, b, fuzzByte(h.ID, i))
				}
			}
		}
	})
}
