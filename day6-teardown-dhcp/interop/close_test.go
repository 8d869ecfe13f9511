// Generated from solutions/interop/close_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/interop/close_test.go instead and regenerate; `course check` fails when the two drift.

package interop_test

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/device"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/host"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/netns"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/tcp"
)

// The three ways a connection with the kernel ends: the kernel closes
// first, the stack closes first, both at once. The kernel's `ss` shows its
// side; the stack's side is the *tcp.Conn the test holds. A short MSL keeps
// the stack's TIME-WAIT to a second.
const shortMSL = 500 * time.Millisecond

// sockets returns the kernel's TCP sockets to or from the stack, as
// `ss -tan` prints them ("TIME-WAIT 0 0 192.0.2.1:41234 192.0.2.2:7100").
func sockets(t *testing.T, ns *netns.NS) []string {
	t.Helper()
	var found []string
	for line := range strings.Lines(ns.MustRun(t, "ss", "-tan")) {
		if strings.Contains(line, stackAddr+":") {
			found = append(found, strings.Join(strings.Fields(line), " "))
		}
	}
	return found
}

// kernelState is the state of the kernel's only socket to the stack, as
// ss names it, or "" if it has none.
func kernelState(t *testing.T, ns *netns.NS) string {
	t.Helper()
	s := sockets(t, ns)
	if len(s) == 0 {
		return ""
	}
	require.Len(t, s, 1, "one connection with the stack: %q", s)
	return strings.Fields(s[0])[0]
}

// waitState waits for the stack's side of a connection to reach want.
func waitState(t *testing.T, c *tcp.Conn, want tcp.State) {
	t.Helper()
	// The kernel answers in microseconds and TIME-WAIT lasts 2×shortMSL:
	// a state not reached in a few seconds will not be.
	var now tcp.State
	waitFor(t, answerTimeout, "the stack's side to reach "+want.String(), func() bool {
		now = c.State()
		return now == want
	}, func() string { return "it is " + now.String() })
}

func acceptTCP(t *testing.T, ln net.Listener) *tcp.Conn {
	t.Helper()
	c, err := ln.Accept()
	require.NoError(t, err)
	return c.(*tcp.Conn)
}

func TestInteropKernelClosesFirst(t *testing.T) {
	netns.RequireCommand(t, "socat", "socat")
	netns.RequireCommand(t, "ss", "iproute2")
	h, ns := onTAPWith(t, host.Options{TCP: tcp.Options{MSL: shortMSL}}, nil)
	ln, err := h.Listen("tcp", ":7100")
	require.NoError(t, err)
	// The kernel connects, sends a line, and closes.
	ns.Start(t, "sh", "-c", "echo bye | socat -u - TCP:"+stackAddr+":7100")
	c := acceptTCP(t, ln)

	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	got, err := io.ReadAll(c)
	require.NoError(t, err, "the kernel's FIN is end of file")
	assert.Equal(t, "bye\n", string(got))
	waitState(t, c, tcp.StateCloseWait)

	require.NoError(t, c.Close())
	waitState(t, c, tcp.StateClosed) // LAST-ACK, then the kernel's ACK
	waitFor(t, answerTimeout, "the kernel's side to be in TIME-WAIT", func() bool {
		return kernelState(t, ns) == "TIME-WAIT"
	})
	t.Logf("kernel: %q", sockets(t, ns))
}

func TestInteropStackClosesFirst(t *testing.T) {
	netns.RequireCommand(t, "socat", "socat")
	netns.RequireCommand(t, "ss", "iproute2")
	h, ns := onTAPWith(t, host.Options{TCP: tcp.Options{MSL: shortMSL}}, nil)
	// The kernel echoes one connection, and closes when it reads end of file.
	ns.Start(t, "socat", "TCP-LISTEN:7008,reuseaddr", "PIPE")
	c := stackDials(t, h, ns, 7008)
	_, err := c.Write([]byte("hello"))
	require.NoError(t, err)
	buf := make([]byte, 5)
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err = io.ReadFull(c, buf)
	require.NoError(t, err)

	require.NoError(t, c.CloseWrite()) // our FIN: FIN-WAIT-1, FIN-WAIT-2
	_, err = c.Read(buf)
	assert.ErrorIs(t, err, io.EOF, "the kernel closes when it reads our FIN")
	waitState(t, c, tcp.StateTimeWait)
	require.NoError(t, c.Close())
	waitFor(t, answerTimeout, "the kernel's side to be gone (LAST-ACK ended by our ACK)", func() bool {
		return kernelState(t, ns) == ""
	})
	waitState(t, c, tcp.StateClosed) // after 2×MSL
}

func TestInteropBothCloseAtOnce(t *testing.T) {
	netns.RequireCommand(t, "socat", "socat")
	netns.RequireCommand(t, "ss", "iproute2")
	v := &valve{}
	h, ns := onTAPWith(t, host.Options{TCP: tcp.Options{MSL: shortMSL}}, func(w device.Wire) device.Wire {
		v.Wire = w
		return v
	})
	ln, err := h.Listen("tcp", ":7101")
	require.NoError(t, err)
	// The kernel connects and, a second later, closes.
	ns.Start(t, "sh", "-c", "sleep 1 | socat -u - TCP:"+stackAddr+":7101")
	c := acceptTCP(t, ln)

	// Hold what the kernel sends, until its FIN is on the way; then close
	// our side too. The FINs cross: each side sends its FIN before it has
	// the other's.
	v.hold()
	waitFor(t, answerTimeout+time.Second, "the kernel's FIN (a second after it connected)", func() bool { return v.heldFIN() })
	require.NoError(t, c.Close())
	waitFor(t, answerTimeout, "the kernel's side in CLOSING", func() bool {
		return kernelState(t, ns) == "CLOSING"
	})
	v.release()
	waitState(t, c, tcp.StateTimeWait) // CLOSING, then the ACK of our FIN
	waitFor(t, answerTimeout, "the kernel's side in TIME-WAIT", func() bool {
		return kernelState(t, ns) == "TIME-WAIT"
	})
	waitState(t, c, tcp.StateClosed)
}

// A valve sits between the TAP and the stack. Open, it passes every frame
// from the kernel on at once; held, it keeps them until it is released.
type valve struct {
	device.Wire
	mu   sync.Mutex
	rx   func([]byte)
	shut bool
	held [][]byte
}

func (v *valve) Open(rx func([]byte)) error {
	v.rx = rx
	return v.Wire.Open(func(frame []byte) {
		v.mu.Lock()
		if v.shut {
			v.held = append(v.held, frame)
			v.mu.Unlock()
			return
		}
		v.mu.Unlock()
		rx(frame)
	})
}

func (v *valve) hold() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.shut = true
}

// heldFIN reports whether a held frame is a TCP segment with FIN.
func (v *valve) heldFIN() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, f := range v.held {
		p := gopacket.NewPacket(f, layers.LayerTypeEthernet, gopacket.Default)
		if s, ok := p.Layer(layers.LayerTypeTCP).(*layers.TCP); ok && s.FIN {
			return true
		}
	}
	return false
}

// release opens the valve, passing on what it held in order.
func (v *valve) release() {
	v.mu.Lock()
	held := v.held
	v.held, v.shut = nil, false
	v.mu.Unlock()
	for _, f := range held {
		v.rx(f)
	}
}
