//camp:file 5

package tcp_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
)

// pair returns two started hosts, a (192.0.2.10) and b (192.0.2.11), on link.
func pair(t *testing.T, link *device.Link) (*host.Host, *host.Host) {
	t.Helper()
	a := camptest.NewHost(t, host.Options{})
	b := camptest.NewHost(t, host.Options{})
	camptest.AddEthernet(t, a, link, "02:00:00:00:00:0a", "192.0.2.10/24")
	camptest.AddEthernet(t, b, link, "02:00:00:00:00:0b", "192.0.2.11/24")
	camptest.Start(t, a.Stack)
	camptest.Start(t, b.Stack)
	return a, b
}

// dial connects from h to address within a (fake) ten seconds.
func dial(t *testing.T, h *host.Host, address string) net.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	c, err := h.DialContext(ctx, "tcp", address)
	require.NoError(t, err, "dial %s", address)
	return c
}

// accept accepts one connection within a (fake) ten seconds.
func accept(t *testing.T, ln net.Listener) net.Conn {
	t.Helper()
	type result struct {
		c   net.Conn
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := ln.Accept()
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		return r.c
	case <-time.After(10 * time.Second):
		t.Fatal("no connection to accept")
		return nil
	}
}

func TestHandshakeBothWays(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := pair(t, device.NewLink())
		lnB, err := b.Listen("tcp", ":80")
		require.NoError(t, err)
		lnA, err := a.Listen("tcp", "192.0.2.10:8080")
		require.NoError(t, err)

		ab := dial(t, a, "192.0.2.11:80")
		ba := accept(t, lnB)
		assert.Equal(t, ab.LocalAddr().String(), ba.RemoteAddr().String())
		assert.Equal(t, "192.0.2.11:80", ab.RemoteAddr().String())

		ba2 := dial(t, b, "192.0.2.10:8080")
		ab2 := accept(t, lnA)
		assert.Equal(t, ba2.LocalAddr().String(), ab2.RemoteAddr().String())
		assert.Equal(t, uint64(2), a.TCP.Stats().ActiveOpens+a.TCP.Stats().PassiveOpens)
	})
}

func TestDataBothWaysAndClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := pair(t, device.NewLink())
		ln, err := b.Listen("tcp", ":7")
		require.NoError(t, err)
		client := dial(t, a, "192.0.2.11:7")
		server := accept(t, ln)

		_, err = client.Write([]byte("hello, server"))
		require.NoError(t, err)
		buf := make([]byte, 100)
		server.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := server.Read(buf)
		require.NoError(t, err)
		assert.Equal(t, "hello, server", string(buf[:n]))

		_, err = server.Write([]byte("hello, client"))
		require.NoError(t, err)
		client.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err = client.Read(buf)
		require.NoError(t, err)
		assert.Equal(t, "hello, client", string(buf[:n]))

		require.NoError(t, client.Close())
		n, err = server.Read(buf)
		assert.Equal(t, 0, n)
		assert.ErrorIs(t, err, io.EOF, "the server reads end of file after the client's FIN")
		require.NoError(t, server.Close())
		_, err = client.Read(buf)
		assert.ErrorIs(t, err, net.ErrClosed, "read after Close")
	})
}

// transfer sends size deterministic bytes from one end to the other while
// the other end reads them, and checks the sha256 at both ends.
func transfer(t *testing.T, from, to net.Conn, size int) {
	t.Helper()
	require.NoError(t, copyChecked(from, to, size))
}

// copyChecked is transfer without the test: it returns what went wrong, so
// that it can run in a goroutine of its own (only the test's goroutine may
// end a test).
func copyChecked(from, to net.Conn, size int) error {
	src := rand.New(rand.NewPCG(1, uint64(size)))
	want := sha256.New()
	done := make(chan error, 1)
	go func() {
		buf := make([]byte, 32<<10)
		left := size
		for left > 0 {
			chunk := buf[:min(left, len(buf))]
			for i := range chunk {
				chunk[i] = byte(src.Uint32())
			}
			want.Write(chunk)
			if _, err := from.Write(chunk); err != nil {
				done <- err
				return
			}
			left -= len(chunk)
		}
		done <- nil
	}()
	got := sha256.New()
	to.SetReadDeadline(time.Now().Add(time.Hour))
	if n, err := io.CopyN(got, to, int64(size)); err != nil {
		return fmt.Errorf("after %d of %d bytes: %w", n, size, err)
	}
	if err := <-done; err != nil {
		return err
	}
	if !bytes.Equal(want.Sum(nil), got.Sum(nil)) {
		return errors.New("the bytes arrived, but not intact or not in order (sha256 differs)")
	}
	return nil
}

