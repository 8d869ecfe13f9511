//camp:file 3

package arp_test

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/arp"
	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/ipv4"
	"github.com/go-tcpip-camp/camp/solutions/todo"
)

// The stack under test is 192.0.2.2 at usMAC; the test's port on the link
// plays 192.0.2.1 at peerMAC (and anyone else it likes).
const (
	usMAC    = "02:00:00:00:00:02"
	usIP     = "192.0.2.2"
	peerMAC  = "02:00:00:00:00:01"
	peerIP   = "192.0.2.1"
	otherMAC = "02:00:00:00:00:03"
	bcast    = "ff:ff:ff:ff:ff:ff"
	zeroMAC  = "00:00:00:00:00:00"
)

func setup(t *testing.T) (*host.Host, *camptest.Port) {
	t.Helper()
	link := device.NewLink()
	h := camptest.NewHost(t, host.Options{})
	camptest.AddEthernet(t, h, link, usMAC, usIP+"/24")
	port := camptest.NewPort(t, link)
	camptest.Start(t, h.Stack)
	return h, port
}

func mac(s string) []byte { m := ethernet.MustParseMAC(s); return m[:] }
func ip(s string) []byte  { return netip.MustParseAddr(s).AsSlice() }

func TestRequestForUsIsAnswered(t *testing.T) {
	todo.Covers(t, 3, "arp-reply", "arp-merge")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		port.Send(t, camptest.ARPFrame(t, layers.ARPRequest, peerMAC, bcast, peerMAC, peerIP, zeroMAC, usIP))
		synctest.Wait()

		pkts := port.Packets()
		require.Len(t, pkts, 1, "one reply")
		eth := camptest.EthernetOf(t, pkts[0])
		assert.Equal(t, peerMAC, eth.DstMAC.String(), "Ethernet destination: the reply goes straight to the asker, not to broadcast")
		assert.Equal(t, usMAC, eth.SrcMAC.String(), "Ethernet source")
		replies := camptest.ARPs(pkts)
		require.Len(t, replies, 1)
		r := replies[0]
		assert.Equal(t, arp.OpReply, arp.Op(r.Operation), "ARP operation")
		assert.Equal(t, usMAC, net.HardwareAddr(r.SourceHwAddress).String(), "ARP sender hardware address: our MAC")
		assert.Equal(t, usIP, net.IP(r.SourceProtAddress).String(), "ARP sender protocol address: the address asked for")
		assert.Equal(t, peerMAC, net.HardwareAddr(r.DstHwAddress).String(), "ARP target hardware address: the asker")
		assert.Equal(t, peerIP, net.IP(r.DstProtAddress).String(), "ARP target protocol address")

		e, ok := h.ARP.Lookup(netip.MustParseAddr(peerIP))
		require.True(t, ok, "the asker is cached: it will surely talk to us (RFC 826)")
		assert.Equal(t, ethernet.MustParseMAC(peerMAC), e.MAC, "Entry.MAC: the cached hardware address")
		assert.Equal(t, arp.StateStale, e.State,
			"Entry.State: a request says where the asker is, not that it hears us; only a reply to us makes an entry REACHABLE")
		assert.Equal(t, uint64(1), h.ARP.Stats().OutReplies, "Stats().OutReplies")
	})
}

func TestRequestForSomeoneElseIsIgnored(t *testing.T) {
	todo.Covers(t, 3, "arp-merge")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		port.Send(t, camptest.ARPFrame(t, layers.ARPRequest, peerMAC, bcast, peerMAC, peerIP, zeroMAC, "192.0.2.77"))
		synctest.Wait()
		assert.Empty(t, port.Frames(), "no reply for an address that is not ours")
		_, ok := h.ARP.Lookup(netip.MustParseAddr(peerIP))
		assert.False(t, ok, "a sender we have no entry for is not added when the packet is not for us")

		// The control: the same request, asking for our address, is
		// answered and its sender cached, so the silence above is the
		// stack's choice, not a frame that never arrived.
		port.Send(t, camptest.ARPFrame(t, layers.ARPRequest, peerMAC, bcast, peerMAC, peerIP, zeroMAC, usIP))
		synctest.Wait()
		replies := camptest.ARPs(port.Packets())
		if assert.Len(t, replies, 1, "control: the same request for %s (ours) is answered", usIP) {
			assert.Equal(t, arp.OpReply, arp.Op(replies[0].Operation), "control: ARP operation")
		}
		_, ok = h.ARP.Lookup(netip.MustParseAddr(peerIP))
		assert.True(t, ok, "control: the sender of a request for us is cached")
	})
}

