// Generated from solutions/icmp/reply_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/icmp/reply_test.go instead and regenerate; `course check` fails when the two drift.

package icmp_test

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/day5-tcp/icmp"
	"github.com/go-tcpip-camp/camp/day5-tcp/internal/camptest"
	"github.com/go-tcpip-camp/camp/day5-tcp/ipv4"
	"github.com/go-tcpip-camp/camp/day5-tcp/stack"
	"github.com/go-tcpip-camp/camp/day5-tcp/todo"
)

// The tests of this file catch mistakes that the lesson warns about and
// that a stack with one address and a well-behaved peer never shows: a
// reply from the wrong address, a reply with another program's identifier,
// a duplicated reply.

func TestEchoReplyComesFromTheAddressPinged(t *testing.T) {
	todo.Covers(t, 2, "icmp-echo-reply")
	synctest.Test(t, func(t *testing.T) {
		// Two interfaces on two devices. A request for the second address
		// arrives by the first device (a host accepts a datagram for any
		// of its addresses, RFC 1122 §3.3.4.2), and the reply leaves by
		// the first device, the one on the sender's subnet.
		s := camptest.NewStack(t)
		first := camptest.NewProbe(t, s)
		second := camptest.NewProbe(t, s)
		ip, err := ipv4.New(s)
		require.NoError(t, err)
		_, err = ip.AddInterface(first.Dev, netip.PrefixFrom(us, 24))
		require.NoError(t, err)
		other := netip.MustParseAddr("198.51.100.2")
		_, err = ip.AddInterface(second.Dev, netip.PrefixFrom(other, 24))
		require.NoError(t, err)
		_, err = icmp.New(ip)
		require.NoError(t, err)
		camptest.Start(t, s)

		first.Inject(stack.ProtocolIPv4, echo(t, layers.ICMPv4TypeEchoRequest, peer, other, 0x4242, 1, []byte("which one?")))
		synctest.Wait()
		ips, msgs := sentICMP(t, first)
		require.Len(t, msgs, 1, "one echo reply, back by the device on the sender's subnet")
		assert.Equal(t, other.String(), ips[0].SrcIP.String(),
			"the reply's source address: the address pinged, not the address of the interface the reply leaves by (RFC 1122 §3.2.2.6)")
		assert.Equal(t, peer.String(), ips[0].DstIP.String(), "the reply's destination address")
	})
}

func TestPingIgnoresAnotherIdentifier(t *testing.T) {
	todo.Covers(t, 2, "ping-reply")
	synctest.Test(t, func(t *testing.T) {
		ic, _, probe := setup(t)
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		type result struct {
			r   icmp.Reply
			err error
		}
		done := make(chan result, 1)
		go func() {
			r, err := ic.Ping(ctx, peer, 5, []byte("mine"))
			done <- result{r, err}
		}()
		synctest.Wait()
		_, msgs := sentICMP(t, probe)
		require.Len(t, msgs, 1, "Ping sends one echo request")
		req := msgs[0]
		reply := func(id uint16, data string) []byte {
			return echo(t, layers.ICMPv4TypeEchoReply, peer, us, id, req.Seq, []byte(data))
		}

		// Another ping program on this host has its own identifier: its
		// reply, with the same sequence number, is not ours.
		probe.Inject(stack.ProtocolIPv4, reply(req.Id^0xffff, "theirs"))
		synctest.Wait()
		select {
		case res := <-done:
			t.Fatalf("Ping returned (%v, error %v) for an echo reply with identifier %#04x, but it sent identifier %#04x: a reply with another identifier belongs to another program",
				res.r, res.err, req.Id^0xffff, req.Id)
		default:
		}

		probe.Inject(stack.ProtocolIPv4, reply(req.Id, "mine"))
		res := <-done
		require.NoError(t, res.err, "the reply with our identifier answers the Ping")
		assert.Equal(t, fmt.Sprintf("%#04x", req.Id), fmt.Sprintf("%#04x", res.r.ID), "Reply.ID: the identifier Ping sent")
		assert.Equal(t, "mine", string(res.r.Data), "Reply.Data")
	})
}

// hookDriver is a point-to-point device driver like camptest's probe, but
// it calls onSend for every frame the stack transmits, on the goroutine
// that transmits it: a test can act while a Ping is still sending.
type hookDriver struct {
	mu     sync.Mutex
	inbox  [][]byte
	sent   int
	onSend func(n int, data []byte) // n counts the frames sent, from 1
}

func (*hookDriver) Open(*stack.Device) error  { return nil }
func (*hookDriver) Close(*stack.Device) error { return nil }

func (d *hookDriver) Transmit(_ *stack.Device, _ stack.ProtocolType, data []byte, _ net.HardwareAddr) error {
	d.mu.Lock()
	d.sent++
	n, hook := d.sent, d.onSend
	d.mu.Unlock()
	if hook != nil {
		hook(n, data)
	}
	return nil
}

func (d *hookDriver) frames() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sent
}

func (d *hookDriver) inject(dev *stack.Device, data []byte) {
	d.mu.Lock()
	d.inbox = append(d.inbox, data)
	d.mu.Unlock()
	dev.RaiseIRQ()
}

func (d *hookDriver) HandleIRQ(dev *stack.Device) error {
	d.mu.Lock()
	frames := d.inbox
	d.inbox = nil
	d.mu.Unlock()
	for _, f := range frames {
		if err := dev.Stack().Input(dev, stack.ProtocolIPv4, f); err != nil {
			return err
		}
	}
	return nil
}

func TestDuplicateReplyDoesNotStopTheStack(t *testing.T) {
	todo.Covers(t, 2, "ping-reply")
	synctest.Test(t, func(t *testing.T) {
		s := camptest.NewStack(t)
		drv := &hookDriver{}
		dev, err := s.RegisterDevice(stack.DeviceConfig{Type: stack.DevicePointToPoint, MTU: camptest.ProbeMTU, Driver: drv})
		require.NoError(t, err)
		ip, err := ipv4.New(s)
		require.NoError(t, err)
		_, err = ip.AddInterface(dev, netip.PrefixFrom(us, 24))
		require.NoError(t, err)
		ic, err := icmp.New(ip)
		require.NoError(t, err)
		camptest.Start(t, s)

		answered := false
		drv.onSend = func(n int, data []byte) {
			if n != 1 {
				return
			}
			// The Ping's echo request is on the wire and Ping is not
			// waiting yet. Its reply arrives twice (links do duplicate),
			// then an echo request from the peer.
			req := camptest.CheckICMPv4(t, camptest.DecodeIPv4(t, data))
			reply := echo(t, layers.ICMPv4TypeEchoReply, peer, us, req.Id, req.Seq, req.Payload)
			drv.inject(dev, reply)
			drv.inject(dev, reply)
			drv.inject(dev, echo(t, layers.ICMPv4TypeEchoRequest, peer, us, 0x7777, 1, []byte("still there?")))
			synctest.Wait()
			answered = drv.frames() == 2
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		r, err := ic.Ping(ctx, peer, 6, []byte("twice"))
		require.NoError(t, err, "ping 192.0.2.1 seq=6")
		assert.Equal(t, "twice", string(r.Data), "Reply.Data")
		assert.True(t, answered, "after a duplicate echo reply the stack must still answer the peer's echo request: "+
			"a plain send to the Ping's channel, already full, blocks the softirq goroutine, and the stack stops receiving")
	})
}
