// Generated from solutions/arp/nud_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/arp/nud_test.go instead and regenerate; `course check` fails when the two drift.

package arp_test

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/arp"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/todo"
)

// The tests of neighbour unreachability detection (RFC 4861 §7.3, as
// Linux applies it to ARP) with the default options: an answer lasts
// ReachableTime 30 s, a used STALE entry waits DelayFirstProbe 5 s, then
// UnicastProbes 3 requests go to the known MAC, Retransmit 1 s apart.

// wire describes the frames the port saw since the last call, one string
// each, decoded by gopacket: "ARP request who-has 192.0.2.1 tell
// 192.0.2.2 to 02:00:00:00:00:01", or "IPv4 "one" to 02:00:00:00:00:01".
func wire(t *testing.T, port *camptest.Port) []string {
	t.Helper()
	var out []string
	for _, p := range port.Packets() {
		eth := camptest.EthernetOf(t, p)
		switch {
		case eth.EthernetType == layers.EthernetTypeARP:
			a, ok := p.Layer(layers.LayerTypeARP).(*layers.ARP)
			require.True(t, ok, "gopacket decodes the ARP packet the stack sent")
			if a.Operation == layers.ARPRequest {
				out = append(out, fmt.Sprintf("ARP request who-has %v tell %v to %v",
					net.IP(a.DstProtAddress), net.IP(a.SourceProtAddress), eth.DstMAC))
			} else {
				out = append(out, fmt.Sprintf("ARP reply %v is-at %v to %v",
					net.IP(a.SourceProtAddress), net.HardwareAddr(a.SourceHwAddress), eth.DstMAC))
			}
		case eth.EthernetType == layers.EthernetTypeIPv4:
			ip := camptest.DecodeIPv4(t, eth.Payload).NetworkLayer().(*layers.IPv4)
			out = append(out, fmt.Sprintf("IPv4 %q to %v", ip.Payload, eth.DstMAC))
		default:
			out = append(out, fmt.Sprintf("%v frame to %v", eth.EthernetType, eth.DstMAC))
		}
	}
	return out
}

// What the stack sends to the peer, as wire describes it.
var (
	probe     = fmt.Sprintf("ARP request who-has %s tell %s to %s", peerIP, usIP, peerMAC)
	broadcast = fmt.Sprintf("ARP request who-has %s tell %s to %s", peerIP, usIP, bcast)
)

func datagramTo(msg, mac string) string { return fmt.Sprintf("IPv4 %q to %s", msg, mac) }

// send sends msg to the peer through IP, as any upper layer would.
func send(t *testing.T, h *host.Host, msg string) {
	t.Helper()
	require.NoError(t, h.IP.Output(253, []byte(msg), netip.Addr{}, netip.MustParseAddr(peerIP)), "sending waits for nothing")
	synctest.Wait()
}

// stateOf returns the state of the peer's entry, failing the test if
// there is none.
func stateOf(t *testing.T, h *host.Host) arp.State {
	t.Helper()
	e, ok := h.ARP.Lookup(netip.MustParseAddr(peerIP))
	require.True(t, ok, "the stack has an entry for the peer %s", peerIP)
	return e.State
}

// after lets d of fake time pass and the stack act on it.
func after(d time.Duration) {
	time.Sleep(d)
	synctest.Wait()
}

func TestEntryGoesStaleAfterReachableTime(t *testing.T) {
	todo.Covers(t, 3, "arp-merge", "arp-nud")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		resolvePeer(t, h, port)
		assert.Equal(t, arp.StateReachable, stateOf(t, h), "Entry.State after the peer's reply to our request")

		after(29 * time.Second)
		assert.Equal(t, arp.StateReachable, stateOf(t, h), "Entry.State 29 s after the reply")
		after(2 * time.Second)
		e, _ := h.ARP.Lookup(netip.MustParseAddr(peerIP))
		assert.Equal(t, arp.StateStale, e.State, "Entry.State 31 s after the reply: ReachableTime (30 s) passed without news")
		assert.Equal(t, ethernet.MustParseMAC(peerMAC), e.MAC, "Entry.MAC: a STALE entry keeps its MAC, and is still used")
		assert.Empty(t, wire(t, port), "nothing on the wire: an entry nobody uses is not checked")

		after(60 * time.Second)
		_, ok := h.ARP.Lookup(netip.MustParseAddr(peerIP))
		assert.False(t, ok, "a STALE entry unused for StaleTime (60 s) is forgotten")
		assert.Equal(t, uint64(1), h.ARP.Stats().Expired, "Stats().Expired")
	})
}

