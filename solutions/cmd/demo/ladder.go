//camp:file 5

package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/ethernet"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/ladder"
	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/tcp"
)

// ladders is the demo's -ladder part: alice and bob, on a link the demo
// can make lose a segment or hold frames back, go through the scenes of
// RFC 9293 §3.5 while one recorder traces both stacks; after each scene
// the demo draws what the stacks really exchanged.
func ladders(d *demo) error {
	rec := ladder.NewRecorder()
	link := device.NewLink()
	wires := [2]*gate{{Wire: link.NewPort()}, {Wire: link.NewPort()}}
	alice, err := d.tracedHost("alice", wires[0], "02:00:5e:00:00:0a", "192.0.2.10/24", rec)
	if err != nil {
		return err
	}
	defer alice.Close()
	bob, err := d.tracedHost("bob", wires[1], "02:00:5e:00:00:0b", "192.0.2.11/24", rec)
	if err != nil {
		return err
	}
	defer bob.Close()
	stuck := func(err error) error { return stuckOr(alice.Stack, stuckOr(bob.Stack, err)) }
	ln, err := bob.Listen("tcp", ":7")
	if err != nil {
		return err
	}
	defer ln.Close()

	draw := func(title string, c net.Conn, since int) {
		fmt.Fprintf(d.w, "\n━━ %s\n\n", title)
		tr := rec.Conn(addrPort(c.LocalAddr()), addrPort(c.RemoteAddr()), since)
		ladder.Render(d.w, tr, ladder.Options{Color: logging.ColorEnabled(d.w)})
	}

	// The three-way handshake (RFC 9293 Figure 6).
	mark := rec.Mark()
	a, b, err := connect(alice, ln)
	if err != nil {
		return stuck(err)
	}
	settle()
	draw("The three-way handshake: alice connects to bob (RFC 9293 §3.5, Figure 6)", a, mark)

	// Data, with one segment lost on the wire and sent again when alice's
	// retransmission timer expires (RFC 6298).
	mark = rec.Mark()
	wires[0].dropNextData()
	for _, s := range []string{"hello, ", "bob!"} {
		if _, err := a.Write([]byte(s)); err != nil {
			return stuck(err)
		}
	}
	b.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 11)
	if _, err := io.ReadFull(b, buf); err != nil {
		return stuck(fmt.Errorf("bob reads: %w", err))
	}
	if _, err := b.Write([]byte("hi, alice")); err != nil {
		return stuck(err)
	}
	a.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(a, buf[:9]); err != nil {
		return stuck(fmt.Errorf("alice reads: %w", err))
	}
	settle()
	//camp:from 6
	draw("Data: a segment lost, sent again after RACK's reordering window (RFC 8985)", a, mark)
	//camp:else
	// draw("Data: a segment lost, and sent again when the retransmission timer expires", a, mark)
	//camp:end

	// The usual close: alice closes first (the active close), bob reads
	// end of file and closes too (the passive close). RFC 9293 Figure 12.
	mark = rec.Mark()
	if err := a.Close(); err != nil {
		return err
	}
	b.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := b.Read(buf); err != io.EOF {
		return stuck(fmt.Errorf("bob reads end of file: got %v", err))
	}
	if err := b.Close(); err != nil {
		return err
	}
	if err := waitClosed(a, b); err != nil {
		return stuck(err)
	}
	draw("Closing: alice first (the active close), bob then (RFC 9293 §3.6, Figure 12)", a, mark)

	// Both close at once: the link holds every frame back until both
	// FINs are sent, so that they cross. RFC 9293 Figure 13.
	a, b, err = connect(alice, ln)
	if err != nil {
		return stuck(err)
	}
	settle()
	mark = rec.Mark()
	wires[0].hold()
	wires[1].hold()
	if err := errors.Join(a.Close(), b.Close()); err != nil {
		return err
	}
	wires[0].release()
	wires[1].release()
	if err := waitClosed(a, b); err != nil {
		return stuck(err)
	}
	draw("A simultaneous close: the two FINs cross (RFC 9293 §3.6, Figure 13)", a, mark)
	return nil
}