func TestBulkTransferBothDirectionsAtOnce(t *testing.T) {
	size := 4 << 20
	if !camptest.FullSize() {
		size = 512 << 10
	}
	synctest.Test(t, func(t *testing.T) {
		a, b := pair(t, device.NewLink())
		ln, err := b.Listen("tcp", ":9")
		require.NoError(t, err)
		client := dial(t, a, "192.0.2.11:9")
		server := accept(t, ln)
		back := make(chan error, 1)
		go func() { back <- copyChecked(server, client, size) }()
		transfer(t, client, server, size)
		require.NoError(t, <-back, "the other direction")
	})
}

func TestBulk100MB(t *testing.T) {
	if !camptest.FullSize() {
		t.Skip("100 MB: not with -short or -race (course check runs it once, without either)")
	}
	synctest.Test(t, func(t *testing.T) {
		a, b := pair(t, device.NewLink())
		ln, err := b.Listen("tcp", ":9")
		require.NoError(t, err)
		client := dial(t, a, "192.0.2.11:9")
		server := accept(t, ln)
		transfer(t, client, server, 100<<20)
	})
}

func TestLossyLinkDeliversIntact(t *testing.T) {
	size := 10 << 20
	if !camptest.FullSize() {
		size = 256 << 10
	}
	synctest.Test(t, func(t *testing.T) {
		link := device.NewFaultyLink(device.Faults{Seed: 7, Drop: .10, Duplicate: .05, Reorder: .05, Corrupt: .01})
		a, b := pair(t, link)
		// ARP over a lossy link may need its retries: resolve first.
		ln, err := b.Listen("tcp", ":9")
		require.NoError(t, err)
		client := dial(t, a, "192.0.2.11:9")
		server := accept(t, ln)
		transfer(t, client, server, size)
		assert.Positive(t, a.TCP.Stats().RetransSegs, "losses were repaired by retransmission")
		st := link.Stats()
		assert.Positive(t, st.Dropped, "the link lost frames")
		if size >= 1<<20 { // a short transfer may see no corruption at 1 %
			assert.Positive(t, st.Corrupted, "the link corrupted frames")
		}
	})
}

func TestConnectionRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, _ := pair(t, device.NewLink())
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		_, err := a.DialContext(ctx, "tcp", "192.0.2.11:81")
		require.Error(t, err)
		assert.ErrorIs(t, err, syscall.ECONNREFUSED, "nobody listens on port 81: the peer resets")
	})
}

func TestDialToNobodyTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, _ := pair(t, device.NewLink())
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		start := time.Now()
		_, err := a.DialContext(ctx, "tcp", "192.0.2.99:80")
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 3*time.Second, time.Since(start))
	})
}

func TestDialGivesUpWithETIMEDOUT(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, _ := pair(t, device.NewLink())
		a.ARP.AddStatic(a.Stack.Device("net1"), netip.MustParseAddr("192.0.2.99"), ethernet.MustParseMAC("02:00:00:00:00:99"))
		start := time.Now()
		_, err := a.DialContext(t.Context(), "tcp", "192.0.2.99:80")
		require.ErrorIs(t, err, syscall.ETIMEDOUT, "nobody answers the SYNs")
		assert.Contains(t, err.Error(), "connect: connection timed out", "worded as the kernel's")
		assert.Equal(t, 63*time.Second, time.Since(start), "SYN at 0 s, then again after 1, 2, 4, 8, 16 s, giving up 32 s later")
	})
}

func TestReadDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := pair(t, device.NewLink())
		ln, err := b.Listen("tcp", ":7")
		require.NoError(t, err)
		client := dial(t, a, "192.0.2.11:7")
		accept(t, ln)
		client.SetReadDeadline(time.Now().Add(time.Second))
		_, err = client.Read(make([]byte, 10))
		var ne net.Error
		require.True(t, errors.As(err, &ne), "%v", err)
		assert.True(t, ne.Timeout())
	})
}

func TestHTTPOverTheStack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, b := pair(t, device.NewLink())
		ln, err := b.Listen("tcp", ":80")
		require.NoError(t, err)
		mux := http.NewServeMux()
		mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello, "+r.RemoteAddr) })
		mux.HandleFunc("POST /upper", func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			w.Write(bytes.ToUpper(body))
		})
		srv := &http.Server{Handler: mux}
		go srv.Serve(ln)
		defer srv.Close()

		tr := &http.Transport{DialContext: a.DialContext}
		defer tr.CloseIdleConnections()
		client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
		for range 3 { // keep-alive: one connection, several requests
			resp, err := client.Get("http://192.0.2.11/hello")
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, 200, resp.StatusCode)
			assert.True(t, strings.HasPrefix(string(body), "hello, 192.0.2.10:"), string(body))
		}
		resp, err := client.Post("http://192.0.2.11/upper", "text/plain", strings.NewReader("shout"))
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, "SHOUT", string(body))
		assert.Equal(t, uint64(1), a.TCP.Stats().ActiveOpens, "keep-alive reused one connection")
	})
}
