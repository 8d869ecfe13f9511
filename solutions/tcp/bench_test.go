//camp:file 5

package tcp_test

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
)

// BenchmarkTCPBulk measures one-way bulk transfer between two stacks over
// the in-memory link, in real time: b.N chunks of 64 KiB; MB/s is printed
// by -bench, allocations by -benchmem.
func BenchmarkTCPBulk(b *testing.B) {
	a, z := camptest.BenchPair(b)
	benchBulk(b, a, z)
}

// benchBulk sends b.N chunks of 64 KiB from a to z, one way.
func benchBulk(b *testing.B, a, z *host.Host) {
	ln, err := z.Listen("tcp", ":9")
	if err != nil {
		b.Fatal(err)
	}
	got := make(chan int64, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- -1
			return
		}
		n, _ := io.Copy(io.Discard, c)
		got <- n
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := a.DialContext(ctx, "tcp", "192.0.2.11:9")
	if err != nil {
		b.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	b.SetBytes(int64(len(chunk)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := c.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
	c.Close() // everything is written: the FIN ends the receiver's copy
	if n := <-got; n != int64(b.N*len(chunk)) {
		b.Fatalf("received %d bytes, want %d", n, b.N*len(chunk))
	}
	b.StopTimer()
}

// BenchmarkKernelLoopbackBulk is the reference: the same transfer between
// two sockets of the machine's own kernel over 127.0.0.1. Divide the two
// MB/s figures for the ratio docs/performance.md reports.
func BenchmarkKernelLoopbackBulk(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Skip("no loopback TCP:", err)
	}
	defer ln.Close()
	got := make(chan int64, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- -1
			return
		}
		n, _ := io.Copy(io.Discard, c)
		got <- n
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	b.SetBytes(int64(len(chunk)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := c.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
	c.(*net.TCPConn).CloseWrite()
	if n := <-got; n != int64(b.N*len(chunk)) {
		b.Fatalf("received %d bytes, want %d", n, b.N*len(chunk))
	}
	b.StopTimer()
}
