package stack

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/todo"
)

// Options configure a [Stack]. The zero value is a good default.
type Options struct {
	// Logger receives the stack's log. Nil means warnings and errors on
	// standard error.
	Logger *logging.Logger
	// QueueLen bounds each protocol's input queue; 0 means 1024 frames.
	// Frames arriving at a full queue are dropped and counted.
	QueueLen int
}

// A Stack is one TCP/IP stack: its devices, protocols, queues and
// goroutines. Several stacks can live in one process; they share nothing.
type Stack struct {
	log      *logging.Logger
	queueLen int

	mu        sync.RWMutex
	devices   []*Device
	protocols []*protocol
	running   bool
	closed    atomic.Bool // set under mu; read without it on every packet (isClosed)

	irq     chan struct{} // a device raised its interrupt (capacity 1)
	softirq chan struct{} // a protocol queue has input (capacity 1)
	done    chan struct{} // closed by Close: goroutines return
	wg      sync.WaitGroup

	stats stackCounters

	//camp:from 4
	onClose []func() // run by Close before the devices close: sockets close
	//camp:end

	//camp:from 3
	timerMu sync.Mutex
	expired []expiry // timers that expired, for the softirq to run
	//camp:end

	//camp:from 5
	afterInput []func()   // run by the softirq once its queues are empty
	softMu     sync.Mutex // held while the bottom half runs, on either goroutine
	//camp:end

	//camp:from 6
	irqMu    sync.Mutex  // held while interrupt handlers run, on whichever goroutine
	inlineBH atomic.Bool // the goroutine running the handlers runs the bottom half next
	//camp:end

	todoMu sync.Mutex
	todos  []error // the TODO stubs this stack hit, first hit first
}

// Stats are the stack's own counters; devices have theirs in [DeviceStats].
type Stats struct {
	UnknownProtocol uint64 // frames dropped: no protocol registered for their type
	QueueDrops      uint64 // frames dropped: the protocol's input queue was full
	HandlerDrops    uint64 // frames a protocol handler refused (bad, not for us …)
}

type stackCounters struct {
	unknownProtocol, queueDrops, handlerDrops atomic.Uint64
}

// New returns a stack with no devices and no protocols. Register them,
// then call Start.
func New(opts Options) *Stack {
	s := &Stack{
		log:      opts.Logger,
		queueLen: opts.QueueLen,
		irq:      make(chan struct{}, 1),
		softirq:  make(chan struct{}, 1),
		done:     make(chan struct{}),
	}
	if s.log == nil {
		s.log = logging.New(os.Stderr, logging.LevelWarn)
	}
	if s.queueLen <= 0 {
		s.queueLen = 1024
	}
	return s
}

// Now returns the stack's current time. Protocols read the clock only here,
// never with time.Now deep inside their logic; inside a testing/synctest
// bubble it is the bubble's fake clock, so timers run in fake time.
func (s *Stack) Now() time.Time { return time.Now() }

//camp:from 6

// Since returns the time elapsed since t, a time Now returned. It reads
// only the monotonic clock, where Now reads the wall clock too: half the
// cost, for a protocol that reads the clock for every packet (TCP's
// timestamps).
func (s *Stack) Since(t time.Time) time.Duration { return time.Since(t) }

//camp:end

// Logger returns the stack's logger, for drivers and protocols.
func (s *Stack) Logger() *logging.Logger { return s.log }

// Stats returns a snapshot of the stack's counters.
func (s *Stack) Stats() Stats {
	return Stats{
		UnknownProtocol: s.stats.unknownProtocol.Load(),
		QueueDrops:      s.stats.queueDrops.Load(),
		HandlerDrops:    s.stats.handlerDrops.Load(),
	}
}

// Start opens every registered device and starts the interrupt and soft
// interrupt goroutines. Devices registered later are opened as they come.
func (s *Stack) Start() error {
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		return ErrClosed
	}
	if s.running {
		s.mu.Unlock()
		return ErrRunning
	}
	s.running = true
	devices := append([]*Device(nil), s.devices...)
	s.mu.Unlock()

	s.wg.Add(2)
	go s.interruptLoop()
	go s.softIRQLoop()
	s.log.Infof(logging.Stack, "started: %d devices, interrupt and softirq goroutines running", len(devices))

	var errs []error
	for _, dev := range devices {
		if err := dev.open(); err != nil {
			errs = append(errs, err)
		}
	}
	return s.Report(errors.Join(errs...))
}

