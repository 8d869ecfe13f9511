// Generated from solutions/device/tap_other.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/device/tap_other.go instead and regenerate; `course check` fails when the two drift.

//go:build !linux

package device

// TAP devices are a Linux feature (see tap_linux.go for what they are). On
// other systems OpenTAP says so, and the in-memory Link is the wire to use.
// The TAP type exists here too, so that code naming it builds everywhere.

import (
	"errors"
	"fmt"
	"runtime"
)

// ErrTAPUnsupported is returned by [OpenTAP] on systems without TAP devices:
// every system but Linux. Use the in-memory [Link] there.
var ErrTAPUnsupported = errors.New("device: TAP needs Linux")

// TAP is a [Wire] on a Linux TAP device. On this system [OpenTAP] never
// returns one, and its methods return [ErrTAPUnsupported].
type TAP struct {
	name string
}

// OpenTAP returns an error wrapping [ErrTAPUnsupported]: TAP devices need
// Linux.
func OpenTAP(name string) (Wire, error) {
	return nil, fmt.Errorf("%w: cannot open %q on %s (the in-memory Link works everywhere)", ErrTAPUnsupported, name, runtime.GOOS)
}

// Name returns the interface's name.
func (t *TAP) Name() string { return t.name }

// Open returns [ErrTAPUnsupported].
func (*TAP) Open(func(frame []byte)) error { return ErrTAPUnsupported }

// WriteFrame returns [ErrTAPUnsupported].
func (*TAP) WriteFrame([]byte) error { return ErrTAPUnsupported }

// Close returns [ErrTAPUnsupported].
func (*TAP) Close() error { return ErrTAPUnsupported }
