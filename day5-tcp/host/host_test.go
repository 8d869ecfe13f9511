// Generated from solutions/host/host_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/host/host_test.go instead and regenerate; `course check` fails when the two drift.

package host_test

import (
	"context"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day5-tcp/arp"
	"github.com/go-tcpip-camp/camp/day5-tcp/device"
	"github.com/go-tcpip-camp/camp/day5-tcp/ethernet"
	"github.com/go-tcpip-camp/camp/day5-tcp/host"
	"github.com/go-tcpip-camp/camp/day5-tcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day5-tcp/todo"
)

// ping pings dst from h once, with a one-second timeout.
func ping(t *testing.T, h *host.Host, dst string, seq uint16) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	r, err := h.Ping(ctx, netip.MustParseAddr(dst), seq, []byte("hello over the link"))
	if err == nil && r.From != netip.MustParseAddr(dst) {
		t.Errorf("reply from %v, want %v", r.From, dst)
	}
	return err
}

func TestTwoStacksPingEachOther(t *testing.T) {
	todo.Covers(t, 3, "arp-resolve", "arp-merge", "ip-neighbour")
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		a := camptest.NewHost(t, host.Options{})
		b := camptest.NewHost(t, host.Options{})
		camptest.AddEthernet(t, a, link, "02:00:00:00:00:0a", "192.0.2.10/24")
		camptest.AddEthernet(t, b, link, "02:00:00:00:00:0b", "192.0.2.11/24")
		camptest.Start(t, a.Stack)
		camptest.Start(t, b.Stack)

		require.NoError(t, ping(t, a, "192.0.2.11", 1), "a pings b: ARP resolves b first")
		require.NoError(t, ping(t, b, "192.0.2.10", 1), "b pings a")
		require.NoError(t, ping(t, a, "192.0.2.11", 2), "again, from the cache")

		e, ok := a.ARP.Lookup(netip.MustParseAddr("192.0.2.11"))
		require.True(t, ok, "a knows b's MAC")
		assert.Equal(t, ethernet.MustParseMAC("02:00:00:00:00:0b"), e.MAC)
		assert.Equal(t, arp.StateReachable, e.State, "a's entry for b: b's reply to a's request proves b hears a")
		e, ok = b.ARP.Lookup(netip.MustParseAddr("192.0.2.10"))
		require.True(t, ok, "b learned a's MAC from a's request")
		assert.Equal(t, ethernet.MustParseMAC("02:00:00:00:00:0a"), e.MAC)
		assert.NotEqual(t, arp.StateReachable, e.State, "b's entry for a: a's request says where a is, not that a hears b")
		assert.Equal(t, uint64(1), a.ARP.Stats().OutRequests, "one request was enough for a")
		assert.Zero(t, b.ARP.Stats().OutRequests, "b never had to ask")
	})
}

func TestThreeStacksOnOneLink(t *testing.T) {
	todo.Covers(t, 3, "arp-resolve", "arp-merge")
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		var hosts []*host.Host
		for i, mac := range []string{"02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03"} {
			h := camptest.NewHost(t, host.Options{})
			camptest.AddEthernet(t, h, link, mac, netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 0, 2, byte(1 + i)}), 24).String())
			camptest.Start(t, h.Stack)
			hosts = append(hosts, h)
		}
		for i, h := range hosts {
			for j := range hosts {
				if i != j {
					dst := netip.AddrFrom4([4]byte{192, 0, 2, byte(1 + j)}).String()
					require.NoError(t, ping(t, h, dst, uint16(10*i+j)), "host %d pings host %d", i+1, j+1)
				}
			}
		}
		_, ok := hosts[2].ARP.Lookup(netip.MustParseAddr("192.0.2.1"))
		assert.True(t, ok)
	})
}

func TestPingToNobodyFailsAfterARPGivesUp(t *testing.T) {
	todo.Covers(t, 3, "arp-timer")
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		a := camptest.NewHost(t, host.Options{})
		camptest.AddEthernet(t, a, link, "02:00:00:00:00:0a", "192.0.2.10/24")
		camptest.Start(t, a.Stack)
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		_, err := a.Ping(ctx, netip.MustParseAddr("192.0.2.99"), 1, nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		st := a.ARP.Stats()
		assert.Equal(t, uint64(3), st.OutRequests, "three requests, one a second")
		assert.Equal(t, uint64(1), st.Failures, "then ARP gives up")
		assert.Equal(t, uint64(1), st.Unreachable, "Stats().Unreachable: and drops the waiting echo request")
		e, ok := a.ARP.Lookup(netip.MustParseAddr("192.0.2.99"))
		require.True(t, ok, "the entry stays, to show the failure")
		assert.Equal(t, arp.StateFailed, e.State, "Entry.State")
	})
}
