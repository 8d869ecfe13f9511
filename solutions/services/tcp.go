//camp:file 5

package services

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
)

// HTTPPort is the well-known port of HTTP.
const HTTPPort = 80

// chargenRepeat is how many times TCP chargen repeats its 94-line
// pattern in one write: 37 × 6,956 bytes, about 256 KiB, the size of the
// kernel baseline's writes in tools/netbench.
const chargenRepeat = 37

// MaxBytes bounds the size /bytes/N serves: 1 GiB.
const MaxBytes = 1 << 30

// ServeTCP runs the named service on ln until ln is closed; each
// connection gets its own goroutine. It returns nil when ln is closed.
func ServeTCP(name string, ln net.Listener) error {
	if name == "http" {
		err := http.Serve(ln, HTTPHandler())
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		return err
	}
	if _, ok := ports[name]; !ok {
		return fmt.Errorf("services: unknown service %q", name)
	}
	for {
		c, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		go serveConn(name, c)
	}
}

// serveConn serves one connection of a stream service.
func serveConn(name string, c net.Conn) {
	defer c.Close()
	switch name {
	case "echo":
		io.Copy(c, c) // RFC 862: send back whatever arrives
	case "discard":
		io.Copy(io.Discard, c) // RFC 863: throw it away
	case "chargen":
		// RFC 864: send lines until the client goes away; what it sends is
		// thrown away.
		// The pattern repeats every 94 lines (6,956 bytes), so those 94
		// lines are built once, repeated to about 256 KiB, and written
		// again and again: few large writes, as a program that streams
		// makes, let the stack send few large segments.
		go io.Copy(io.Discard, c)
		var block []byte
		for i := range 94 {
			block = append(block, chargenLine(i)...)
		}
		block = bytes.Repeat(block, chargenRepeat)
		for {
			if _, err := c.Write(block); err != nil {
				return
			}
		}
	}
}

// HTTPHandler serves an index page and /bytes/N: N bytes of a fixed
// pattern (see Bytes), so a large download can be checked at both ends.
func HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>Go TCP/IP Camp</title><h1>Hello from Go TCP/IP Camp</h1>"+
			"<p>This page came to you over a TCP/IP stack written in Go, in user space. You are %s.</p>"+
			"<p>Try <a href=\"/bytes/1000000\">/bytes/1000000</a>.</p>\n", r.RemoteAddr)
	})
	mux.HandleFunc("GET /bytes/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil || n < 0 || n > MaxBytes {
			http.Error(w, "want /bytes/N with 0 ≤ N ≤ 1073741824", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(n))
		io.CopyN(w, Bytes(), int64(n))
	})
	return mux
}

// Bytes returns an endless reader of the pattern /bytes/N serves: the
// byte at offset i is i mod 251 (a prime, so the pattern does not line up
// with any power-of-two buffer and a misplaced block shows).
func Bytes() io.Reader { return &pattern{} }

type pattern struct{ off int }

func (p *pattern) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = byte((p.off + i) % 251)
	}
	p.off += len(b)
	return len(b), nil
}
