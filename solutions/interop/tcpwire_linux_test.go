//camp:file 6

//go:build linux

package interop_test

import (
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/internal/netns"
	"github.com/go-tcpip-camp/camp/solutions/tcp"
)

// Issue 15's TCP on the wire, against the kernel: SYN cookies under a SYN
// flood, a kernel client reusing a port the stack holds in TIME-WAIT, and
// no redundant ACK on a keep-alive HTTP connection.

// forgedAddr is the source of the SYN flood: an address in the
// namespace's network that nobody has.
const forgedAddr = "192.0.2.99"

// rawSocketIn opens a raw IPv4 socket (IPPROTO_RAW: the caller writes the
// IP header, any source address) in namespace ns. A goroutine locked to a
// thread of its own joins the namespace and opens it; the socket stays in
// that namespace, and the thread, never unlocked, ends with the goroutine.
func rawSocketIn(t *testing.T, ns *netns.NS) int {
	t.Helper()
	type result struct {
		fd  int
		err error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		f, err := os.Open("/var/run/netns/" + ns.Name())
		if err != nil {
			done <- result{-1, err}
			return
		}
		defer f.Close()
		if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- result{-1, fmt.Errorf("setns: %w", err)}
			return
		}
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_RAW, unix.IPPROTO_RAW)
		done <- result{fd, err}
	}()
	r := <-done
	require.NoError(t, r.err, "a raw socket in the namespace")
	t.Cleanup(func() { unix.Close(r.fd) })
	return r.fd
}

// floodSYNs sends SYNs from forgedAddr, random ports and sequence numbers,
// to the stack's port 80 through the raw socket fd, in bursts of 25 a
// millisecond apart (about 20,000 a second: the stack's receive ring holds
// them, even under -race), until stop is closed or n are sent. It returns
// how many it sent.
func floodSYNs(fd, n int, stop <-chan struct{}) int {
	to := &unix.SockaddrInet4{Addr: netip.MustParseAddr(stackAddr).As4()}
	rng := rand.New(rand.NewPCG(15, 7))
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	for i := range n {
		if i%25 == 0 && i > 0 {
			select {
			case <-stop:
				return i
			case <-time.After(time.Millisecond):
			}
		}
		ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolTCP,
			SrcIP: net.ParseIP(forgedAddr).To4(), DstIP: net.ParseIP(stackAddr).To4()}
		seg := &layers.TCP{SrcPort: layers.TCPPort(1024 + rng.IntN(60000)), DstPort: 80, Seq: rng.Uint32(), SYN: true, Window: 64240,
			Options: []layers.TCPOption{{OptionType: layers.TCPOptionKindMSS, OptionLength: 4, OptionData: []byte{0x05, 0xb4}}}}
		seg.SetNetworkLayerForChecksum(ip)
		if err := gopacket.SerializeLayers(buf, opts, ip, seg); err != nil {
			return i
		}
		if err := unix.Sendto(fd, buf.Bytes(), 0, to); err != nil {
			return i
		}
	}
	return n
}

// TestInteropSYNFloodKernelConnectsAtOnce: while 20,000 SYNs from a forged
// address flood the stack's HTTP port, the kernel connects (curl) five
// times and downloads 1 MB each time: every connect takes under 100 ms,
// since a full backlog answers with SYN cookies (syncookie.go) instead of
// dropping the kernel's SYN.
func TestInteropSYNFloodKernelConnectsAtOnce(t *testing.T) {
	netns.RequireRoot(t)
	skipWhileTODOsOpen(t)
	netns.RequireCommand(t, "curl", "curl")
	h, ns := onTAP(t)
	serveTCP(t, h, "http")
	fd := rawSocketIn(t, ns)

	stop := make(chan struct{})
	flooded := make(chan int, 1)
	go func() { flooded <- floodSYNs(fd, 20000, stop) }()
	defer func() {
		close(stop)
		t.Logf("SYNs of the flood sent: %d; stack: %+v", <-flooded, h.TCP.Stats())
	}()
	waitFor(t, 5*time.Second, "the flood to fill the backlog (Stats().SyncookiesSent > 0)", func() bool {
		return h.TCP.Stats().SyncookiesSent > 0
	})
	for i := range 5 {
		out := ns.MustRun(t, "curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{time_connect} %{size_download}",
			fmt.Sprintf("http://%s/bytes/%d", stackAddr, 1<<20))
		f := strings.Fields(out)
		require.Len(t, f, 2, "curl's -w output: %q", out)
		connect, err := strconv.ParseFloat(f[0], 64)
		require.NoError(t, err, "curl's time_connect: %q", out)
		assert.Less(t, connect, 0.100, "connection %d during the flood: connect time in seconds (a lost SYN costs 1 s)", i+1)
		assert.Equal(t, strconv.Itoa(1<<20), f[1], "connection %d: bytes downloaded", i+1)
	}
	st := h.TCP.Stats()
	assert.Positive(t, st.SyncookiesSent, "Stats().SyncookiesSent: the flood filled the backlog")
}

