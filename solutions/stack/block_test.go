//camp:file 6

package stack_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/device"
	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// TestFrameBlockComesBackOnlyAfterTheHandler plays a driver that carves
// frames out of a recycled block: the block may be used again only once
// the protocol's handler has returned, and then it must be.
func TestFrameBlockComesBackOnlyAfterTheHandler(t *testing.T) {
	s := camptest.NewStack(t)
	dev, err := device.NewDummy(s)
	require.NoError(t, err)
	const typ = stack.ProtocolType(0x88b5) // IEEE 802 local experimental
	var emptied atomic.Int32
	block := stack.NewFrameBlock(func() { emptied.Add(1) })
	var during []int32 // how often the block had come back, seen by each handler call
	done := make(chan struct{}, 3)
	require.NoError(t, s.RegisterProtocol(typ, func(*stack.Device, []byte) error {
		during = append(during, emptied.Load())
		done <- struct{}{}
		return nil
	}))
	camptest.Start(t, s)

	block.Hold() // the driver's, while it carves
	for range 3 {
		block.Hold() // the frame's, in the driver's ring
		dev.SetInputMeta(stack.FrameMeta{Block: block})
		require.NoError(t, s.Input(dev, typ, []byte("a frame in the block")))
		assert.Zero(t, dev.TakeInputMeta(), "the queue took the frame's hold over")
	}
	block.Release() // the driver moves on to another block
	for range 3 {
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the handler was not called for all three frames within 5 s")
		}
	}
	assert.Eventually(t, func() bool { return emptied.Load() == 1 }, 5*time.Second, time.Millisecond,
		"the block comes back once, after the last handler returned")
	assert.Equal(t, []int32{0, 0, 0}, during, "times the block had come back while each frame's handler ran: never")
}

func TestFrameBlockHoldOfADroppedFrameGoesBackToTheDriver(t *testing.T) {
	s := camptest.NewStack(t)
	dev, err := device.NewDummy(s)
	require.NoError(t, err)
	camptest.Start(t, s)
	block := stack.NewFrameBlock(func() {})
	block.Hold()
	dev.SetInputMeta(stack.FrameMeta{Block: block, Checksum: stack.ChecksumUnnecessary})
	require.NoError(t, s.Input(dev, stack.ProtocolType(0x88b5), []byte("no protocol takes this type")))
	assert.Equal(t, stack.FrameMeta{Block: block, Checksum: stack.ChecksumUnnecessary}, dev.TakeInputMeta(),
		"a frame Input dropped leaves its hold, and what the driver knew of it, with the driver")
	assert.Zero(t, dev.TakeInputMeta(), "taken once")
}

// TestInputChecksumTravelsWithItsFrame: what the driver said of
// a frame (SetInputMeta) reaches the handler of that frame, and of no
// other, however the frames queue up.
func TestInputChecksumTravelsWithItsFrame(t *testing.T) {
	s := camptest.NewStack(t)
	dev, err := device.NewDummy(s)
	require.NoError(t, err)
	const typ = stack.ProtocolType(0x88b5) // IEEE 802 local experimental
	seen := make(chan string, 4)
	require.NoError(t, s.RegisterProtocol(typ, func(d *stack.Device, data []byte) error {
		seen <- fmt.Sprintf("%s checksum=%v", data, d.InputChecksum())
		return nil
	}))
	// Queued before the soft interrupt runs, so that they wait together.
	for i, sum := range []stack.RxChecksum{stack.ChecksumUnnecessary, stack.ChecksumNone, stack.ChecksumPartial, stack.ChecksumNone} {
		dev.SetInputMeta(stack.FrameMeta{Checksum: sum})
		require.NoError(t, s.Input(dev, typ, []byte{'a' + byte(i)}))
		assert.Zero(t, dev.TakeInputMeta(), "the queue took what the driver said over")
	}
	camptest.Start(t, s)
	var got []string
	for range 4 {
		select {
		case line := <-seen:
			got = append(got, line)
		case <-time.After(5 * time.Second):
			t.Fatalf("the handler saw %d of the 4 frames within 5 s: %q", len(got), got)
		}
	}
	assert.Equal(t, []string{"a checksum=unnecessary", "b checksum=none", "c checksum=partial", "d checksum=none"}, got,
		"each frame's handler sees what the driver said of that frame")
}

func TestFrameBlockReleasedMoreThanHeldPanics(t *testing.T) {
	b := stack.NewFrameBlock(func() {})
	b.Hold()
	b.Release()
	assert.Panics(t, b.Release, "a release without its hold is a bug in the driver: it would hand out memory still in use")
}
