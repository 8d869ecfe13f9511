// Generated from solutions/cmd/demo/day1.go by "go run ./tools/course gen".
// Learners: this is your copy for day 4 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/day1.go instead and regenerate; `course check` fails when the two drift.

package main

import (
	"fmt"
	"time"

	"github.com/go-tcpip-camp/camp/day4-routing-udp/device"
	"github.com/go-tcpip-camp/camp/day4-routing-udp/logging"
	"github.com/go-tcpip-camp/camp/day4-routing-udp/stack"
)

// day1 sends a frame into the dummy device (its interrupt fires, nothing
// comes back) and one through the loopback device, where it travels the
// whole receive path: interrupt → input queue → soft interrupt → handler.
//
// The stack logs at debug level here, whatever -v says: the lines of the
// event path, and the hex dumps of the two small frames, are the lesson.
func day1(d *demo) error {
	s := stack.New(stack.Options{Logger: logging.New(d.w, logging.LevelDebug)})
	defer s.Close()

	dummy, err := device.NewDummy(s)
	if err != nil {
		return err
	}
	lo, err := device.NewLoopback(s)
	if err != nil {
		return err
	}
	got := make(chan string, 1)
	err = s.RegisterProtocol(stack.ProtocolIPv4, func(dev *stack.Device, data []byte) error {
		d.out.Infof(logging.App, "handler: got %q from %s", data, dev.Name())
		got <- string(data)
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.Start(); err != nil {
		return err
	}

	if err := dummy.Transmit(stack.ProtocolIPv4, []byte("into the void"), nil); err != nil {
		return err
	}
	msg := "hello, loopback"
	if err := lo.Transmit(stack.ProtocolIPv4, []byte(msg), nil); err != nil {
		return err
	}
	select {
	case m := <-got:
		if m != msg {
			return fmt.Errorf("the handler got %q, want %q", m, msg)
		}
	case <-time.After(2 * time.Second):
		return stuck(s, "the frame never reached the handler")
	}
	st := lo.Stats()
	d.out.Infof(logging.App, "%s: tx %d rx %d interrupts %d", lo.Name(), st.TxPackets, st.RxPackets, st.IRQs)
	return nil
}