// tracedHost builds and starts a host on wire whose TCP reports to rec.
func (d *demo) tracedHost(name string, wire device.Wire, mac, prefix string, rec *ladder.Recorder) (*host.Host, error) {
	s := d.newStack()
	s.Logger().SetPrefix(name)
	opts := host.Options{TCP: tcp.Options{Trace: rec.Tracer(name)}}
	//camp:from 6
	opts.TCP.MSL = demoMSL
	//camp:end
	h, err := host.On(s, opts)
	if err != nil {
		s.Close()
		return nil, err
	}
	if _, err := h.AddEthernet(wire, ethernet.MustParseMAC(mac), netip.MustParsePrefix(prefix)); err != nil {
		h.Close()
		return nil, err
	}
	if err := h.Start(); err != nil {
		h.Close()
		return nil, err
	}
	return h, nil
}

// connect dials from h to bob's port 7, where ln listens, and accepts
// the connection, within 5 seconds.
func connect(h *host.Host, ln net.Listener) (*tcp.Conn, *tcp.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- c
		}
	}()
	c, err := h.DialContext(ctx, "tcp", "192.0.2.11:7")
	if err != nil {
		return nil, nil, err
	}
	select {
	case s := <-accepted:
		return c.(*tcp.Conn), s.(*tcp.Conn), nil
	case <-ctx.Done():
		return nil, nil, fmt.Errorf("accept: %w", ctx.Err())
	}
}

// waitClosed waits until both ends are CLOSED: on Day 6, until the
// TIME-WAIT of 2×MSL is over. It gives up after 5 seconds.
func waitClosed(conns ...*tcp.Conn) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, c := range conns {
		for c.State() != tcp.StateClosed {
			select {
			case <-ctx.Done():
				return fmt.Errorf("the connection %v never closed (it is %v)", c.LocalAddr(), c.State())
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	settle()
	return nil
}

// settle lets the last segments of a scene arrive before it is drawn.
func settle() { time.Sleep(50 * time.Millisecond) }

func addrPort(a net.Addr) netip.AddrPort {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.AddrPort()
	}
	return netip.AddrPort{}
}

// gate is a wire that the demo makes misbehave on purpose, once at a
// time: it loses the next segment that carries data, or holds every frame
// back until released.
type gate struct {
	device.Wire
	mu      sync.Mutex
	drop    bool     // lose the next TCP segment with data
	holding bool     // keep frames in held
	held    [][]byte // frames held back, oldest first
}

func (g *gate) dropNextData() { g.mu.Lock(); g.drop = true; g.mu.Unlock() }
func (g *gate) hold()         { g.mu.Lock(); g.holding = true; g.mu.Unlock() }

// release sends the frames held back, in order, and lets the next ones
// through.
func (g *gate) release() {
	g.mu.Lock()
	held := g.held
	g.held, g.holding = nil, false
	g.mu.Unlock()
	for _, f := range held {
		g.Wire.WriteFrame(f)
	}
}

func (g *gate) WriteFrame(frame []byte) error {
	g.mu.Lock()
	switch {
	case g.drop && tcpDataLen(frame) > 0:
		g.drop = false
		g.mu.Unlock()
		return nil // lost on the way
	case g.holding:
		g.held = append(g.held, append([]byte(nil), frame...))
		g.mu.Unlock()
		return nil
	}
	g.mu.Unlock()
	return g.Wire.WriteFrame(frame)
}

// tcpDataLen returns how many bytes of data the TCP segment in an
// Ethernet frame carries: 0 if it is not a TCP segment.
func tcpDataLen(f []byte) int {
	const eth = 14
	if len(f) < eth+20 || binary.BigEndian.Uint16(f[12:]) != 0x0800 || f[eth+9] != 6 {
		return 0
	}
	ihl := int(f[eth]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(f[eth+2:]))
	if len(f) < eth+ihl+tcp.MinHeaderLen || total > len(f)-eth {
		return 0
	}
	return total - ihl - int(f[eth+ihl+12]>>4)*4
}
