//camp:file 6

package tcp

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseVerifiedChecksAllButTheChecksum: parseVerified, for segments
// whose checksum the device vouched for, makes every check of Parse but
// the checksum's, and reads the same header and data.
func TestParseVerifiedChecksAllButTheChecksum(t *testing.T) {
	for _, tt := range wireErrorCases {
		_, _, err := parseVerified(tt.seg)
		if errors.Is(tt.want, ErrChecksum) {
			assert.NoError(t, err, "%s: the checksum is not parseVerified's to check", tt.name)
			continue
		}
		assert.ErrorIs(t, err, tt.want, tt.name)
	}
	for _, seg := range [][]byte{goldenSYN, goldenData} {
		checkParseVerifiedAgrees(t, seg)
	}
}

// FuzzParseVerified: whatever the bytes, a segment Parse accepts is read
// the same by parseVerified, and one parseVerified refuses is refused by
// Parse too.
func FuzzParseVerified(f *testing.F) {
	f.Add(goldenSYN)
	f.Add(goldenData)
	for _, tt := range wireErrorCases {
		if len(tt.seg) <= MaxSegmentLen {
			f.Add(tt.seg)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkParseVerifiedAgrees(t, b)
		if len(b) >= MinHeaderLen && len(b) <= MaxSegmentLen {
			checkParseVerifiedAgrees(t, withWireChecksum(bytes.Clone(b)))
		}
	})
}

// checkParseVerifiedAgrees checks parseVerified against Parse on b.
func checkParseVerifiedAgrees(t *testing.T, b []byte) {
	t.Helper()
	h, payload, err := Parse(b, wireSrc, wireDst)
	vh, vpayload, verr := parseVerified(b)
	if verr != nil {
		require.Error(t, err, "parseVerified refuses (%v) a segment Parse accepts", verr)
		return
	}
	if err != nil {
		require.ErrorIs(t, err, ErrChecksum, "Parse refuses a segment parseVerified accepts, for another reason than the checksum")
		return
	}
	assert.Equal(t, h, vh, "the header")
	assert.Equal(t, payload, vpayload, "the data")
}