// Close closes every device and stops every goroutine the stack started;
// when it returns, none is left. Every later call on the stack fails with
// [ErrClosed], a second Close included.
func (s *Stack) Close() error {
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed.Store(true)
	devices := append([]*Device(nil), s.devices...)
	//camp:from 4
	hooks := s.onClose
	//camp:end
	s.mu.Unlock()

	//camp:from 4
	// Sockets first: a program blocked in Read learns that the stack is gone.
	for _, f := range hooks {
		f()
	}
	//camp:end

	// Devices first, so that no "hardware" raises interrupts any more,
	// then the goroutines.
	var errs []error
	for _, dev := range devices {
		if err := dev.close(); err != nil {
			errs = append(errs, err)
		}
	}
	close(s.done)
	s.wg.Wait()
	s.log.Infof(logging.Stack, "closed")
	return errors.Join(errs...)
}

//camp:from 4

// OnClose registers f to run when the stack is closed, before its devices
// close: the socket layers close their sockets, which wakes whoever is
// blocked in them with net.ErrClosed.
func (s *Stack) OnClose(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onClose = append(s.onClose, f)
}

//camp:end

//camp:from 5

// AfterInput registers f to run each time the bottom half has emptied the
// input queues (on whichever goroutine ran it, never two at once). A protocol uses it to answer
// a whole batch of input at once: TCP sends one ACK for all the segments
// of a connection that arrived together, as Linux does after GRO, instead
// of one ACK each. Register before Start.
func (s *Stack) AfterInput(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.afterInput = append(s.afterInput, f)
}

// runAfterInput runs the AfterInput functions; s.softMu is held.
func (s *Stack) runAfterInput() {
	s.mu.RLock()
	after := s.afterInput
	s.mu.RUnlock()
	for _, f := range after {
		f()
	}
}

//camp:end

// isClosed reports whether Close was called.
func (s *Stack) isClosed() bool { return s.closed.Load() }

// RegisterDevice adds a device to the stack and names it: the first is
// net0, the next net1, and so on. A device registered on a running stack is
// opened at once.
func (s *Stack) RegisterDevice(cfg DeviceConfig) (*Device, error) {
	if cfg.Driver == nil {
		return nil, fmt.Errorf("register device: %w: no driver", ErrBadDevice)
	}
	if cfg.MTU <= 0 {
		return nil, fmt.Errorf("register device: %w: mtu %d", ErrBadDevice, cfg.MTU)
	}
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	dev, err := s.registerDevice(cfg)
	running := s.running
	s.mu.Unlock()
	if err != nil {
		return nil, s.Report(err)
	}
	if running {
		if err := dev.open(); err != nil {
			return dev, s.Report(err)
		}
	}
	return dev, nil
}

// registerDevice names the device and appends it to the list; s.mu is held.
func (s *Stack) registerDevice(cfg DeviceConfig) (*Device, error) {
	//camp:todo 1.1 device-register: make the Device, name it net0, net1 … by its position, and add it to s.devices
	dev := &Device{
		stack: s,
		index: len(s.devices),
		//camp:mistake 1.1 device-name-from-one: devices are numbered from 1, so the first device is net1 and every name is off by one
		name: fmt.Sprintf("net%d", len(s.devices)),
		//camp:instead
		// name: fmt.Sprintf("net%d", len(s.devices)+1),
		//camp:end
		cfg: cfg,
	}
	s.devices = append(s.devices, dev)
	s.log.Infof(logging.Device, "registered %s", dev)
	return dev, nil
	//camp:stub
	// return nil, todo.New(1, "device-register")
	//camp:end
}

// Devices returns the stack's devices in registration order.
func (s *Stack) Devices() []*Device {
	return append([]*Device(nil), s.deviceList()...)
}

// deviceList returns the stack's devices in registration order, without
// copying the list: the interrupt goroutine calls it at every interrupt.
// Devices are only ever added, never removed or moved, so the list as it
// is now, cut at its length, stays valid while registerDevice appends to
// it. The caller must not change the slice.
func (s *Stack) deviceList() []*Device {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.devices[:len(s.devices):len(s.devices)]
}

// Device returns the device with the given name, or nil.
func (s *Stack) Device(name string) *Device {
	for _, d := range s.deviceList() {
		if d.name == name {
			return d
		}
	}
	return nil
}

// Report passes err through. On the way it remembers and logs, in the TODO
// colour, an error that comes from an unfinished TODO stub, so a failing
// test can say which TODO it ran into.
func (s *Stack) Report(err error) error {
	if err == nil {
		return nil // the common case, on every packet: no work at all
	}
	var t *todo.Error
	if !errors.As(err, &t) {
		return err
	}
	s.todoMu.Lock()
	seen := false
	for _, e := range s.todos {
		if e.Error() == t.Error() {
			seen = true
			break
		}
	}
	if !seen {
		s.todos = append(s.todos, t)
	}
	s.todoMu.Unlock()
	if !seen {
		s.log.TODO(logging.Stack, t)
	}
	return err
}

// TODOs returns the TODO stubs the stack has hit, first hit first, each as
// the error the stub returned. In solutions/ it is always empty.
func (s *Stack) TODOs() []error {
	s.todoMu.Lock()
	defer s.todoMu.Unlock()
	return append([]error(nil), s.todos...)
}
