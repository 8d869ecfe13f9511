package stack

import (
	"github.com/go-tcpip-camp/camp/solutions/logging"
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
			//camp:from 5
			// Returning from the interrupt, run the bottom half right here
			// if no one else is running it, as Linux does on leaving an
			// interrupt (irq_exit): the frame is answered without waking
			// another goroutine, which saves a ping a good part of its
			// round trip. If the softirq goroutine is busy, it will see the
			// input: it was raised.
			if s.softMu.TryLock() {
				s.softIRQ()
				s.runAfterInput()
				s.softMu.Unlock()
			}
			//camp:end
		}
	}
}

// serviceInterrupts runs the interrupt service routine of every device
// whose interrupt is pending.
func (s *Stack) serviceInterrupts() {
	//camp:todo 1.5 irq-dispatch: for every device whose interrupt is pending, clear the flag, count it and call its driver's HandleIRQ
	for _, dev := range s.Devices() {
		//camp:mistake 1.5 irq-pending-not-cleared: the pending flag is read but never cleared, so every later interrupt runs the handler of every device that ever raised one
		if !dev.irqPending.Swap(false) {
			//camp:instead
			// if !dev.irqPending.Load() {
			//camp:end
			continue
		}
		dev.stats.irqs.Add(1)
		if s.log.Enabled(logging.LevelDebug) {
			s.log.Debugf(logging.Stack, "irq: %s raised its interrupt → %s driver's handler", dev.name, dev.cfg.Type)
		}
		if err := s.Report(dev.cfg.Driver.HandleIRQ(dev)); err != nil {
			s.log.Warnf(logging.Device, "%s: interrupt handler: %v", dev.name, err)
		}
	}
	//camp:stub
	// // Hint: dev.irqPending.Swap(false) reads and clears the flag in one step.
	// s.Report(todo.New(1, "irq-dispatch"))
	//camp:end
}

// Input is the receive entry point of the stack, called by a driver's
// interrupt handler for each frame it took from the hardware. It counts the
// frame, queues it for the protocol of type typ and raises the soft
// interrupt; it never blocks. A frame for a type no protocol registered is
// dropped and counted. Input keeps data: the driver must not reuse it.
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
	//camp:todo 1.9 net-input: find the protocol for typ (drop and count if none), queue the frame for it, raise the soft interrupt
	p := s.protocol(typ)
	if p == nil {
		s.stats.unknownProtocol.Add(1)
		//camp:mistake 1.9 net-input-one-drop-counter: a frame of an unknown type is counted by the stack but not by its device's RxDrops
		dev.stats.rxDrops.Add(1)
		//camp:instead
		//camp:end
		s.log.Debugf(logging.Stack, "%s: drop type=%s len=%d: no protocol registered for it", dev.name, typ, len(data))
		return nil
	}
	if !p.queue.push(entry{dev: dev, data: data}) {
		s.stats.queueDrops.Add(1)
		dev.stats.rxDrops.Add(1)
		s.log.Warnf(logging.Stack, "%s: drop type=%s len=%d: input queue full", dev.name, typ, len(data))
		return nil
	}
	if s.log.Enabled(logging.LevelDebug) {
		s.log.Debugf(logging.Stack, "%s: input type=%s len=%d → queued, softirq raised", dev.name, typ, len(data))
	}
	s.raiseSoftIRQ()
	return nil
	//camp:stub
	// // Hint: s.protocol(typ), p.queue.push(…), s.raiseSoftIRQ(); count drops in s.stats and dev.stats.
	// return todo.New(1, "net-input")
	//camp:end
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
			//camp:from 5
			s.softMu.Lock() // the interrupt goroutine may be running it
			//camp:end
			//camp:from 3
			s.runTimers()
			//camp:end
			s.softIRQ()
			//camp:from 5
			s.runAfterInput()
			s.softMu.Unlock()
			//camp:end
		}
	}
}

// softIRQ drains the protocols' input queues.
func (s *Stack) softIRQ() {
	//camp:todo 1.10 softirq: drain every protocol's queue, calling its handler for each frame; count and log what handlers refuse
	for _, p := range s.protocolList() {
		for {
			e, ok := p.queue.pop()
			if !ok {
				break
			}
			if s.log.Enabled(logging.LevelDebug) {
				s.log.Debugf(logging.Stack, "softirq: type=%s len=%d from %s → handler", p.typ, len(e.data), e.dev.name)
			}
			if err := s.Report(p.handler(e.dev, e.data)); err != nil {
				s.stats.handlerDrops.Add(1)
				s.log.Debugf(logging.Stack, "%s: type=%s dropped by its handler: %v", e.dev.name, p.typ, err)
				//camp:mistake 1.10 softirq-stops-at-handler-error: the softirq stops draining at the first handler error, so the frames queued behind a bad packet wait for the next wake-up, maybe for ever
				//camp:instead
				// return
				//camp:end
			}
			//camp:mistake 1.10 softirq-one-frame-per-wakeup: the softirq handles one frame per protocol and wake-up, so the frames queued behind it wait for the next wake-up, maybe for ever
			//camp:instead
			// break
			//camp:end
		}
	}
	//camp:stub
	// // Hint: s.protocolList(), then p.queue.pop() until it reports false.
	// s.Report(todo.New(1, "softirq"))
	//camp:end
}
