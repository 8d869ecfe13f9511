//camp:file 2

package icmp

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/go-tcpip-camp/camp/solutions/checksum"

	"github.com/stretchr/testify/require"
)

// FuzzParse feeds Parse any bytes. Parse must never panic, and a message it
// accepts must survive a round trip: Append writes back the bytes Parse
// read, and parsing them again gives the same message. The one exception is
// the checksum field: 0x0000 and 0xffff are the same number in one's
// complement (RFC 1624 §3), Parse accepts either, and Append writes the one
// it computes (an all-zero message is received with 0x0000 and sent back
// with 0xffff).
//
// The seeds are the golden message, its variants from the tests and the
// files in testdata/fuzz/FuzzParse. Run it with
//
//	go test -fuzz=FuzzParse ./solutions/icmp
func FuzzParse(f *testing.F) {
	f.Add(goldenEcho)
	f.Add(goldenEcho[:8])
	f.Add(goldenEcho[:7])
	f.Add(make([]byte, 8)) // sums to zero: its checksum is written 0xffff
	f.Add(fixChecksum(bytes.Clone(goldenEcho[:9])))
	f.Add(fixChecksum(append([]byte{3, 3, 0, 0, 0, 0, 0, 0}, goldenDatagram[:28]...)))
	for _, tt := range parseErrorCases {
		f.Add(tt.msg)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil {
			return
		}
		out, err := m.Append(nil)
		require.NoError(t, err, "Append of a message Parse accepted: %v", m)
		require.Len(t, out, len(b), "Append must write as many bytes as Parse read")
		got, wrote := binary.BigEndian.Uint16(b[2:4]), binary.BigEndian.Uint16(out[2:4])
		require.True(t, checksum.Equal(got, wrote), "checksum read 0x%04x, written 0x%04x: not the same number", got, wrote)
		copy(out[2:4], b[2:4])
		require.Equal(t, b, out, "Append must write back the bytes Parse read")

		again, err := Parse(out)
		require.NoError(t, err, "Parse of what Append wrote")
		require.Equal(t, m, again)
	})
}