// resolvePeer makes the stack learn peerIP → peerMAC by answering its request.
func resolvePeer(t *testing.T, h *host.Host, port *camptest.Port) {
	t.Helper()
	require.NoError(t, h.IP.Output(ipv4.ProtocolICMP, []byte("warm up"), netip.Addr{}, netip.MustParseAddr(peerIP)))
	synctest.Wait()
	port.Frames()
	port.Send(t, camptest.ARPFrame(t, layers.ARPReply, peerMAC, usMAC, peerMAC, peerIP, usMAC, usIP))
	synctest.Wait()
	port.Frames()
	_, ok := h.ARP.Lookup(netip.MustParseAddr(peerIP))
	require.True(t, ok, "the stack resolved the peer")
}

func TestMergeRuleUpdatesKnownSenders(t *testing.T) {
	todo.Covers(t, 3, "arp-merge")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		resolvePeer(t, h, port)
		// The peer moved to another card: a gratuitous ARP (sender = target) announces it.
		port.Send(t, camptest.ARPFrame(t, layers.ARPRequest, otherMAC, bcast, otherMAC, peerIP, zeroMAC, peerIP))
		// A gratuitous ARP from a host we never talked to adds nothing.
		port.Send(t, camptest.ARPFrame(t, layers.ARPRequest, otherMAC, bcast, otherMAC, "192.0.2.50", zeroMAC, "192.0.2.50"))
		synctest.Wait()
		e, ok := h.ARP.Lookup(netip.MustParseAddr(peerIP))
		require.True(t, ok)
		assert.Equal(t, ethernet.MustParseMAC(otherMAC), e.MAC, "the known entry follows the announcement")
		_, ok = h.ARP.Lookup(netip.MustParseAddr("192.0.2.50"))
		assert.False(t, ok, "an unknown sender is not added by a packet not for us")
		assert.Empty(t, camptest.ARPs(port.Packets()), "gratuitous ARP is not answered")
	})
}

func TestStaticEntriesDoNotChange(t *testing.T) {
	todo.Covers(t, 3, "arp-merge")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		dev := h.Stack.Device("net1")
		require.NotNil(t, dev)
		h.ARP.AddStatic(dev, netip.MustParseAddr(peerIP), ethernet.MustParseMAC(peerMAC))
		port.Send(t, camptest.ARPFrame(t, layers.ARPReply, otherMAC, usMAC, otherMAC, peerIP, usMAC, usIP))
		synctest.Wait()
		e, _ := h.ARP.Lookup(netip.MustParseAddr(peerIP))
		assert.Equal(t, arp.StateStatic, e.State, "Entry.State")
		assert.Equal(t, ethernet.MustParseMAC(peerMAC), e.MAC, "Entry.MAC: the cached hardware address")
		time.Sleep(time.Hour)
		_, ok := h.ARP.Lookup(netip.MustParseAddr(peerIP))
		assert.True(t, ok, "static entries never expire")
	})
}

