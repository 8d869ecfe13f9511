// Generated from solutions/host/bench_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/host/bench_test.go instead and regenerate; `course check` fails when the two drift.

package host_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/services"
)

// Benchmarks of two stacks on the in-memory link, in real time. Where the
// kernel can do the same thing over its loopback, a "kernel" sub-benchmark
// runs it in the same process, so the two figures of one run can be
// divided (docs/performance.md). Run them with
//
//	go test -bench . -run '^$' ./solutions/host/

// BenchmarkPing is one echo request and its reply, a to z: ns/op is the
// round trip.
func BenchmarkPing(b *testing.B) {
	a, _ := camptest.BenchPair(b)
	dst := netip.MustParseAddr("192.0.2.11")
	data := make([]byte, 56) // the kernel ping's default
	ctx := context.Background()
	if _, err := a.Ping(ctx, dst, 0, data); err != nil { // ARP first
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := a.Ping(ctx, dst, uint16(i), data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUDPEcho is one 1000-byte datagram to an echo server and its
// answer: ns/op is the round trip, MB/s counts the bytes one way.
func BenchmarkUDPEcho(b *testing.B) {
	b.Run("stack", func(b *testing.B) {
		a, z := camptest.BenchPair(b)
		srv, err := z.ListenUDP("udp", &net.UDPAddr{Port: 7})
		if err != nil {
			b.Fatal(err)
		}
		go services.ServeUDP("echo", srv)
		c, err := a.DialUDP("udp", nil, &net.UDPAddr{IP: net.IPv4(192, 0, 2, 11), Port: 7})
		if err != nil {
			b.Fatal(err)
		}
		udpRoundTrips(b, c)
	})
	b.Run("kernel", func(b *testing.B) {
		srv, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			b.Skip("no loopback UDP:", err)
		}
		go services.ServeUDP("echo", srv)
		b.Cleanup(func() { srv.Close() })
		c, err := net.DialUDP("udp", nil, srv.LocalAddr().(*net.UDPAddr))
		if err != nil {
			b.Fatal(err)
		}
		udpRoundTrips(b, c)
	})
}

func udpRoundTrips(b *testing.B, c net.Conn) {
	b.Cleanup(func() { c.Close() })
	msg := make([]byte, 1000)
	buf := make([]byte, 2000)
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(buf); err != nil {
			b.Fatal(err) // a datagram lost on an in-memory link is a bug
		}
	}
}

// BenchmarkHTTP is GET / from net/http's client to net/http's server,
// over 1 and over 100 keep-alive connections at once; ns/op is per
// request, and requests/s is reported too.
func BenchmarkHTTP(b *testing.B) {
	for _, conns := range []int{1, 100} {
		b.Run(fmt.Sprintf("stack/conns=%d", conns), func(b *testing.B) {
			a, z := camptest.BenchPair(b)
			ln, err := z.Listen("tcp", ":80")
			if err != nil {
				b.Fatal(err)
			}
			httpRequests(b, ln, a.DialContext, "http://192.0.2.11/", conns)
		})
		b.Run(fmt.Sprintf("kernel/conns=%d", conns), func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Skip("no loopback TCP:", err)
			}
			var d net.Dialer
			httpRequests(b, ln, d.DialContext, "http://"+ln.Addr().String()+"/", conns)
		})
	}
}

func httpRequests(b *testing.B, ln net.Listener, dial func(context.Context, string, string) (net.Conn, error), url string, conns int) {
	srv := &http.Server{Handler: services.HTTPHandler()}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	tr := &http.Transport{DialContext: dial, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	get := func() error {
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return err
	}
	b.ReportAllocs()
	b.ResetTimer()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		fail error
		next = make(chan struct{})
	)
	for range conns {
		wg.Go(func() {
			for range next {
				if err := get(); err != nil {
					mu.Lock()
					fail = err
					mu.Unlock()
				}
			}
		})
	}
	start := time.Now()
	for range b.N {
		next <- struct{}{}
	}
	close(next)
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "requests/s")
	if fail != nil {
		b.Fatal(fail)
	}
}
