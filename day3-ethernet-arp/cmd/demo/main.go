// Generated from solutions/cmd/demo/main.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/cmd/demo/main.go instead and regenerate; `course check` fails when the two drift.

// Command demo shows what the stack can do so far, with nothing but Go: no
// root, no TAP device, any operating system. Every part builds its stacks,
// wires them with in-memory devices, prints the stack's colour log and
// checks that what should happen did happen.
//
//	go run ./solutions/cmd/demo        # info level: one line per event
//	go run ./solutions/cmd/demo -v     # debug level, with hex dumps
//	go run ./solutions/cmd/demo -ladder  # (Day 5 on) TCP's ladder diagrams, from a real run
//
// In a day folder the demo shows the days done so far; when it runs into a
// TODO that is not written yet it says which one, and where the lesson is.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/logging"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/stack"
	"github.com/go-tcpip-camp/camp/day3-ethernet-arp/todo"
)

func main() {
	verbose := flag.Bool("v", false, "debug logging with hex dumps of every frame")
	pcap := flag.String("pcap", "", "write the frames of the Day 3 link to this pcap `file` (open it with Wireshark or tshark -r)")
	flag.Parse()

	level := logging.LevelInfo
	if *verbose {
		level = logging.LevelDebug
	}
	d := newDemo(os.Stdout, level)
	d.pcap = *pcap

	parts := []struct {
		title string
		run   func(*demo) error
	}{
		{"Day 1: a frame through the dummy and the loopback device", day1},
		{"Day 2: ping 127.0.0.1 over the loopback device", day2},
		{"Day 3: two stacks on an Ethernet link: ARP, then ping", day3},
	}
	for _, p := range parts {
		d.out.Infof(logging.App, "━━ %s", p.title)
		if err := p.run(d); err != nil {
			d.fail(err)
		}
	}
	d.out.Infof(logging.App, "━━ all done")
}

// demo carries what every part of the demo shares.
type demo struct {
	w        io.Writer // where every log line goes
	level    logging.Level
	out      *logging.Logger // the demo's own narration
	pcap     string          // capture file for Day 3's link, if any
	captured bool            // the capture is taken
}

func newDemo(w io.Writer, level logging.Level) *demo {
	return &demo{w: w, level: level, out: logging.New(w, level)}
}

// newStack returns a stack logging to standard output at the demo's level.
func (d *demo) newStack() *stack.Stack {
	return stack.New(stack.Options{Logger: logging.New(d.w, d.level)})
}

// fail explains what went wrong, naming the TODO if a stub was hit, and
// exits with status 1.
func (d *demo) fail(err error) {
	var t *todo.Error
	if errors.As(err, &t) {
		d.out.Errorf(logging.App, "the demo stops at a TODO that is not written yet:")
		d.out.TODO(logging.App, t)
		d.out.Errorf(logging.App, "write it (lesson: %s), then run the demo again", t.Lesson())
	} else {
		d.out.Errorf(logging.App, "the demo failed: %v", err)
	}
	os.Exit(1)
}

// stuckOr returns err, or the first TODO the stack hit if there is one:
// a ping that timed out usually did so because a TODO dropped the packet.
func stuckOr(s *stack.Stack, err error) error {
	if todos := s.TODOs(); len(todos) > 0 {
		return fmt.Errorf("%v: %w", err, todos[0])
	}
	return err
}

// stuck is the error of a part that waited in vain; it names the TODOs the
// stack hit, if any, since one of them is usually the reason.
func stuck(s *stack.Stack, what string) error {
	if todos := s.TODOs(); len(todos) > 0 {
		return fmt.Errorf("%s: %w", what, todos[0])
	}
	return errors.New(what)
}
