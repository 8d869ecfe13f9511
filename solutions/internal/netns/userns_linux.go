//camp:file 3

//go:build linux

package netns

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/go-tcpip-camp/camp/solutions/userns"
)

// A process that is not root may still make network namespaces: it first
// makes a user namespace, in which its own user ID is mapped to 0. Inside,
// it is root — for the namespaces it owns, and nothing else: it can create
// a TAP device and network namespaces, give them addresses, run ping with
// raw sockets, but it can touch no file or network of the host that its
// own user could not. This is how rootless containers work.
//
// A process cannot move itself into a new user namespace once it has more
// than one thread, and every Go program has several from its first
// instruction. So a test binary run by an ordinary user re-executes
// itself, from this package's init, under `unshare --user --map-root-user
// --net` (util-linux): the same process ID, arguments and output, now
// inside a user namespace and a network namespace of its own. The TAP
// device the test opens is created in that network namespace; each
// namespace of [New] is a further network namespace inside it, held open
// by a child process (see newHolder). None of them has a name, so nothing
// is left behind if the test is killed: the kernel removes them with their
// last process.

// envUserNS marks a test binary that has re-executed itself inside a user
// namespace of its own.
const envUserNS = "CAMP_NETNS_USERNS"

// rootless says how this process stands. It is set once, by init, before
// any test runs, and only read afterwards.
var rootless struct {
	inside bool   // re-executed inside a user namespace: New holds namespaces with child processes
	reason string // not root, and why no user namespace could be made
}

func init() {
	if !testing.Testing() {
		return // a program, not a test: leave it alone
	}
	if os.Getenv(envUserNS) == "1" {
		rootless.inside = true
		return
	}
	if os.Geteuid() == 0 {
		return // root makes named namespaces, as ever
	}
	// The tests need nsenter besides unshare and ip: commands enter a
	// namespace through the process that holds it (newHolder).
	if rootless.reason = userns.Unavailable(orSudo, userns.Command{Name: "nsenter", Package: "util-linux"}); rootless.reason != "" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		rootless.reason = "cannot find the test binary to re-execute it in a user namespace: " + err.Error()
		return
	}
	unshare, _ := exec.LookPath("unshare") // found by userns.Unavailable
	argv := append([]string{"unshare", "--user", "--map-root-user", "--net", "--", exe}, os.Args[1:]...)
	err = syscall.Exec(unshare, argv, append(os.Environ(), envUserNS+"=1"))
	// Exec returns only if it failed.
	rootless.reason = "re-executing the test binary under unshare: " + err.Error()
}

// insideUserNS reports whether this test process runs inside a user
// namespace of its own (it was not started as root).
func insideUserNS() bool { return rootless.inside }

// orSudo is the way out that always works.
const orSudo = "or run the tests as root: sudo -E go test -run Interop ./..."

// newHolder starts the process that keeps a new network namespace alive
// in a user namespace: cat, reading a pipe this process holds, in a
// network namespace of its own (CLONE_NEWNET; we are root of the user
// namespace, so we may). Commands enter the namespace through it
// (`nsenter -t PID -n`). If the test process dies, the pipe closes, cat
// ends, and the namespace goes with it.
// Keep the returned pipe: closing it ends cat.
func newHolder() (*exec.Cmd, io.WriteCloser, error) {
	cmd := exec.Command("cat")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET}
	pipe, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	// Start returns once cat runs, so the namespace exists.
	return cmd, pipe, cmd.Start()
}

// processAlive reports whether a process with this ID exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