func TestStaleEntryIsUsedAtOnceThenProbedByUnicast(t *testing.T) {
	todo.Covers(t, 3, "arp-resolve", "arp-nud")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		resolvePeer(t, h, port)
		after(31 * time.Second)
		require.Equal(t, arp.StateStale, stateOf(t, h), "Entry.State 31 s after the reply")

		send(t, h, "one")
		assert.Equal(t, []string{datagramTo("one", peerMAC)}, wire(t, port),
			"a datagram to a STALE neighbour goes at once to the MAC we have: no ARP first, no queue")
		assert.Equal(t, arp.StateDelay, stateOf(t, h), "Entry.State after sending to a STALE entry")

		after(4 * time.Second)
		send(t, h, "two")
		assert.Equal(t, []string{datagramTo("two", peerMAC)}, wire(t, port), "4 s into DELAY: still sent at once, nothing asked")
		assert.Equal(t, arp.StateDelay, stateOf(t, h), "Entry.State 4 s into DELAY")

		after(time.Second)
		assert.Equal(t, arp.StateProbe, stateOf(t, h), "Entry.State DelayFirstProbe (5 s) after the send, with no confirmation")
		assert.Equal(t, []string{probe}, wire(t, port),
			"the first probe: a request sent to the MAC we know, not broadcast (RFC 4861 §7.3.3)")
		send(t, h, "three")
		assert.Equal(t, []string{datagramTo("three", peerMAC)}, wire(t, port), "while probing, datagrams still go at once")

		port.Send(t, camptest.ARPFrame(t, layers.ARPReply, peerMAC, usMAC, peerMAC, peerIP, usMAC, usIP))
		synctest.Wait()
		assert.Equal(t, arp.StateReachable, stateOf(t, h), "Entry.State after the peer answered the probe")
		after(10 * time.Second)
		assert.Empty(t, wire(t, port), "no more probes once the peer answered")
		assert.Equal(t, arp.StateReachable, stateOf(t, h), "Entry.State 10 s after the answer")
		assert.Zero(t, h.ARP.Stats().QueueDrops+h.ARP.Stats().Unreachable, "Stats().QueueDrops+Unreachable: nothing dropped")
	})
}

func TestNeighbourThatStopsAnsweringFails(t *testing.T) {
	todo.Covers(t, 3, "arp-nud", "arp-timer")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		resolvePeer(t, h, port)
		after(31 * time.Second)
		send(t, h, "one")
		require.Equal(t, []string{datagramTo("one", peerMAC)}, wire(t, port), "sent at once to the STALE entry's MAC")
		require.Equal(t, arp.StateDelay, stateOf(t, h), "Entry.State after the send")
		after(4 * time.Second)

		// The peer is gone: nothing answers from now on. Each second,
		// the state and what the stack sent in that second.
		steps := []struct {
			state arp.State
			wire  []string
		}{
			{arp.StateProbe, []string{probe}},          // 5 s after the send: DelayFirstProbe passed
			{arp.StateProbe, []string{probe}},          // 1 s later: the second unicast probe
			{arp.StateProbe, []string{probe}},          // the third
			{arp.StateIncomplete, []string{broadcast}}, // 3 probes unanswered: ask everyone
			{arp.StateIncomplete, []string{broadcast}}, // the second broadcast request
			{arp.StateIncomplete, []string{broadcast}}, // the third
			{arp.StateFailed, nil},                     // 3 requests unanswered: give up
		}
		for i, step := range steps {
			after(time.Second)
			assert.Equal(t, step.state, stateOf(t, h), "Entry.State %d s after DELAY began", 5+i)
			assert.Equal(t, step.wire, wire(t, port), "what the stack sent in the second before, %d s after DELAY began", 5+i)
			if i == 3 { // the first broadcast: the entry has no MAC now
				// Datagrams sent now wait for an answer: the MAC we had did not work.
				send(t, h, "lost 1")
				send(t, h, "lost 2")
				assert.Empty(t, wire(t, port), "while INCOMPLETE, datagrams wait in the queue")
			}
		}
		st := h.ARP.Stats()
		assert.Equal(t, uint64(2), st.Unreachable, "Stats().Unreachable: the two datagrams queued are dropped, and counted")
		assert.Equal(t, uint64(1), st.Failures, "Stats().Failures")
		assert.Zero(t, st.QueueDrops, "Stats().QueueDrops: the queue never overflowed")

		// A later send asks afresh.
		send(t, h, "again")
		assert.Equal(t, []string{broadcast}, wire(t, port), "a datagram to a FAILED neighbour starts resolving it again")
		assert.Equal(t, arp.StateIncomplete, stateOf(t, h), "Entry.State after sending to a FAILED entry")
	})
}

