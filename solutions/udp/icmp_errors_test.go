//camp:file 6

package udp_test

import (
	"net"
	"os"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/udp"
)

// ICMP errors for UDP sockets (icmp_errors.go): the test plays the peer
// 192.0.2.1 and answers our datagrams with ICMP errors built by gopacket,
// quoting the datagram the stack really sent.

// sendAndAnswer sends p from c and has the peer answer it with an ICMP
// Destination Unreachable of the given code.
func sendAndAnswer(t *testing.T, port *camptest.Port, send func() error, code uint8) {
	t.Helper()
	require.NoError(t, send())
	synctest.Wait()
	ips, _ := sentUDP(t, port)
	require.Len(t, ips, 1, "the socket sends one datagram")
	port.Send(t, camptest.ICMPErrorFrame(t, peerMAC, usMAC, peerIP, usIP, camptest.ICMPError{Type: 3, Code: code, Quote: camptest.QuoteOf(ips[0])}))
	synctest.Wait()
}

// readOnce reads with a deadline a (fake) second away.
func readOnce(t *testing.T, c *udp.Conn) ([]byte, error) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(time.Second))
	buf := make([]byte, 100)
	n, _, err := c.ReadFrom(buf)
	return buf[:n], err
}

// Linux's behaviour: a connected socket's next Read fails once with
// ECONNREFUSED when its peer's host answered port unreachable; the socket
// then goes on working.
func TestPortUnreachableFailsTheNextReadOfAConnectedSocket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		c, err := h.DialUDP("udp", nil, udpAddr(peerIP+":9"))
		require.NoError(t, err)
		sendAndAnswer(t, port, func() error { _, err := c.Write([]byte("anyone?")); return err }, 3)

		_, err = readOnce(t, c)
		require.ErrorIs(t, err, syscall.ECONNREFUSED, "the read after a port unreachable")
		var op *net.OpError
		require.ErrorAs(t, err, &op, "a *net.OpError, as the net package's")
		assert.Equal(t, "read", op.Op, "OpError.Op")

		_, err = readOnce(t, c)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "the error is reported once: the next read waits as usual")
		port.Send(t, camptest.UDPFrame(t, peerMAC, usMAC, peerIP, usIP, 9, uint16(c.LocalAddr().(*net.UDPAddr).Port), []byte("here now")))
		got, err := readOnce(t, c)
		require.NoError(t, err, "the socket still receives")
		assert.Equal(t, "here now", string(got), "the datagram read")
	})
}

// A reader blocked when the error comes is woken with it.
func TestPortUnreachableWakesABlockedReader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		c, err := h.DialUDP("udp", nil, udpAddr(peerIP+":9"))
		require.NoError(t, err)
		done := make(chan error, 1)
		go func() {
			_, err := c.Read(make([]byte, 10))
			done <- err
		}()
		sendAndAnswer(t, port, func() error { _, err := c.Write([]byte("anyone?")); return err }, 3)
		assert.ErrorIs(t, within(t, done), syscall.ECONNREFUSED, "the blocked read")
	})
}

// With no read in between, the next Write reports it instead, once.
func TestPortUnreachableFailsTheNextWrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, port := setup(t)
		c, err := h.DialUDP("udp", nil, udpAddr(peerIP+":9"))
		require.NoError(t, err)
		sendAndAnswer(t, port, func() error { _, err := c.Write([]byte("anyone?")); return err }, 3)
		_, err = c.Write([]byte("again"))
		assert.ErrorIs(t, err, syscall.ECONNREFUSED, "the write after a port unreachable")
		_, err = c.Write([]byte("and again"))
		assert.NoError(t, err, "the error is reported once")
		_, err = readOnce(t, c)
		assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "and not to the read after")
	})
}

// An unconnected socket sends to anyone: one peer's error must not fail
// a read that waits for another's datagram (Linux, without IP_RECVERR).
// Soft errors (host unreachable) do not reach a connected socket either.
func TestErrorsTheSocketDoesNotHear(t *testing.T) {
	for _, tc := range []struct {
		name      string
		connected bool
		code      uint8
	}{
		{"port unreachable to an unconnected socket", false, 3},
		{"host unreachable to a connected socket", true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h, port := setup(t)
				var c *udp.Conn
				var err error
				var send func() error
				if tc.connected {
					c, err = h.DialUDP("udp", nil, udpAddr(peerIP+":9"))
					send = func() error { _, err := c.Write([]byte("anyone?")); return err }
				} else {
					c, err = h.ListenUDP("udp", nil)
					send = func() error { _, err := c.WriteTo([]byte("anyone?"), udpAddr(peerIP+":9")); return err }
				}
				require.NoError(t, err)
				sendAndAnswer(t, port, send, tc.code)
				_, err = readOnce(t, c)
				assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "the read waits for a datagram as if no error had come")
				assert.NoError(t, send(), "the next write")
			})
		})
	}
}

// Two stacks: the port has no socket on the other stack, which answers
// with its own port unreachable (Day 4); the dialling socket hears of it.
func TestConnectedSocketHearsTheOtherStacksPortUnreachable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		link := device.NewLink()
		a := camptest.NewHost(t, host.Options{})
		b := camptest.NewHost(t, host.Options{})
		camptest.AddEthernet(t, a, link, "02:00:00:00:00:0a", "192.0.2.10/24")
		camptest.AddEthernet(t, b, link, "02:00:00:00:00:0b", "192.0.2.11/24")
		camptest.Start(t, a.Stack)
		camptest.Start(t, b.Stack)
		c, err := a.DialUDP("udp", nil, udpAddr("192.0.2.11:9"))
		require.NoError(t, err)
		_, err = c.Write([]byte("anyone?"))
		require.NoError(t, err)
		_, err = readOnce(t, c)
		assert.ErrorIs(t, err, syscall.ECONNREFUSED, "the read after the other stack's port unreachable")
		assert.Equal(t, uint64(1), b.UDP.Stats().NoPorts, "the other stack's Stats().NoPorts")
	})
}
