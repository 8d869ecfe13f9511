// Generated from solutions/stack/interrupt.go by "go run ./tools/course gen".
// Learners: this is your copy for day 1 — write its TODOs here. Course authors: edit
// solutions/stack/interrupt.go instead and regenerate; `course check` fails when the two drift.

package stack

import (
	"github.com/go-tcpip-camp/camp/day1-device/logging"
	"github.com/go-tcpip-camp/camp/day1-device/todo"
)

// RaiseIRQ is what the hardware does when it has something for the CPU:
// it marks the device's interrupt pending and wakes the stack's interrupt
// goroutine. It never blocks, and raising an interrupt that is already
// pending changes nothing: the handler will see every frame waiting in the
// device's ring when it runs.
func (d *Device) RaiseIRQ() {
	d.irqPending.Store(true)
	select {
	case d.stack.irq <- struct{}{}:
	default: // the interrupt goroutine is already due to run
	}
}

// interruptLoop is the CPU taking interrupts: it sleeps until a device
// raises one, then runs the interrupt handlers.
func (s *Stack) interruptLoop() {
	defer s.wg.Done()
	for {
		select {
		case <-s.done:
			return
		case <-s.irq:
			s.serviceInterrupts()
		}
	}
}

// serviceInterrupts runs the interrupt service routine of every device
// whose interrupt is pending.
func (s *Stack) serviceInterrupts() {
	// TODO(day1): 1.5 irq-dispatch — for every device whose interrupt is pending, clear the flag, count it and call its driver's HandleIRQ.
	// Lesson: docs/day1-device.md#irq-dispatch
	// Hint: dev.irqPending.Swap(false) reads and clears the flag in one step.
	s.Report(todo.New(1, "irq-dispatch"))
}

// Input is the receive entry point of the stack, called by a driver's
// interrupt handler for each frame it took from the hardware. It counts the
// frame, queues it for the protocol of type typ and raises the soft
// interrupt; it never blocks. A frame for a type no protocol registered is
// dropped and counted. The stack holds data until the protocol's handler
// has returned: the driver must not reuse it before (from Day 6 on, the
// Ethernet driver reuses it after that).
func (s *Stack) Input(dev *Device, typ ProtocolType, data []byte) error {
	if s.isClosed() {
		return ErrClosed
	}
	dev.stats.rxPackets.Add(1)
	dev.stats.rxBytes.Add(uint64(len(data)))
	if s.log.Enabled(logging.LevelDebug) {
		s.log.Dump(logging.Device, dev.name+": frame in", data)
	}
	return s.Report(s.input(dev, typ, data))
}

func (s *Stack) input(dev *Device, typ ProtocolType, data []byte) error {
	// TODO(day1): 1.9 net-input — find the protocol for typ (drop and count if none), queue the frame for it, raise the soft interrupt.
	// Lesson: docs/day1-device.md#net-input
	// Hint: s.protocol(typ), p.queue.push(…), s.raiseSoftIRQ(); count drops in s.stats and dev.stats.
	return todo.New(1, "net-input")
}

// raiseSoftIRQ wakes the soft interrupt goroutine; it never blocks.
func (s *Stack) raiseSoftIRQ() {
	select {
	case s.softirq <- struct{}{}:
	default: // already raised
	}
}

// softIRQLoop is the kernel's softirq thread: it sleeps until input is
// queued, then hands it to the protocols.
func (s *Stack) softIRQLoop() {
	defer s.wg.Done()
	for {
		select {
		case <-s.done:
			return
		case <-s.softirq:
			s.softIRQ()
		}
	}
}

// softIRQ drains the protocols' input queues.
func (s *Stack) softIRQ() {
	// TODO(day1): 1.10 softirq — drain every protocol's queue, calling its handler for each frame; count and log what handlers refuse.
	// Lesson: docs/day1-device.md#softirq
	// Hint: s.protocolList(), then p.queue.pop() until it reports false.
	s.Report(todo.New(1, "softirq"))
}
