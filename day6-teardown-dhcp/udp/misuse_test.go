// Generated from solutions/udp/misuse_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/udp/misuse_test.go instead and regenerate; `course check` fails when the two drift.

package udp_test

import (
	"net"
	"net/netip"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
)

// TestSocketCloseTwiceAndUseAfterClose: a second Close, and reads and
// writes on a closed socket, fail with net.ErrClosed.
func TestSocketCloseTwiceAndUseAfterClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, _ := setup(t)
		c, err := h.ListenUDP("udp", nil)
		require.NoError(t, err)
		n, err := c.WriteTo(nil, udpAddr(peerIP+":7"))
		assert.NoError(t, err, "an empty datagram is a datagram")
		assert.Zero(t, n)
		require.NoError(t, c.Close())
		assert.ErrorIs(t, c.Close(), net.ErrClosed)
		_, _, err = c.ReadFrom(make([]byte, 10))
		assert.ErrorIs(t, err, net.ErrClosed)
		_, err = c.WriteTo([]byte("x"), udpAddr(peerIP+":7"))
		assert.ErrorIs(t, err, net.ErrClosed)
	})
}

// TestConcurrentSocketUse: goroutines send and receive on two sockets at
// once, more than the receive queue (QueueLen) holds, and the sockets are
// closed under them: every datagram is either read whole or counted as
// dropped, every blocked reader is woken, and -race finds nothing.
func TestConcurrentSocketUse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		a := camptest.NewHost(t, host.Options{})
		b := camptest.NewHost(t, host.Options{})
		camptest.AddEthernet(t, a, link, "02:00:00:00:00:0a", "192.0.2.10/24")
		camptest.AddEthernet(t, b, link, "02:00:00:00:00:0b", "192.0.2.11/24")
		camptest.Start(t, a.Stack)
		camptest.Start(t, b.Stack)
		from, err := a.ListenUDP("udp", nil)
		require.NoError(t, err)
		to, err := b.ListenUDP("udp", &net.UDPAddr{Port: 7})
		require.NoError(t, err)

		// ARP first: while it resolves, only a few datagrams wait (arp's
		// QueueLen), and the rest would be dropped before the wire.
		_, err = a.Ping(t.Context(), netip.MustParseAddr("192.0.2.11"), 1, nil)
		require.NoError(t, err)

		const senders, each = 8, 100
		var wg sync.WaitGroup
		for range senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					from.WriteTo([]byte("0123456789"), udpAddr("192.0.2.11:7"))
				}
			}()
		}
		var mu sync.Mutex
		read := 0
		var rg sync.WaitGroup
		for range 4 {
			rg.Add(1)
			go func() {
				defer rg.Done()
				buf := make([]byte, 100)
				for {
					n, _, err := to.ReadFrom(buf)
					if err != nil {
						return
					}
					mu.Lock()
					if n == 10 {
						read++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		synctest.Wait()
		to.Close()
		from.Close()
		rg.Wait()
		st := b.UDP.Stats()
		assert.Equal(t, uint64(senders*each), uint64(read)+st.RcvbufErrors, "every datagram read whole, or dropped and counted")
	})
}
