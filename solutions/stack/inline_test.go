//camp:file 6

package stack_test

import (
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// ringDriver is the driver of a device whose "hardware" is the test: it
// puts frames into the ring and raises the interrupt inline
// (RaiseIRQInline), as the Ethernet driver does over a TAP.
type ringDriver struct {
	mu   sync.Mutex
	ring [][]byte
}

func (*ringDriver) Open(*stack.Device) error  { return nil }
func (*ringDriver) Close(*stack.Device) error { return nil }
func (*ringDriver) Transmit(*stack.Device, stack.ProtocolType, []byte, net.HardwareAddr) error {
	return nil
}

func (d *ringDriver) HandleIRQ(dev *stack.Device) error {
	d.mu.Lock()
	frames := d.ring
	d.ring = nil
	d.mu.Unlock()
	for _, f := range frames {
		if err := dev.Stack().Input(dev, stack.ProtocolIPv4, f); err != nil {
			return err
		}
	}
	return nil
}

// receive is the hardware receiving data.
func (d *ringDriver) receive(dev *stack.Device, data string) {
	d.mu.Lock()
	d.ring = append(d.ring, []byte(data))
	d.mu.Unlock()
	dev.RaiseIRQInline()
}

func newRingDevice(t *testing.T, s *stack.Stack) (*stack.Device, *ringDriver) {
	t.Helper()
	d := &ringDriver{}
	dev, err := s.RegisterDevice(stack.DeviceConfig{Type: stack.DevicePointToPoint, MTU: 1500, Driver: d})
	require.NoError(t, err)
	return dev, d
}

func TestRaiseIRQInlineRunsTheReceivePathOnTheCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := camptest.NewStack(t)
		dev, drv := newRingDevice(t, s)
		var ip sink
		require.NoError(t, s.RegisterProtocol(stack.ProtocolIPv4, ip.handle))
		var batches atomic.Int32
		s.AfterInput(func() { batches.Add(1) })
		camptest.Start(t, s)

		drv.receive(dev, "echo request")
		// No synctest.Wait: the handler ran before RaiseIRQInline
		// returned, on this goroutine.
		assert.Equal(t, []frame{{dev: "net0", data: "echo request"}}, ip.frames(),
			"the IPv4 handler got the frame before RaiseIRQInline returned")
		assert.Equal(t, uint64(1), dev.Stats().IRQs, "the interrupt was serviced once")
		synctest.Wait()
		assert.Equal(t, int32(1), batches.Load(), "the AfterInput functions ran once for the batch, on the softirq goroutine")
	})
}

func TestRaiseIRQInlineLeavesTheAfterInputWorkToTheSoftirq(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := camptest.NewStack(t)
		dev, drv := newRingDevice(t, s)
		var ip sink
		require.NoError(t, s.RegisterProtocol(stack.ProtocolIPv4, ip.handle))
		release := make(chan struct{})
		var done atomic.Bool
		s.AfterInput(func() {
			<-release // TCP writing its ACKs, say: slow
			done.Store(true)
		})
		camptest.Start(t, s)

		drv.receive(dev, "segment") // returns although the AfterInput work is blocked
		assert.Len(t, ip.frames(), 1, "the frame was handled inline")
		synctest.Wait()
		assert.False(t, done.Load(), "the AfterInput work waits on the softirq goroutine, not on the reader")
		close(release)
		synctest.Wait()
		assert.True(t, done.Load(), "and is done once it may")
	})
}

func TestRaiseIRQInlineLeavesABusyBottomHalfAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := camptest.NewStack(t)
		dev, drv := newRingDevice(t, s)
		release := make(chan struct{})
		var mu sync.Mutex
		var got []string
		require.NoError(t, s.RegisterProtocol(stack.ProtocolIPv4, func(_ *stack.Device, data []byte) error {
			if string(data) == "first" {
				<-release // the bottom half is busy with the first frame
			}
			mu.Lock()
			got = append(got, string(data))
			mu.Unlock()
			return nil
		}))
		camptest.Start(t, s)

		go drv.receive(dev, "first")
		synctest.Wait() // the first frame's handler is blocked, on that goroutine
		drv.receive(dev, "second")
		mu.Lock()
		assert.Empty(t, got, "RaiseIRQInline returned without waiting for the busy bottom half")
		mu.Unlock()

		close(release)
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, []string{"first", "second"}, got,
			"the second frame, raised while the bottom half was busy, is handled after the first")
	})
}