func TestOutputResolvesThenSendsTheQueuedDatagrams(t *testing.T) {
	todo.Covers(t, 3, "arp-resolve", "ip-neighbour")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		peer := netip.MustParseAddr(peerIP)
		for _, msg := range []string{"one", "two", "three", "four", "five"} {
			require.NoError(t, h.IP.Output(253, []byte(msg), netip.Addr{}, peer), "sending waits for nothing")
		}
		synctest.Wait()

		pkts := port.Packets()
		requests := camptest.ARPs(pkts)
		require.Len(t, pkts, 1, "only one ARP request on the wire, no datagram yet")
		require.Len(t, requests, 1)
		eth := camptest.EthernetOf(t, pkts[0])
		assert.Equal(t, bcast, eth.DstMAC.String(), "Ethernet destination: requests are broadcast")
		assert.Equal(t, arp.OpRequest, arp.Op(requests[0].Operation), "ARP operation")
		assert.Equal(t, usMAC, net.HardwareAddr(requests[0].SourceHwAddress).String(), "ARP sender hardware address")
		assert.Equal(t, usIP, net.IP(requests[0].SourceProtAddress).String(), "ARP sender protocol address")
		assert.Equal(t, peerIP, net.IP(requests[0].DstProtAddress).String(), "ARP target protocol address: who has the peer's address?")
		e, _ := h.ARP.Lookup(peer)
		assert.Equal(t, arp.StateIncomplete, e.State, "Entry.State")

		port.Send(t, camptest.ARPFrame(t, layers.ARPReply, peerMAC, usMAC, peerMAC, peerIP, usMAC, usIP))
		synctest.Wait()
		var got []string
		for _, p := range port.Packets() {
			eth := camptest.EthernetOf(t, p)
			assert.Equal(t, peerMAC, eth.DstMAC.String(), "Ethernet destination: datagrams go to the MAC ARP found")
			dgram := camptest.DecodeIPv4(t, eth.Payload)
			got = append(got, string(dgram.NetworkLayer().(*layers.IPv4).Payload))
		}
		assert.Equal(t, []string{"three", "four", "five"}, got,
			"the queue keeps the newest %d datagrams, in order", 3)
		assert.Equal(t, uint64(2), h.ARP.Stats().QueueDrops, "Stats().QueueDrops")
	})
}

func TestUnansweredRequestsAreRetriedThenGivenUp(t *testing.T) {
	todo.Covers(t, 3, "arp-timer")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		iface := h.IP.Interfaces()[1] // 0 is loopback
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second) // a bound, should ARP never give up
		defer cancel()
		_, err := h.ARP.Resolve(ctx, iface, netip.MustParseAddr("192.0.2.99"))
		require.ErrorIs(t, err, arp.ErrUnreachable)
		assert.Equal(t, 3*time.Second, time.Since(start), "three requests a second apart, then give up")
		assert.Len(t, camptest.ARPs(port.Packets()), 3)
		st := h.ARP.Stats()
		assert.Equal(t, uint64(3), st.OutRequests, "Stats().OutRequests")
		assert.Equal(t, uint64(1), st.Failures, "Stats().Failures")
		e, ok := h.ARP.Lookup(netip.MustParseAddr("192.0.2.99"))
		require.True(t, ok, "the entry stays, to show the failure (until StaleTime)")
		assert.Equal(t, arp.StateFailed, e.State, "Entry.State")
	})
}

func TestResolveAnsweredByTheLink(t *testing.T) {
	todo.Covers(t, 3, "arp-merge")
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		iface := h.IP.Interfaces()[1]
		done := make(chan error, 1)
		var got ethernet.MAC
		go func() {
			var err error
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			got, err = h.ARP.Resolve(ctx, iface, netip.MustParseAddr(peerIP))
			done <- err
		}()
		synctest.Wait()
		require.Len(t, camptest.ARPs(port.Packets()), 1)
		port.Send(t, camptest.ARPFrame(t, layers.ARPReply, peerMAC, usMAC, peerMAC, peerIP, usMAC, usIP))
		require.NoError(t, <-done)
		assert.Equal(t, ethernet.MustParseMAC(peerMAC), got, "the MAC the lookup resolved")

		ctx, cancel := context.WithTimeout(t.Context(), time.Millisecond)
		defer cancel()
		got, err := h.ARP.Resolve(ctx, iface, netip.MustParseAddr(peerIP))
		require.NoError(t, err, "a cached address resolves at once")
		assert.Equal(t, ethernet.MustParseMAC(peerMAC), got, "the MAC the lookup resolved")
	})
}

