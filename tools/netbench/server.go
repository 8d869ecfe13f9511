package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"

	"github.com/go-tcpip-camp/camp/solutions/services"
)

// baselineServices are the services both networks offer: campd serves them
// on our stack, serveMain on the kernel's.
var baselineServices = []string{"discard", "chargen", "http"}

// serveMain is `netbench _serve -addr A`, the server of a baseline. It
// runs in a baseline's server namespace and offers at A the services
// campd offers on our stack. HTTP is the very code campd runs
// (solutions/services), so that the HTTP row compares two stacks under the
// same net/http. Discard and chargen are written here for speed instead
// (fastDiscard, fastChargen): the baseline's bulk figures must be the
// kernel's, not those of a Go loop that reads 8 KiB at a time. It runs
// until it is killed.
func serveMain(args []string) error {
	fs := flag.NewFlagSet("netbench _serve", flag.ContinueOnError)
	addr := fs.String("addr", "", "the address to serve on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ip, err := netip.ParseAddr(*addr)
	if err != nil {
		return fmt.Errorf("_serve: -addr: %w", err)
	}
	errs := make(chan error, len(baselineServices))
	for _, name := range baselineServices {
		port, err := services.Port(name)
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", netip.AddrPortFrom(ip, uint16(port)).String())
		if err != nil {
			return err
		}
		serve := func() error { return services.ServeTCP(name, ln) }
		switch name {
		case "discard":
			serve = func() error { return serveEach(ln, fastDiscard) }
		case "chargen":
			serve = func() error { return serveEach(ln, fastChargen) }
		}
		go func() { errs <- fmt.Errorf("%s: %w", name, serve()) }()
	}
	// The services return only if their listener fails.
	return <-errs
}

// serveEach serves every connection ln accepts with serve, each on a
// goroutine of its own, until ln fails.
func serveEach(ln net.Listener, serve func(net.Conn)) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			serve(c)
		}()
	}
}

// fastDiscard reads c until the client's FIN, bulkBuffer bytes at a time
// into one buffer: a system call per 256 KiB, no allocation per read.
func fastDiscard(c net.Conn) {
	buf := make([]byte, bulkBuffer)
	for {
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

// chargenBlock is what fastChargen writes, again and again, built once:
// bulkBuffer bytes of services.Bytes' pattern. The client counts the bytes
// and does not look at them, so it need not be RFC 864's lines.
var chargenBlock = func() []byte {
	b := make([]byte, bulkBuffer)
	io.ReadFull(services.Bytes(), b) // never fails: Bytes never ends
	return b
}()

// fastChargen writes chargenBlock to c until the client goes away: a
// system call per 256 KiB, no allocation per write. What the client sends
// is not read: the client sends nothing.
func fastChargen(c net.Conn) {
	for {
		if _, err := c.Write(chargenBlock); err != nil {
			return // the client has closed
		}
	}
}
