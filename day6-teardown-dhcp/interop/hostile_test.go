// Generated from solutions/interop/hostile_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/interop/hostile_test.go instead and regenerate; `course check` fails when the two drift.

package interop_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/netns"
)

// TestInteropDownloadUnderFlood: while curl downloads 10 MB from the
// stack's HTTP service, the kernel floods the stack with 20,000 pings
// (ping -f) and 20,000 UDP datagrams of 1,000 bytes (socat) to a socket
// that reads them. The download's sha256 is right, the stack answers pings
// throughout and an ordinary ping afterwards, and its counters agree with
// what the kernel saw wherever both ends can be compared exactly: every
// reply ping received is one the stack counted as sent, every reply the
// stack sent answers a request it counted, it counted no more requests
// than ping sent, and no datagram is counted twice (delivered plus dropped
// from the full socket queue is at most what socat sent). It does not
// prove that every frame is accounted for: frames the kernel drops at the
// TAP's queue never reach the stack and are counted by the kernel only,
// and the stack's device counts its drops without saying of which
// protocol. The test logs the counters; read them with -v.
func TestInteropDownloadUnderFlood(t *testing.T) {
	netns.RequireRoot(t)
	skipWhileTODOsOpen(t)
	netns.RequireCommand(t, "curl", "curl")
	netns.RequireCommand(t, "socat", "socat")
	netns.RequireCommand(t, "ping", "iputils-ping")
	h, ns := onTAP(t)
	serveTCP(t, h, "http")
	sink, err := h.ListenUDP("udp", &net.UDPAddr{Port: 9})
	require.NoError(t, err)
	go func() {
		buf := make([]byte, 2048)
		for {
			if _, _, err := sink.ReadFrom(buf); err != nil {
				return
			}
		}
	}()
	ns.MustRun(t, "ping", "-c", "1", "-W", "2", stackAddr) // ARP resolved before the flood
	before := h.ICMP.Stats()

	const pings, datagrams = 20000, 20000
	type result struct {
		out string
		err error
	}
	pinged := make(chan result, 1)
	go func() {
		out, err := ns.Run(t.Context(), "ping", "-f", "-q", "-c", strconv.Itoa(pings), "-W", "1", stackAddr)
		pinged <- result{out, err}
	}()
	// socat reads the file 1,000 bytes at a time: one datagram each.
	blast := filepath.Join(t.TempDir(), "blast")
	require.NoError(t, os.WriteFile(blast, make([]byte, datagrams*1000), 0o644))
	blasted := make(chan result, 1)
	go func() {
		out, err := ns.Run(t.Context(), "socat", "-u", "-b", "1000", "FILE:"+blast, fmt.Sprintf("UDP:%s:9", stackAddr))
		blasted <- result{out, err}
	}()

	curlBytes(t, ns, 10_000_000, 120*time.Second)

	p, b := <-pinged, <-blasted
	require.NoError(t, b.err, "the UDP blast ran")
	m := regexp.MustCompile(`(\d+) packets transmitted, (\d+) received`).FindStringSubmatch(p.out)
	require.NotNil(t, m, "ping -f's summary: %s (%v)", p.out, p.err)
	transmitted, _ := strconv.Atoi(m[1])
	received, _ := strconv.Atoi(m[2])
	assert.Positive(t, received, "the stack answered pings throughout")
	u, d, ic := h.UDP.Stats(), h.Stack.Device("net1").Stats(), h.ICMP.Stats()
	requests, replies := ic.InEchos-before.InEchos, ic.OutEchoReps-before.OutEchoReps
	t.Logf("ping -f: %d of %d answered; ICMP: %d echo requests counted, %d replies sent, %d not sent; UDP: %d delivered, %d dropped from the full socket queue; device: %d frames in, %d dropped",
		received, transmitted, requests, replies, ic.OutDrops-before.OutDrops, u.InDatagrams, u.RcvbufErrors, d.RxPackets, d.RxDrops)
	assert.LessOrEqual(t, uint64(received), replies, "every echo reply ping received is one the stack counted as sent (ICMP Stats().OutEchoReps)")
	assert.LessOrEqual(t, replies, requests, "every echo reply the stack sent answers a request it counted (ICMP Stats().InEchos)")
	assert.LessOrEqual(t, requests, uint64(transmitted), "the stack counted no more echo requests than ping sent")
	assert.LessOrEqual(t, u.InDatagrams+u.RcvbufErrors, uint64(datagrams), "no datagram counted twice: UDP Stats().InDatagrams + RcvbufErrors ≤ datagrams sent")
	// Not every datagram reaches the stack: the kernel drops what does
	// not fit the TAP's transmit queue (its own counters, not ours).

	after := ns.MustRun(t, "ping", "-c", "3", "-i", "0.2", "-W", "2", stackAddr)
	assert.Contains(t, after, "3 received", "the stack answers an ordinary ping after the flood")
}
