// Generated from solutions/stack/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 2 — write its TODOs here. Course authors: edit
// solutions/stack/doc.go instead and regenerate; `course check` fails when the two drift.

// Package stack is the core of the TCP/IP stack: the [Stack] value that owns
// devices, protocols and the goroutines that move frames between them.
//
// # The event model
//
// A kernel does not read packets in a loop. A network card raises an
// interrupt when a frame arrives; the CPU stops what it is doing and runs
// the card's interrupt handler, which copies the frame into a queue of the
// protocol it belongs to and raises a software interrupt ("softirq"); a bit
// later, outside interrupt context, the softirq handler drains the queues
// and calls each protocol's input routine. The stack is built the same way,
// in Go's terms:
//
//	"hardware" (loopback, a link, a TAP)
//	    │  frame into the device's receive ring
//	    ▼
//	Device.RaiseIRQ ──► interrupt goroutine ──► driver.HandleIRQ (the ISR)
//	                                                │ Stack.Input(dev, type, frame)
//	                                                ▼
//	                          per-protocol queue ──► raise softirq
//	                                                │
//	                    softirq goroutine ──► protocol handler (IP, ARP …)
//
// Raising an interrupt never blocks: an interrupt that is already pending
// is not raised twice, the way a hardware interrupt line stays asserted
// until it is serviced. Queues are bounded and a full queue is a counted
// drop, never a wait, so a flood of frames cannot stop the stack.
//
// # Lifetime
//
// [New] makes a stack; devices and protocols are registered on it; [Stack.Start]
// opens the devices and starts the two goroutines; [Stack.Close] closes the
// devices and stops every goroutine the stack started.
package stack