func TestBadARPIsDroppedAndCounted(t *testing.T) {
	todo.Covers(t, 3, "arp-parse", "arp-reply")
	good := func(t *testing.T) []byte {
		return camptest.ARPFrame(t, layers.ARPRequest, peerMAC, bcast, peerMAC, peerIP, zeroMAC, usIP)
	}
	const arpAt = ethernet.HeaderLen
	cases := []struct {
		name string
		bad  func(t *testing.T) []byte
	}{
		{"hardware type", func(t *testing.T) []byte { b := good(t); b[arpAt+1] = 6; return b }},
		{"protocol type", func(t *testing.T) []byte { b := good(t); b[arpAt+2] = 0x86; b[arpAt+3] = 0xdd; return b }},
		{"hardware length", func(t *testing.T) []byte { b := good(t); b[arpAt+4] = 8; return b }},
		{"protocol length", func(t *testing.T) []byte { b := good(t); b[arpAt+5] = 16; return b }},
		{"unknown operation", func(t *testing.T) []byte { b := good(t); b[arpAt+7] = 9; return b }},
		{"truncated", func(t *testing.T) []byte { return good(t)[:arpAt+20] }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h, port := setup(t)
				port.Send(t, c.bad(t))
				synctest.Wait()
				assert.Empty(t, port.Frames(), "no answer to a bad packet")
				assert.Equal(t, uint64(1), h.ARP.Stats().InDrops, "Stats().InDrops")

				port.Send(t, good(t))
				synctest.Wait()
				assert.Len(t, camptest.ARPs(port.Packets()), 1, "a good request right after is answered")
			})
		})
	}
}

// TestCacheIsFreeWhileQueuedDatagramsAreSent: when a reply resolves an
// address, the datagrams that waited for it are sent at once. The cache
// must not stay locked meanwhile: sending calls into the device and the
// link, which may look at the cache themselves (the test's port does, as a
// monitoring tool would). The test runs in real time, outside a synctest
// bubble, because a goroutine waiting for a lock is not "durably blocked":
// a fake clock could not bound that wait. Each wait is bounded; none is a
// sleep.
func TestCacheIsFreeWhileQueuedDatagramsAreSent(t *testing.T) {
	todo.Covers(t, 3, "arp-merge")
	link := device.NewLink()
	h := camptest.NewHost(t, host.Options{})
	camptest.AddEthernet(t, h, link, usMAC, usIP+"/24")
	requests := make(chan struct{}, 1)
	cacheFree := make(chan bool, 1)
	w := link.NewPort()
	require.NoError(t, w.Open(func(frame []byte) {
		pkt := gopacket.NewPacket(frame, layers.LayerTypeEthernet, gopacket.Default)
		if a, ok := pkt.Layer(layers.LayerTypeARP).(*layers.ARP); ok && a.Operation == layers.ARPRequest {
			select {
			case requests <- struct{}{}:
			default:
			}
			return
		}
		if pkt.Layer(layers.LayerTypeIPv4) == nil {
			return
		}
		// The datagram that waited is on the wire: can the cache be read?
		done := make(chan struct{})
		go func() {
			h.ARP.Entries()
			close(done)
		}()
		free := true
		select {
		case <-done:
		case <-time.After(time.Second):
			free = false
		}
		select {
		case cacheFree <- free:
		default:
		}
	}))
	t.Cleanup(func() { w.Close() })
	camptest.Start(t, h.Stack)

	require.NoError(t, h.IP.Output(ipv4.ProtocolICMP, []byte("waits for ARP"), netip.Addr{}, netip.MustParseAddr(peerIP)))
	select {
	case <-requests:
	case <-time.After(5 * time.Second):
		t.Fatal("no ARP request for 192.0.2.1 within 5 s of sending to it")
	}
	require.NoError(t, w.WriteFrame(camptest.ARPFrame(t, layers.ARPReply, peerMAC, usMAC, peerMAC, peerIP, usMAC, usIP)))
	select {
	case free := <-cacheFree:
		assert.True(t, free, "while the datagram that waited for 192.0.2.1 was being sent, the neighbour cache stayed locked (Entries waited 1 s): "+
			"release the queued datagrams after l.mu.Unlock, since a lock held across a call into another layer is how deadlocks start")
	case <-time.After(5 * time.Second):
		t.Fatal("the datagram queued for 192.0.2.1 was not sent within 5 s of the ARP reply")
	}
}
