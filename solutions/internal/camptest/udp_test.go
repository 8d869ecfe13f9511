//camp:file solutions

package camptest

import (
	"fmt"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
)

// errorRecorder is a testing.TB that records Errorf instead of failing.
type errorRecorder struct {
	testing.TB
	errors []string
}

func (r *errorRecorder) Helper() {}
func (r *errorRecorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestCheckUDPWantsAChecksum(t *testing.T) {
	frame := UDPFrame(t, "02:00:00:00:00:01", "02:00:00:00:00:02", "192.0.2.1", "192.0.2.2", 4000, 53, []byte("hello"))
	decode := func(b []byte) gopacket.Packet {
		return gopacket.NewPacket(b, layers.LayerTypeEthernet, gopacket.Default)
	}

	r := &errorRecorder{TB: t}
	u := CheckUDP(r, decode(frame))
	assert.Empty(t, r.errors, "a correct checksum passes")
	assert.NotZero(t, u.Checksum, "gopacket computed one")

	// The checksum field is the last two bytes of the UDP header: 14
	// (Ethernet) + 20 (IPv4) + 6.
	zero := append([]byte(nil), frame...)
	zero[40], zero[41] = 0, 0
	r = &errorRecorder{TB: t}
	CheckUDP(r, decode(zero))
	if assert.Len(t, r.errors, 1, "a zero checksum fails") {
		assert.Contains(t, r.errors[0], `UDP checksum is 0 ("none computed")`)
	}

	wrong := append([]byte(nil), frame...)
	wrong[40] ^= 0x01
	r = &errorRecorder{TB: t}
	CheckUDP(r, decode(wrong))
	if assert.Len(t, r.errors, 1, "a wrong checksum fails") {
		assert.Contains(t, r.errors[0], "gopacket computes")
	}
}
