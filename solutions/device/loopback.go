package device

import (
	"fmt"
	"net"
	"sync"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// LoopbackMTU is the loopback device's MTU: the largest IPv4 packet.
const LoopbackMTU = 65535

// LoopbackRingLen bounds the frames waiting in the loopback device's ring
// for its interrupt handler; one more is dropped and counted.
const LoopbackRingLen = 256

// NewLoopback registers a loopback device on s: every frame it transmits
// comes back to s as input, through the device's interrupt, as if a cable
// ran from the card's output to its input.
func NewLoopback(s *stack.Stack) (*stack.Device, error) {
	return s.RegisterDevice(stack.DeviceConfig{
		Type:   stack.DeviceLoopback,
		MTU:    LoopbackMTU,
		Flags:  stack.FlagLoopback,
		Driver: &loopback{},
	})
}

// loopback's "hardware" is a ring of frames between transmit and receive.
type loopback struct {
	mu   sync.Mutex
	ring []frame
}

// frame is one frame in the ring, with the type of its payload.
type frame struct {
	typ  stack.ProtocolType
	data []byte
}

func (*loopback) Open(*stack.Device) error { return nil }

// Close empties the ring: frames not yet received are lost, as on a card
// that is switched off.
func (l *loopback) Close(*stack.Device) error {
	l.mu.Lock()
	l.ring = nil
	l.mu.Unlock()
	return nil
}

func (l *loopback) Transmit(dev *stack.Device, typ stack.ProtocolType, data []byte, dst net.HardwareAddr) error {
	//camp:todo 1.6 loopback-transmit: put a copy of the frame in the ring (a full ring is an error, not a wait) and raise the interrupt
	l.mu.Lock()
	if len(l.ring) >= LoopbackRingLen {
		l.mu.Unlock()
		return fmt.Errorf("loopback ring: %w (%d frames)", stack.ErrQueueFull, LoopbackRingLen)
	}
	//camp:mistake 1.6 loopback-no-copy: the ring keeps the caller's slice instead of a copy, so a sender that reuses its buffer changes the frame before it is received
	l.ring = append(l.ring, frame{typ: typ, data: append([]byte(nil), data...)})
	//camp:instead
	// l.ring = append(l.ring, frame{typ: typ, data: data})
	//camp:end
	l.mu.Unlock()
	dev.RaiseIRQ()
	return nil
	//camp:stub
	// // Hint: copy data — the caller may reuse it after Transmit returns.
	// return todo.New(1, "loopback-transmit")
	//camp:end
}

// HandleIRQ is the loopback's interrupt handler: it takes every frame
// waiting in the ring and hands it to the stack.
func (l *loopback) HandleIRQ(dev *stack.Device) error {
	//camp:todo 1.7 loopback-isr: take every frame out of the ring and hand each to the stack with Input
	l.mu.Lock()
	//camp:mistake 1.7 loopback-isr-one-frame: the handler takes one frame per interrupt, so the frames behind it wait in the ring until the next one
	frames := l.ring
	l.ring = nil
	//camp:instead
	// frames := l.ring[:min(1, len(l.ring))]
	// l.ring = l.ring[len(frames):]
	//camp:end
	l.mu.Unlock()
	for _, f := range frames {
		dev.Stack().Logger().Debugf(logging.Device, "%s: loopback received type=%s len=%d", dev.Name(), f.typ, len(f.data))
		if err := dev.Stack().Input(dev, f.typ, f.data); err != nil {
			return err
		}
	}
	return nil
	//camp:stub
	// // Hint: take the frames under l.mu, then call dev.Stack().Input without holding it.
	// return todo.New(1, "loopback-isr")
	//camp:end
}
