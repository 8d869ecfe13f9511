//camp:file 6

package tcp_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"net"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/tcp"
)

// connected returns both ends of a connection between two stacks.
func connected(t *testing.T) (client, server net.Conn) {
	t.Helper()
	a, b := pair(t, device.NewLink())
	ln, err := b.Listen("tcp", ":9")
	require.NoError(t, err)
	client = dial(t, a, "192.0.2.11:9")
	return client, accept(t, ln)
}

// TestAPIMisuseFailsClearly: what a program may do wrong with a connection
// ends in an error that says what happened (wrapping net.ErrClosed,
// ECONNRESET …), never in a panic or a hang.
func TestAPIMisuseFailsClearly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connected(t)

		n, err := client.Write(nil)
		assert.NoError(t, err, "a zero-length write is no error")
		assert.Zero(t, n)
		n, err = client.Read(nil)
		assert.NoError(t, err, "nor a zero-length read")
		assert.Zero(t, n)

		require.NoError(t, client.Close())
		assert.ErrorIs(t, client.Close(), net.ErrClosed, "a second Close")
		_, err = client.Write([]byte("x"))
		assert.ErrorIs(t, err, net.ErrClosed, "Write after Close")
		_, err = client.Read(make([]byte, 1))
		assert.ErrorIs(t, err, net.ErrClosed, "Read after Close")
		assert.NoError(t, client.SetDeadline(time.Now()), "deadlines on a closed connection are harmless")
		assert.NotNil(t, client.LocalAddr())
		assert.NotNil(t, client.RemoteAddr())

		// The server's side: the peer closed; our unread data (none) is
		// fine, so it reads end of file, and may still write.
		_, err = server.Read(make([]byte, 1))
		assert.ErrorIs(t, err, io.EOF)
		require.NoError(t, server.Close())
	})
}

func TestReadAndWriteAfterReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connected(t)
		_, err := server.Write([]byte("unread"))
		require.NoError(t, err)
		synctest.Wait()
		require.NoError(t, client.Close(), "closing with unread data resets the connection")
		synctest.Wait()
		_, err = server.Read(make([]byte, 1))
		assert.ErrorIs(t, err, syscall.ECONNRESET, "Read after a reset")
		_, err = server.Read(make([]byte, 1))
		assert.ErrorIs(t, err, syscall.ECONNRESET, "and again: the error stays")
		_, err = server.Write([]byte("x"))
		assert.ErrorIs(t, err, syscall.ECONNRESET, "Write after a reset")
		assert.NoError(t, server.Close())
		assert.ErrorIs(t, server.Close(), net.ErrClosed)
	})
}

// TestHugeWrite: one Write of 64 MB, far beyond the send buffer, returns
// once all of it is buffered, and all of it arrives intact. (4 MB with
// -short or -race: camptest.FullSize.)
func TestHugeWrite(t *testing.T) {
	size := 64 << 20
	if !camptest.FullSize() {
		size = 4 << 20
	}
	synctest.Test(t, func(t *testing.T) {
		client, server := connected(t)
		data := bytes.Repeat([]byte("0123456789abcdef"), size/16)
		data[12345] = 'X'
		written := make(chan error, 1)
		go func() {
			n, err := client.Write(data)
			if err == nil && n != len(data) {
				err = errors.New("short write")
			}
			written <- err
		}()
		h := sha256.New()
		server.SetReadDeadline(time.Now().Add(time.Hour))
		_, err := io.CopyN(h, server, int64(size))
		require.NoError(t, err)
		require.NoError(t, <-written)
		want := sha256.Sum256(data)
		assert.Equal(t, want[:], h.Sum(nil))
	})
}

// TestConcurrentReadsAndWrites: many goroutines write to and read from one
// connection at once, and close it while some still wait: every byte of
// every writer arrives, once, and -race finds nothing.
func TestConcurrentReadsAndWrites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := connected(t)
		const writers, writes, size = 16, 20, 1000
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				msg := bytes.Repeat([]byte{byte('A' + w)}, size)
				for range writes {
					client.Write(msg)
				}
			}()
		}
		var mu sync.Mutex
		counts := map[byte]int{}
		var rg sync.WaitGroup
		total := writers * writes * size
		got := 0
		for range 8 {
			rg.Add(1)
			go func() {
				defer rg.Done()
				buf := make([]byte, 777)
				for {
					n, err := server.Read(buf)
					mu.Lock()
					for _, b := range buf[:n] {
						counts[b]++
					}
					got += n
					done := got >= total
					mu.Unlock()
					if err != nil || done {
						return
					}
				}
			}()
		}
		wg.Wait()
		for got := 0; ; got++ {
			mu.Lock()
			done := counts != nil && sum(counts) >= total
			mu.Unlock()
			if done || got > 100 {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		// Readers that still wait are woken by Close, with an error.
		server.Close()
		client.Close()
		rg.Wait()
		for w := range writers {
			assert.Equal(t, writes*size, counts[byte('A'+w)], "writer %d's bytes, all of them, once", w)
		}
	})
}

func sum(m map[byte]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestBadAddressesFailClearly: networks and addresses the stack does not
// speak are refused with an error, at once.
func TestBadAddressesFailClearly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, _ := pair(t, device.NewLink())
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		for _, c := range []struct{ network, addr, why string }{
			{"tcp6", "[2001:db8::1]:80", "IPv6 is not spoken here"},
			{"tcp", "[2001:db8::1]:80", "an IPv6 address"},
			{"udp", "192.0.2.11:80", "a UDP network for TCP"},
			{"tcp", "192.0.2.11:0", "port 0"},
			{"tcp", "0.0.0.0:80", "the unspecified address"},
			{"tcp", "not an address", "garbage"},
		} {
			_, err := a.DialContext(ctx, c.network, c.addr)
			assert.Error(t, err, "dial %s %s: %s", c.network, c.addr, c.why)
		}
		_, err := a.TCP.DialContext(ctx, "tcp", nil, nil)
		assert.Error(t, err, "a nil remote address")
		_, err = a.TCP.DialContext(ctx, "tcp", nil, &net.TCPAddr{IP: net.ParseIP("2001:db8::1"), Port: 80})
		assert.Error(t, err, "an IPv6 *net.TCPAddr")
		_, err = a.TCP.Listen("udp", nil, 0)
		assert.Error(t, err, "listen on a UDP network")
		_, err = a.TCP.Listen("tcp", &net.TCPAddr{IP: net.ParseIP("2001:db8::1"), Port: 80}, 0)
		assert.Error(t, err, "listen on an IPv6 address")

		ln, err := a.TCP.Listen("tcp", nil, 0)
		require.NoError(t, err, "nil means any address, an ephemeral port")
		_, err = a.TCP.Listen("tcp", ln.Addr().(*net.TCPAddr), 0)
		assert.ErrorIs(t, err, tcp.ErrPortInUse, "the same port twice")
		require.NoError(t, ln.Close())
		assert.ErrorIs(t, ln.Close(), net.ErrClosed, "a listener closed twice")
		_, err = ln.Accept()
		assert.ErrorIs(t, err, net.ErrClosed, "Accept after Close")
	})
}