// wireTap is a wire that hands every frame, either way, to see.
type wireTap struct {
	device.Wire
	see func([]byte)
}

func (w *wireTap) Open(rx func([]byte)) error {
	return w.Wire.Open(func(f []byte) { w.see(f); rx(f) })
}

func (w *wireTap) WriteFrame(f []byte) error {
	w.see(f)
	return w.Wire.WriteFrame(f)
}

// TestInteropKernelReusesPortInTimeWait: a kernel client (socat) connects
// ten times from local port 40000 to a service on the stack that writes a
// line and closes: the stack closes first each time and holds the
// connection in TIME-WAIT, while the kernel, closing second, is done with
// the port once its FIN is acknowledged. Each new SYN from the port,
// above the old connection's numbers, reopens the connection (RFC 1122
// §4.2.2.13, timewait.go): the kernel sends one SYN per connection and no
// reset, and every connection ends with the stack in TIME-WAIT again.
func TestInteropKernelReusesPortInTimeWait(t *testing.T) {
	netns.RequireRoot(t)
	skipWhileTODOsOpen(t)
	netns.RequireCommand(t, "socat", "socat")
	netns.RequireCommand(t, "ss", "iproute2")
	var mu sync.Mutex
	syns, rsts := 0, 0
	h, ns := onTAPWith(t, host.Options{}, func(w device.Wire) device.Wire {
		return &wireTap{Wire: w, see: func(f []byte) {
			p := gopacket.NewPacket(f, layers.LayerTypeEthernet, gopacket.NoCopy)
			seg, ok := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
			if !ok || seg.SrcPort != 40000 {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seg.SYN {
				syns++
			}
			if seg.RST {
				rsts++
			}
		}}
	})
	ln, err := h.Listen("tcp", ":13")
	require.NoError(t, err)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("hello from the stack\n"))
			c.Close() // the stack closes first: its side waits in TIME-WAIT
		}
	}()
	const n = 10
	start := time.Now()
	for i := range n {
		ss := func() string {
			out, _ := ns.Run(t.Context(), "ss", "-tanH", "sport", "=", ":40000")
			return strings.TrimSpace(out)
		}
		waitFor(t, 5*time.Second, "the kernel's side of the last connection to be gone (ss)", func() bool { return ss() == "" }, ss)
		out := ns.MustRun(t, "socat", "-T", "5", "-u", fmt.Sprintf("TCP:%s:13,sourceport=40000", stackAddr), "-")
		assert.Equal(t, "hello from the stack", strings.TrimSpace(out), "connection %d from port 40000: what the service wrote", i+1)
	}
	t.Logf("%d connections from port 40000 in %v", n, time.Since(start).Round(time.Millisecond))
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, n, syns, "the kernel's SYNs from port 40000: one per connection, none sent again")
	assert.Zero(t, rsts, "the kernel's resets from port 40000")
}

// TestInteropKeepAliveSendsNoRedundantACK: curl fetches 20,000 bytes 100
// times over one keep-alive connection; every pure ACK the stack sends
// moves the ACK number on or opens the window meaningfully
// (camptest.ACKWatch).
func TestInteropKeepAliveSendsNoRedundantACK(t *testing.T) {
	netns.RequireRoot(t)
	skipWhileTODOsOpen(t)
	netns.RequireCommand(t, "curl", "curl")
	watch := &camptest.ACKWatch{MSS: 1460, RcvBuf: tcp.RcvBufSize}
	h, ns := onTAPWith(t, host.Options{}, func(w device.Wire) device.Wire {
		return &wireTap{Wire: w, see: func(f []byte) {
			watch.See(gopacket.NewPacket(f, layers.LayerTypeEthernet, gopacket.Default))
		}}
	})
	serveTCP(t, h, "http")
	args := []string{"-sS", "--max-time", "20", "--parallel", "--parallel-max", "10"}
	for range 300 {
		args = append(args, "-o", "/dev/null", fmt.Sprintf("http://%s/bytes/20000", stackAddr))
	}
	ns.MustRun(t, "curl", args...)
	n, report := watch.Redundant(netip.MustParseAddr(stackAddr))
	t.Log(report)
	assert.Zero(t, n, "redundant pure ACKs the stack sent:\n%s", report)
}