func TestConfirmationKeepsEntryReachable(t *testing.T) {
	todo.Covers(t, 3, "arp-nud")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		resolvePeer(t, h, port)
		peer := netip.MustParseAddr(peerIP)
		// An upper layer (TCP, on forward progress) confirms the peer every
		// 7 s for 98 s: more than three ReachableTimes. Just before each
		// confirmation, the entry must still be REACHABLE.
		for i := 1; i <= 14; i++ {
			after(7 * time.Second)
			require.Equal(t, arp.StateReachable, stateOf(t, h),
				"Entry.State %d s after the reply, confirmed every 7 s since: the confirmations count, not just the reply", 7*i)
			send(t, h, "data")
			require.Equal(t, []string{datagramTo("data", peerMAC)}, wire(t, port),
				"%d s after the reply: the datagram, and no ARP at all: the confirmations keep the entry REACHABLE", 7*i)
			h.ARP.Confirm(peer)
		}
		h.ARP.Confirm(netip.MustParseAddr("192.0.2.200"))
		_, ok := h.ARP.Lookup(netip.MustParseAddr("192.0.2.200"))
		assert.False(t, ok, "confirming a neighbour we have no entry for adds none")
	})
}

// TestPingsAcrossReachablePeriodsNeverWait: two stacks on a link, one
// pinging the other every 100 ms for 40 s, with ReachableTime 10 s and
// StaleTime 15 s: four reachable periods, and both entries go STALE,
// DELAY, PROBE and back to REACHABLE again and again. No ping is lost, no
// datagram ever waits for ARP (each side always has the other's MAC),
// and after the first request every ARP request is a unicast probe.
func TestPingsAcrossReachablePeriodsNeverWait(t *testing.T) {
	todo.Covers(t, 3, "arp-resolve", "arp-nud")
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		opts := host.Options{ARP: arp.Options{ReachableTime: 10 * time.Second, StaleTime: 15 * time.Second}}
		a := camptest.NewHost(t, opts)
		b := camptest.NewHost(t, opts)
		camptest.AddEthernet(t, a, link, "02:00:00:00:00:0a", "192.0.2.10/24")
		camptest.AddEthernet(t, b, link, "02:00:00:00:00:0b", "192.0.2.11/24")
		port := camptest.NewPort(t, link)
		camptest.Start(t, a.Stack)
		camptest.Start(t, b.Stack)
		aAddr, bAddr := netip.MustParseAddr("192.0.2.10"), netip.MustParseAddr("192.0.2.11")

		broadcasts, probes := 0, 0
		seen := map[arp.State]bool{}
		const pings = 400
		for seq := uint16(1); seq <= pings; seq++ {
			if seq > 1 {
				for _, x := range []struct {
					h    *host.Host
					name string
					addr netip.Addr
				}{{a, "a's entry for b", bAddr}, {b, "b's entry for a", aAddr}} {
					e, ok := x.h.ARP.Lookup(x.addr)
					require.True(t, ok, "%s exists before ping %d", x.name, seq)
					seen[e.State] = true
					require.Contains(t, []arp.State{arp.StateReachable, arp.StateStale, arp.StateDelay, arp.StateProbe}, e.State,
						"%s before ping %d (%v into the test): it has a MAC, so the ping will not wait", x.name, seq, time.Duration(seq-1)*100*time.Millisecond)
				}
			}
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			_, err := a.Ping(ctx, bAddr, seq, []byte("ping"))
			cancel()
			require.NoError(t, err, "ping %d (%v into the test) is answered", seq, time.Duration(seq-1)*100*time.Millisecond)
			for _, p := range port.Packets() {
				req, ok := p.Layer(layers.LayerTypeARP).(*layers.ARP)
				if !ok || req.Operation != layers.ARPRequest {
					continue
				}
				if camptest.EthernetOf(t, p).DstMAC.String() == bcast {
					broadcasts++
					assert.Equal(t, uint16(1), seq, "a broadcast request %v into the test: after the first resolution, only unicast probes (who-has %v)",
						time.Duration(seq-1)*100*time.Millisecond, net.IP(req.DstProtAddress))
				} else {
					probes++
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		assert.Equal(t, 1, broadcasts, "broadcast requests: a's first, for b")
		assert.GreaterOrEqual(t, probes, 4, "unicast probes: each side checks the other every reachable period or so")
		for _, h := range []*host.Host{a, b} {
			st := h.ARP.Stats()
			assert.Zero(t, st.QueueDrops+st.Unreachable, "Stats().QueueDrops+Unreachable: nothing dropped")
		}
		// PROBE lasts no time at all here: the peer answers the probe at once.
		for _, s := range []arp.State{arp.StateReachable, arp.StateStale, arp.StateDelay} {
			assert.True(t, seen[s], "the entries were seen %v (the test spans several reachable periods)", s)
		}
	})
}
