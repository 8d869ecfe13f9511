//camp:file solutions

package ladder_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/host"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/internal/ladder"
	"github.com/go-tcpip-camp/camp/solutions/tcp"
)

// TestLadderOfARealConnection draws a connection between two stacks of
// ours: the handshake, data both ways and the close, from their own trace.
func TestLadderOfARealConnection(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := ladder.NewRecorder()
		link := device.NewLink()
		alice := camptest.NewHost(t, host.Options{TCP: tcp.Options{Trace: rec.Tracer("alice")}})
		bob := camptest.NewHost(t, host.Options{TCP: tcp.Options{Trace: rec.Tracer("bob")}})
		camptest.AddEthernet(t, alice, link, "02:00:00:00:00:0a", "192.0.2.10/24")
		camptest.AddEthernet(t, bob, link, "02:00:00:00:00:0b", "192.0.2.11/24")
		camptest.Start(t, alice.Stack)
		camptest.Start(t, bob.Stack)

		// must fails the test, or skips it while a TODO of Day 5 is open:
		// the ladder needs a TCP that works.
		must := func(what string, err error) {
			t.Helper()
			if err == nil {
				return
			}
			for _, h := range []*host.Host{alice, bob} {
				if todos := h.Stack.TODOs(); len(todos) > 0 {
					t.Skipf("%s: %v; this test draws a real connection, and needs the TODOs of Day 5 done first (%v)", what, err, todos[0])
				}
			}
			t.Fatalf("%s: %v", what, err)
		}
		ln, err := bob.Listen("tcp", ":7")
		must("listen", err)
		accepted := make(chan net.Conn, 1)
		go func() {
			c, err := ln.Accept()
			if err == nil {
				accepted <- c
			}
		}()
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		c, err := alice.DialContext(ctx, "tcp", "192.0.2.11:7")
		must("dial", err)
		var s net.Conn
		select {
		case s = <-accepted:
		case <-ctx.Done():
			must("accept", ctx.Err())
		}
		_, err = c.Write([]byte("hello, bob"))
		must("alice writes", err)
		buf := make([]byte, 10)
		s.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = io.ReadFull(s, buf)
		must("bob reads", err)
		_, err = s.Write([]byte("hi"))
		must("bob writes", err)
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = io.ReadFull(c, buf[:2])
		must("alice reads", err)
		must("alice closes", c.Close())
		if _, err = s.Read(buf); err != io.EOF {
			must("bob reads end of file", fmt.Errorf("read returned %v", err))
		}
		must("bob closes", s.Close())
		time.Sleep(5 * time.Minute) // fake time: past TIME-WAIT
		synctest.Wait()

		tr := rec.Conn(c.LocalAddr().(*net.TCPAddr).AddrPort(), s.LocalAddr().(*net.TCPAddr).AddrPort(), 0)
		out := ladder.String(tr, ladder.Options{})
		t.Log("\n" + out)
		for i, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			assert.LessOrEqual(t, utf8.RuneCountInString(line), ladder.Width, "line %d is wider than %d columns: %q", i+1, ladder.Width, line)
		}
		for _, want := range []string{"alice 192.0.2.10:", "bob 192.0.2.11:7", "SYN-SENT", "ESTABLISHED",
			"── SYN SEQ=0 WND=", "SYN,ACK SEQ=0 ACK=1 WND=", "PSH,ACK SEQ=1 ACK=1 WND=", "LEN=10 ", "FIN-WAIT-1", "CLOSE-WAIT", "LAST-ACK", "CLOSED"} {
			assert.Contains(t, out, want, "the ladder")
		}
	})
}
