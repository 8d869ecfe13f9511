// Generated from solutions/arp/bounds_test.go by "go run ./tools/course gen".
// Learners: this is your copy — fill in its TODO(day5) parts. Course authors: edit
// solutions/arp/bounds_test.go instead and regenerate; `course check` fails when the two drift.

package arp_test

import (
	"context"
	"fmt"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day5-tcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day5-tcp/todo"
)

// TestCacheIsBounded: requests for us from 2,000 different sender
// addresses are all answered, but the cache keeps at most MaxEntries (512)
// of the senders: a peer cannot grow it without end. The stack can still
// resolve an address of its own choosing.
func TestCacheIsBounded(t *testing.T) {
	todo.Covers(t, 3, "arp-merge")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		const senders, max = 2000, 512
		replies := 0
		for i := range senders {
			sender := fmt.Sprintf("02:00:00:00:%02x:%02x", i>>8, i&0xff)
			from := netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}).String()
			port.Send(t, camptest.ARPFrame(t, layers.ARPRequest, sender, bcast, sender, from, zeroMAC, usIP))
			if i%256 == 255 || i == senders-1 {
				synctest.Wait()
				for _, a := range camptest.ARPs(port.Packets()) {
					if a.Operation == layers.ARPReply {
						replies++
					}
				}
			}
		}
		assert.Equal(t, senders, replies, "every request for us is answered")
		assert.Len(t, h.ARP.Entries(), max, "the cache holds MaxEntries senders, no more")
		assert.Equal(t, uint64(senders-max), h.ARP.Stats().CacheFull, "the others are counted, not cached")

		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		h.Ping(ctx, netip.MustParseAddr("192.0.2.77"), 1, nil)
		var asked bool
		for _, a := range camptest.ARPs(port.Packets()) {
			asked = asked || (a.Operation == layers.ARPRequest && netip.AddrFrom4([4]byte(a.DstProtAddress)).String() == "192.0.2.77")
		}
		require.True(t, asked, "a full cache still resolves what the stack sends to")
	})
}
