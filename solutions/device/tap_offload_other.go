//camp:file 6

//go:build !linux

package device

import (
	"fmt"
	"runtime"
)

// OpenTAPOffload returns an error wrapping [ErrTAPUnsupported]: TAP devices
// need Linux.
func OpenTAPOffload(name string) (Wire, error) {
	return nil, fmt.Errorf("%w: cannot open %q on %s (the in-memory Link works everywhere)", ErrTAPUnsupported, name, runtime.GOOS)
}
