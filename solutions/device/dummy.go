package device

import (
	"net"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/stack"
)

// DummyMTU is the dummy device's MTU: the largest IPv4 packet.
const DummyMTU = 65535

// NewDummy registers a dummy device on s. Like Linux's dummy driver it drops
// every frame it is given; like real hardware it raises an interrupt when
// it has finished transmitting, so it is the simplest way to watch the
// interrupt path work.
func NewDummy(s *stack.Stack) (*stack.Device, error) {
	return s.RegisterDevice(stack.DeviceConfig{
		Type:   stack.DeviceDummy,
		MTU:    DummyMTU,
		Driver: &dummy{},
	})
}

type dummy struct{}

func (*dummy) Open(*stack.Device) error  { return nil }
func (*dummy) Close(*stack.Device) error { return nil }

func (*dummy) Transmit(dev *stack.Device, typ stack.ProtocolType, data []byte, dst net.HardwareAddr) error {
	//camp:todo 1.4 dummy-transmit: drop the frame and raise the device's interrupt, as a card does when it has sent a frame
	dev.Stack().Logger().Debugf(logging.Device, "%s: dummy dropped type=%s len=%d", dev.Name(), typ, len(data))
	//camp:mistake 1.4 dummy-no-irq: the dummy drops the frame but never raises its interrupt, so the stack never hears that the transmit is done
	dev.RaiseIRQ()
	//camp:instead
	//camp:end
	//camp:mistake 1.4 dummy-returns-error: the dummy reports its drop as an error, so every frame it handles as designed counts as a transmit drop
	return nil
	//camp:instead
	// return stack.ErrQueueFull // "the frame went nowhere"
	//camp:end
	//camp:stub
	// return todo.New(1, "dummy-transmit")
	//camp:end
}

// HandleIRQ is the dummy's interrupt handler. A real card's "transmit done"
// interrupt frees the sent buffer; the dummy has nothing to free or receive.
func (*dummy) HandleIRQ(dev *stack.Device) error {
	dev.Stack().Logger().Debugf(logging.Device, "%s: dummy interrupt handled (transmit done, nothing received)", dev.Name())
	return nil
}
