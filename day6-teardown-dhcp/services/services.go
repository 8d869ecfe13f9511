// Generated from solutions/services/services.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/services/services.go instead and regenerate; `course check` fails when the two drift.

// Package services holds the small Internet services campd offers, the
// classic ones every host of the 1980s ran for testing networks: echo (RFC
// 862, port 7) sends back what it receives, discard (RFC 863, port 9)
// swallows it, chargen (RFC 864, port 19) answers with lines of
// characters. They are written against Go's own interfaces (net.PacketConn
// here, net.Listener on Day 5), so the same code would run on the kernel's
// sockets.
package services

import (
	"errors"
	"fmt"
	"net"
	"sort"
	"strings"
)

// The well-known ports of the services.
const (
	EchoPort    = 7
	DiscardPort = 9
	ChargenPort = 19
)

// Names lists the services by name, with their ports.
var ports = map[string]int{
	"echo": EchoPort, "discard": DiscardPort, "chargen": ChargenPort,
	"http": HTTPPort,
}

// Port returns the well-known port of a service, by name.
func Port(name string) (int, error) {
	p, ok := ports[name]
	if !ok {
		return 0, fmt.Errorf("services: unknown service %q (want %s)", name, strings.Join(Names(), ", "))
	}
	return p, nil
}

// Names returns the services' names, sorted.
func Names() []string {
	var names []string
	for n := range ports {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ServeUDP runs the named service on conn until conn is closed; it returns
// nil then, or the error that stopped it.
func ServeUDP(name string, conn net.PacketConn) error {
	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFrom(buf)
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		switch name {
		case "echo":
			_, err = conn.WriteTo(buf[:n], from)
		case "discard":
		case "chargen":
			_, err = conn.WriteTo(ChargenDatagram(n), from)
		case "http":
			return fmt.Errorf("services: http is a TCP service")
		default:
			return fmt.Errorf("services: unknown service %q", name)
		}
		if err != nil && errors.Is(err, net.ErrClosed) {
			return nil
		}
	}
}

// ChargenDatagram returns the answer of UDP chargen to a datagram of n
// bytes: RFC 864 says a random number, 0 to 512, of characters; we answer
// with 72-character lines, one line per 72 bytes received (at least one,
// at most 7, so the answer stays under 512 bytes).
func ChargenDatagram(n int) []byte {
	lines := min(max(n/72, 1), 7)
	var b []byte
	for i := range lines {
		b = append(b, chargenLine(i)...)
	}
	return b
}

// chargenLine returns line i of the chargen pattern: 72 printable ASCII
// characters starting one further along each line, then CR LF (RFC 864).
func chargenLine(i int) []byte {
	const first, count = 0x21, 94 // '!' … '~'
	line := make([]byte, 0, 74)
	for j := range 72 {
		line = append(line, byte(first+(i+j)%count))
	}
	return append(line, '\r', '\n')
}
