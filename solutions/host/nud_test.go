//camp:file 5

package host_test

import (
	"bytes"
	"context"
	"io"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/arp"
	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/todo"
)

// TestTCPConfirmationKeepsNeighbourReachable: a TCP connection between two
// stacks exchanges 100 bytes each way every 200 ms for 100 s, more than
// three ReachableTimes (30 s). Every ACK of new data confirms the
// neighbour (ipv4.Layer.ConfirmNeighbour, RFC 4861 §7.3.1), so once the
// connection is open neither side sends a single ARP packet, both entries
// stay REACHABLE, and no exchange waits.
func TestTCPConfirmationKeepsNeighbourReachable(t *testing.T) {
	todo.Covers(t, 3, "arp-nud")
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		a := camptest.NewHost(t, host.Options{})
		b := camptest.NewHost(t, host.Options{})
		camptest.AddEthernet(t, a, link, "02:00:00:00:00:0a", "192.0.2.10/24")
		camptest.AddEthernet(t, b, link, "02:00:00:00:00:0b", "192.0.2.11/24")
		port := camptest.NewPort(t, link)
		camptest.Start(t, a.Stack)
		camptest.Start(t, b.Stack)

		ln, err := b.Listen("tcp", ":7")
		require.NoError(t, err)
		defer ln.Close()
		go func() {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			io.Copy(c, c) // echo
		}()
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		c, err := a.DialContext(ctx, "tcp", "192.0.2.11:7")
		require.NoError(t, err, "a connects to b")
		defer c.Close()
		synctest.Wait()
		port.Frames() // the first resolution and the handshake

		msg, got := bytes.Repeat([]byte("x"), 100), make([]byte, 100)
		const rounds = 500
		for i := 1; i <= rounds; i++ {
			start := time.Now()
			require.NoError(t, c.SetDeadline(start.Add(time.Second)))
			_, err := c.Write(msg)
			require.NoError(t, err, "write %d", i)
			_, err = io.ReadFull(c, got)
			require.NoError(t, err, "the echo of write %d (%v into the test)", i, time.Duration(i-1)*200*time.Millisecond)
			assert.Less(t, time.Since(start), 200*time.Millisecond, "round trip %d: nothing waited for ARP", i)
			for _, p := range port.Packets() {
				if a, ok := p.Layer(layers.LayerTypeARP).(*layers.ARP); ok {
					t.Errorf("an ARP %v on the wire %v into the test: TCP's confirmations should keep both entries REACHABLE",
						arp.Op(a.Operation), time.Duration(i-1)*200*time.Millisecond)
				}
			}
			if i%50 == 0 {
				for _, x := range []struct {
					h    *host.Host
					name string
					addr string
				}{{a, "a's entry for b", "192.0.2.11"}, {b, "b's entry for a", "192.0.2.10"}} {
					e, ok := x.h.ARP.Lookup(netip.MustParseAddr(x.addr))
					require.True(t, ok, "%s exists", x.name)
					assert.Equal(t, arp.StateReachable, e.State, "%s %v into the test", x.name, time.Duration(i)*200*time.Millisecond)
				}
			}
			time.Sleep(200 * time.Millisecond)
		}
		for _, h := range []*host.Host{a, b} {
			st := h.ARP.Stats()
			assert.Zero(t, st.QueueDrops+st.Unreachable, "Stats().QueueDrops+Unreachable: nothing dropped")
		}
	})
}
