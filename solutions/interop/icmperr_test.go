//camp:file 6

package interop_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/internal/netns"
)

// ICMP errors from the kernel reach the stack's sockets (Day 6).

// refuseWithICMP makes the namespace's kernel answer TCP SYNs to port with
// an ICMP port unreachable, as a firewall does ("reject"), instead of the
// reset a closed port gets.
func refuseWithICMP(t *testing.T, ns *netns.NS, port string) {
	t.Helper()
	netns.RequireCommand(t, "nft", "nftables")
	ns.MustRun(t, "nft", "add table ip camp; add chain ip camp in { type filter hook input priority 0; }; add rule ip camp in tcp dport "+port+" reject with icmp type port-unreachable")
}

func TestInteropStacksDialIsRefusedAtOnce(t *testing.T) {
	h, ns := onTAP(t)
	refuseWithICMP(t, ns, "9999")
	for _, tc := range []struct {
		port, how string
	}{
		{"9998", "a closed port: the kernel answers the SYN with a reset"},
		{"9999", "a port nftables rejects with an ICMP port unreachable"},
	} {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		start := time.Now()
		_, err := h.DialContext(ctx, "tcp", kernelAddr+":"+tc.port)
		cancel()
		took := time.Since(start)
		require.ErrorIs(t, err, syscall.ECONNREFUSED, "dialing %s", tc.how)
		assert.Less(t, took, 500*time.Millisecond, "refused at once (the SYN would be sent again after 1 s): %s", tc.how)
		if tc.port == "9999" {
			assert.Contains(t, err.Error(), "port-unreachable", "the error names the ICMP message: %s", tc.how)
		}
	}
}

func TestInteropConnectedUDPSocketHearsPortUnreachable(t *testing.T) {
	h, _ := onTAP(t)
	c, err := h.DialUDP("udp", nil, &net.UDPAddr{IP: net.ParseIP(kernelAddr), Port: 9})
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("anyone on port 9?"))
	require.NoError(t, err)
	c.SetReadDeadline(time.Now().Add(answerTimeout))
	_, err = c.Read(make([]byte, 100))
	require.ErrorIs(t, err, syscall.ECONNREFUSED, "the read after the kernel's port unreachable (no socket on port 9)")
	c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	_, err = c.Read(make([]byte, 100))
	var ne net.Error
	assert.True(t, errors.As(err, &ne) && ne.Timeout(), "reported once: the next read waits until its deadline (got %v)", err)
}

// Path MTU discovery through a real router. The stack reaches a far host
// through the namespace's kernel, whose link to the far host takes only
// 1000 bytes; the far host's own link takes 1500, so its SYN says MSS 1460
// and the stack's first segments are too big. The kernel drops them and
// answers "fragmentation needed, MTU 1000" (the stack sets DF): the stack
// must lower its segments to fit, or the upload would stall for ever (a
// "black hole").
func TestInteropPathMTUDiscoveryThroughAKernelRouter(t *testing.T) {
	netns.RequireCommand(t, "socat", "socat")
	netns.RequireCommand(t, "ss", "iproute2")
	h, ns := onTAP(t)
	far := netns.New(t)
	ours, _ := ns.AddVethPeer(t, far, "198.51.100.1/24", "198.51.100.2/24")
	ns.MustRun(t, "ip", "link", "set", "dev", ours, "mtu", "1000")
	ns.EnableForwarding(t)
	far.MustRun(t, "ip", "route", "add", "default", "via", "198.51.100.1")
	require.NoError(t, h.SetDefaultGateway(netip.MustParseAddr(kernelAddr)))

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	got := make(chan string, 1)
	go func() {
		out, err := far.Run(ctx, "sh", "-c", "socat -u TCP-LISTEN:9000 - | sha256sum")
		if err != nil {
			out += err.Error()
		}
		got <- out
	}()
	waitFor(t, answerTimeout, "the far host's socket on port 9000 (ss -tln)", func() bool {
		out, _ := far.Run(ctx, "ss", "-tln")
		return strings.Contains(out, ":9000 ")
	})

	data := bytes.Repeat([]byte("path MTU discovery, RFC 1191. "), 10000) // 300 kB
	sum := sha256.Sum256(data)
	c, err := h.DialContext(ctx, "tcp", "198.51.100.2:9000")
	require.NoError(t, err, "the stack connects to the far host through the kernel router")
	c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_, err = c.Write(data)
	require.NoError(t, err, "the upload")
	require.NoError(t, c.Close())
	select {
	case out := <-got:
		assert.True(t, strings.HasPrefix(out, hex.EncodeToString(sum[:])),
			"the far host received all %d bytes intact (sha256): %q", len(data), out)
	case <-ctx.Done():
		t.Fatal("the upload did not finish within 20 s: segments too large for the 1000-byte link were lost for good")
	}
	assert.NotZero(t, h.ICMP.Stats().InDestUnreachs, "the kernel router sent \"fragmentation needed\" (ICMP Stats().InDestUnreachs)")
}
