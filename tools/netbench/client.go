package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
)

// The client side of every measurement is the kernel's: netbench runs
// itself inside the client's namespace as `netbench _client -do WHAT …`,
// and the program there talks through the kernel's sockets to the server
// at -addr, which is our stack or, for the baseline, the kernel in the
// other namespace. It prints one clientResult as JSON on its standard
// output. The clock is read here, next to the sockets, so the time does not
// include starting a process or entering a namespace.

// clientResult is what one measurement found.
type clientResult struct {
	Bytes    int64   `json:"bytes,omitempty"`    // bytes moved (bulk)
	Requests int64   `json:"requests,omitempty"` // requests answered (HTTP)
	Stalled  int     `json:"stalled,omitempty"`  // HTTP connections given up on (see httpLoad)
	Seconds  float64 `json:"seconds"`            // how long it took
	// The CPU time the client used meanwhile, in seconds: in its own code
	// (user) and in the kernel's, on its behalf (system: the system calls,
	// and the TCP/IP work the kernel does in them).
	UserSeconds float64 `json:"user_seconds"`
	SysSeconds  float64 `json:"sys_seconds"`
}

// clientMain is `netbench _client`.
func clientMain(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("netbench _client", flag.ContinueOnError)
	do := fs.String("do", "", "send, recv or http")
	addr := fs.String("addr", "", "the server's host:port")
	size := fs.Int64("size", 0, "bytes to send or receive")
	conns := fs.Int("conns", 1, "concurrent HTTP connections")
	duration := fs.Duration("duration", time.Second, "how long the HTTP measurement lasts")
	stall := fs.Duration("stall", 10*time.Second, "give up when nothing moves for this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var r clientResult
	var err error
	user, sys := cpuTime()
	switch *do {
	case "send":
		r, err = sendBulk(*addr, *size, *stall)
	case "recv":
		r, err = recvBulk(*addr, *size, *stall)
	case "http":
		r, err = httpLoad(*addr, *conns, *duration, *stall)
	default:
		err = fmt.Errorf("_client: -do %q: want send, recv or http", *do)
	}
	if err != nil {
		return err
	}
	// From before the connection is made: a handshake is little, and the
	// time includes no process start-up.
	u, s := cpuTime()
	r.UserSeconds, r.SysSeconds = u-user, s-sys
	return json.NewEncoder(stdout).Encode(r)
}

// bulkBuffer is the size of each write and read of a bulk transfer, the
// client's and the baselines' servers': large, so that they make few system
// calls, from one buffer allocated once, and the kernel's programs are not
// what limits the baselines (the report shows their CPU time).
const bulkBuffer = 256 << 10

// sendBulk measures bulk TCP towards the server: it writes size bytes to
// the discard service at addr, then shuts its sending side down (a FIN)
// and waits for the server's FIN. The discard service closes only when it
// has read everything up to our FIN, so when the server's FIN arrives every
// byte has been received, acknowledged and read by the server's
// application. Timing only the writes would be wrong: a write returns once
// the bytes are in the kernel's send buffer, megabytes before they arrive.
//
// If nothing moves for stall, the transfer has stalled, and sendBulk fails
// rather than wait: a figure from a stalled transfer means nothing.
func sendBulk(addr string, size int64, stall time.Duration) (clientResult, error) {
	c, err := dial(addr, stall)
	if err != nil {
		return clientResult{}, err
	}
	defer c.Close()
	buf := make([]byte, bulkBuffer) // zeros: discard does not look at them

	start := time.Now()
	for left := size; left > 0; {
		c.SetDeadline(time.Now().Add(stall))
		n, err := c.Write(buf[:min(left, int64(len(buf)))])
		left -= int64(n)
		if err != nil {
			return clientResult{}, fmt.Errorf("sending to %s, %d of %d bytes sent: %w", addr, size-left, size, stalled(err, stall))
		}
	}
	if err := c.CloseWrite(); err != nil {
		return clientResult{}, err
	}
	// Now read until the server's FIN: io.EOF, with nothing before it. Up
	// to a few megabytes may still wait in our send buffer: allow them the
	// time they would take at 1 MB/s (4 s for 4 MB), on top of stall.
	c.SetDeadline(time.Now().Add(stall + time.Duration(min(size, 4e6))*time.Microsecond))
	if n, err := c.Read(buf); n > 0 || err != io.EOF {
		return clientResult{}, fmt.Errorf("waiting for %s to close after all %d bytes: got %d bytes, %v; want EOF", addr, size, n, err)
	}
	return clientResult{Bytes: size, Seconds: time.Since(start).Seconds()}, nil
}

// recvBulk measures bulk TCP from the server: it reads size bytes from the
// chargen service at addr, which sends for as long as the connection is
// open, then closes. The time ends with the last byte read. Like sendBulk,
// it fails if nothing arrives for stall.
func recvBulk(addr string, size int64, stall time.Duration) (clientResult, error) {
	c, err := dial(addr, stall)
	if err != nil {
		return clientResult{}, err
	}
	defer c.Close()
	buf := make([]byte, bulkBuffer)

	start := time.Now()
	for left := size; left > 0; {
		c.SetDeadline(time.Now().Add(stall))
		n, err := c.Read(buf[:min(left, int64(len(buf)))])
		left -= int64(n)
		if err != nil {
			return clientResult{}, fmt.Errorf("receiving from %s, %d of %d bytes received: %w", addr, size-left, size, stalled(err, stall))
		}
	}
	return clientResult{Bytes: size, Seconds: time.Since(start).Seconds()}, nil
}

// httpLoad measures how many HTTP requests per second the server at addr
// answers: conns goroutines, each with a keep-alive connection of its own,
// ask for GET / one after the other, for duration. The connections are
// opened and each used once before the clock starts, so the figure counts
// requests, not TCP handshakes. The page is a few hundred bytes: what is
// measured is the cost of a small exchange, in both directions, many at
// once. The time ends with the last answer.
//
// A request unanswered for stall stalls its connection: that connection
// stops, and is counted in Stalled, while the others go on. Stalled is
// not an error, so that one stuck connection does not hide the figure; the
// report says how many there were, and any is a bug worth chasing.
func httpLoad(addr string, conns int, duration, stall time.Duration) (clientResult, error) {
	transport := &http.Transport{
		MaxConnsPerHost:     conns,
		MaxIdleConnsPerHost: conns,
		DisableCompression:  true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: stall}
	url := "http://" + addr + "/"
	get := func() error {
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", url, resp.Status)
		}
		return nil
	}
	// The server may still be starting: the first request retries.
	if err := retry(stall, get); err != nil {
		return clientResult{}, err
	}

	// worker is what one connection did.
	type worker struct {
		answered int64
		last     time.Time // when its last answer came
		stalled  bool
		err      error
	}
	var (
		warm     sync.WaitGroup // every connection has made its first request
		start    = make(chan struct{})
		deadline time.Time // written before start is closed, read after
		done     = make(chan worker, conns)
	)
	warm.Add(conns)
	for range conns {
		go func() {
			var w worker
			err := get()
			warm.Done()
			<-start
			for err == nil && time.Now().Before(deadline) {
				if err = get(); err == nil {
					w.answered++
					w.last = time.Now()
				}
			}
			var netErr net.Error
			if errors.As(err, &netErr) && netErr.Timeout() {
				w.stalled = true
			} else {
				w.err = err
			}
			done <- w
		}()
	}
	warm.Wait()
	begin := time.Now()
	deadline = begin.Add(duration)
	close(start)

	r := clientResult{}
	last := begin
	var err error
	for range conns {
		w := <-done
		err = errors.Join(err, w.err)
		r.Requests += w.answered
		if w.stalled {
			r.Stalled++
		}
		if w.last.After(last) {
			last = w.last
		}
	}
	if err != nil {
		return clientResult{}, err
	}
	r.Seconds = last.Sub(begin).Seconds()
	return r, nil
}

// stalled says that the transfer stalled, if err is the deadline set
// stall ahead of the last read or write.
func stalled(err error, stall time.Duration) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("stalled: nothing moved for %v (%w)", stall, err)
	}
	return err
}

// dial connects to addr over TCP, trying again for a few seconds while the
// connection is refused: the server may not be listening yet.
func dial(addr string, timeout time.Duration) (*net.TCPConn, error) {
	var c net.Conn
	err := retry(timeout, func() (err error) {
		c, err = net.DialTimeout("tcp", addr, timeout)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c.(*net.TCPConn), nil
}

// retry calls f until it succeeds, at most for a few seconds, and returns
// its last error.
func retry(timeout time.Duration, f func() error) error {
	end := time.Now().Add(min(timeout, 5*time.Second))
	for {
		err := f()
		if err == nil || time.Now().After(end) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}
