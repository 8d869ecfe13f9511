// Generated from solutions/internal/netns/userns_other.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/internal/netns/userns_other.go instead and regenerate; `course check` fails when the two drift.

//go:build !linux

package netns

import (
	"io"
	"os/exec"
)

// rootless: without Linux there are no namespaces, of users or otherwise.
var rootless struct {
	inside bool
	reason string
}

func insideUserNS() bool { return false }

func newHolder() (*exec.Cmd, io.WriteCloser, error) { return nil, nil, ErrUnsupported }

func processAlive(int) bool { return true }
