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
			//camp:from 6
			s.irqMu.Lock() // a device's reader may be running them (RaiseIRQInline)
			if s.softMu.TryLock() {
				// The bottom half is free: run it on the way out, and
				// do not wake the softirq goroutine for the frames the
				// handlers queue (interruptThenBH).
				s.interruptThenBH(false)
				continue
			}
			s.serviceInterrupts()
			s.irqMu.Unlock()
			//camp:else
			// s.serviceInterrupts()
			//camp:end
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

//camp:from 6

// RaiseIRQInline is [Device.RaiseIRQ] for a driver whose "hardware" runs on
// a goroutine of its own that may be kept busy, such as a TAP device's
// reader, which has nothing else to do until the next frame. If neither
// the interrupt goroutine nor the bottom half is running, the interrupt
// handlers and then the bottom half run right here, on the caller's
// goroutine, as Linux runs a network card's receive path in the softirq of
// the CPU its interrupt landed on: an echo request is answered before the
// reader reads again, with no goroutine to wake on the way. If either is
// running, RaiseIRQInline raises the interrupt as RaiseIRQ does, and
// returns at once.
//
// Each hand-off to a sleeping goroutine costs a wake-up, a few to tens of
// microseconds on a busy machine: RaiseIRQInline saves the two of a ping
// (tools/netbench measures it; docs/performance.md has the figures). A
// driver whose receive is called from someone else's goroutine, holding
// that goroutine's locks (the in-memory Link delivers on the sender's),
// must not use it: the reply would be sent on the same goroutine, into the
// same locks.
//
// What the protocols do after a batch of input ([Stack.AfterInput]: TCP's
// ACKs) is not done here but handed to the softirq goroutine, so that the
// reader goes back to reading at once. An ACK written into a TAP makes the
// kernel take it in, and send more data, inside the write: tens of
// microseconds during which the reader would read nothing. Handed off, the
// ACK is written on the other core, and covers every frame the reader has
// taken in meanwhile: with the kernel sending to the stack, a third as many
// ACKs, and 15–25 % more data per second (docs/performance.md).
func (d *Device) RaiseIRQInline() {
	s := d.stack
	d.irqPending.Store(true)
	if !s.irqMu.TryLock() {
		d.RaiseIRQ() // the interrupt goroutine is in the handlers: it may have passed this device
		return
	}
	if !s.softMu.TryLock() {
		s.irqMu.Unlock()
		d.RaiseIRQ()
		return
	}
	s.interruptThenBH(true)
}

// interruptThenBH runs the pending interrupt handlers, then the bottom
// half, on this goroutine, with s.irqMu and s.softMu held; it releases
// both. Input raises the softirq for every frame it queues; this goroutine
// is about to run it, so waking the softirq goroutine too would only cost
// a wake-up and a wait for softMu: inlineBH tells raiseSoftIRQ not to.
// With handOff, the AfterInput functions are left to the softirq goroutine
// (RaiseIRQInline says why).
func (s *Stack) interruptThenBH(handOff bool) {
	s.inlineBH.Store(true)
	s.serviceInterrupts()
	s.irqMu.Unlock()
	s.softIRQ()
	s.inlineBH.Store(false)
	if handOff {
		s.softMu.Unlock()
		s.raiseSoftIRQ() // it runs the AfterInput functions, and whatever came in meanwhile
		return
	}
	// A frame queued, or a timer expired, while inlineBH was set, after
	// softIRQ had passed its protocol, raised nothing: raise it now.
	if s.pending() {
		s.raiseSoftIRQ()
	}
	s.runAfterInput()
	s.softMu.Unlock()
}

// pending reports whether the softirq has work: a frame in a protocol's
// input queue, or an expired timer.
func (s *Stack) pending() bool {
	for _, p := range s.protocolList() {
		if p.queue.len() > 0 {
			return true
		}
	}
	s.timerMu.Lock()
	defer s.timerMu.Unlock()
	return len(s.expired) > 0
}

//camp:end

// serviceInterrupts runs the interrupt service routine of every device
// whose interrupt is pending.
func (s *Stack) serviceInterrupts() {
	//camp:todo 1.5 irq-dispatch: for every device whose interrupt is pending, clear the flag, count it and call its driver's HandleIRQ
	for _, dev := range s.deviceList() {
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
	//camp:todo 1.9 net-input: find the protocol for typ (drop and count if none), queue the frame for it, raise the soft interrupt
	p := s.protocol(typ)
	if p == nil {
		//camp:mistake 1.9 net-input-one-drop-counter: a frame of an unknown type is counted as a drop of its device but not in the stack's UnknownProtocol
		s.stats.unknownProtocol.Add(1)
		//camp:instead
		//camp:end
		dev.stats.rxDrops.Add(1)
		s.log.Infof(logging.Stack, "%s: drop type=%s len=%d: no protocol registered for it", dev.name, typ, len(data))
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
	//camp:from 6
	if s.inlineBH.Load() {
		return // RaiseIRQInline's goroutine runs the bottom half next
	}
	//camp:end
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
				//camp:mistake 1.10 softirq-stops-at-handler-error: the softirq counts a handler's error and stops draining, so the frames queued behind a bad packet wait for the next wake-up, maybe for ever
				//camp:instead
				// s.stats.handlerDrops.Add(1)
				// return
				//camp:end
				s.stats.handlerDrops.Add(1)
				s.log.Infof(logging.Stack, "%s: type=%s dropped by its handler: %v", e.dev.name, p.typ, err)
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
