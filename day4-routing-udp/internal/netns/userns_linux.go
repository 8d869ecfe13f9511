// Generated from solutions/internal/netns/userns_linux.go by "go run ./tools/course gen".
// Learners: this is your copy for day 4 — write its TODOs here. Course authors: edit
// solutions/internal/netns/userns_linux.go instead and regenerate; `course check` fails when the two drift.

//go:build linux

package netns

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
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
	if rootless.reason = userNSUnavailable(); rootless.reason != "" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		rootless.reason = "cannot find the test binary to re-execute it in a user namespace: " + err.Error()
		return
	}
	unshare, _ := exec.LookPath("unshare") // found by userNSUnavailable
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

// system is what userNSUnavailable looks at, as functions so that a test
// can play any system.
type system struct {
	sysctl   func(key string) string                 // a kernel setting, "" if absent
	tun      func() (ok bool, mode string)           // /dev/net/tun readable and writable? its mode
	lookPath func(name string) (string, error)       // exec.LookPath
	try      func(name string, args ...string) error // run a command, its output in the error
}

// thisSystem is the system this process runs on.
var thisSystem = system{
	sysctl: readSysctl,
	tun: func() (bool, string) {
		ok := syscall.Access("/dev/net/tun", 6 /* R_OK|W_OK */) == nil
		fi, err := os.Stat("/dev/net/tun")
		if err != nil {
			return ok, "missing"
		}
		return ok, fmt.Sprintf("c%s, %#o", fi.Mode().Perm().String()[1:], fi.Mode().Perm())
	},
	lookPath: exec.LookPath,
	try: func(name string, args ...string) error {
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(out)))
		}
		return nil
	},
}

// userNSUnavailable returns why this process cannot make a user namespace
// with a network namespace and a TAP device inside, or "" if it can. Each
// reason names the setting that forbids it and the two ways out.
func userNSUnavailable() string { return thisSystem.userNSUnavailable() }

func (sys system) userNSUnavailable() string {
	// Debian's and older Ubuntu's own switch.
	if sys.sysctl("kernel/unprivileged_userns_clone") == "0" {
		return "kernel.unprivileged_userns_clone=0 forbids user namespaces to ordinary users: " +
			"allow them with sudo sysctl -w kernel.unprivileged_userns_clone=1, " + orSudo
	}
	if sys.sysctl("user/max_user_namespaces") == "0" {
		return "user.max_user_namespaces=0 forbids user namespaces: " +
			"allow them with sudo sysctl -w user.max_user_namespaces=10000, " + orSudo
	}
	if ok, mode := sys.tun(); !ok {
		return fmt.Sprintf("/dev/net/tun is not readable and writable by you (%s; Debian, Ubuntu and Fedora ship it crw-rw-rw-): "+
			"sudo chmod 0666 /dev/net/tun, %s", mode, orSudo)
	}
	for _, c := range []struct{ name, pkg string }{{"unshare", "util-linux"}, {"nsenter", "util-linux"}, {"ip", "iproute2"}} {
		if _, err := sys.lookPath(c.name); err != nil {
			return fmt.Sprintf("the %s command is missing: install %s (apt-get install -y %s), %s", c.name, c.pkg, c.pkg, orSudo)
		}
	}
	// Try: a user namespace whose root brings a link up in its own network
	// namespace. Ubuntu 24.04's AppArmor lets the user namespace be made
	// but takes every capability away inside it, so it fails here.
	err := sys.try("unshare", "--user", "--map-root-user", "--net", "--", "ip", "link", "set", "dev", "lo", "up")
	if err == nil {
		return ""
	}
	if sys.sysctl("kernel/apparmor_restrict_unprivileged_userns") == "1" {
		return "kernel.apparmor_restrict_unprivileged_userns=1 (AppArmor, Ubuntu 24.04) takes every capability away in a user namespace (unshare -Urn: " + err.Error() + "): " +
			"sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, " + orSudo
	}
	return "unshare --user --map-root-user --net failed (" + err.Error() + "): " + orSudo
}

// readSysctl returns the value of a kernel setting (key as a path under
// /proc/sys), or "" if this kernel does not have it.
func readSysctl(key string) string {
	b, err := os.ReadFile("/proc/sys/" + key)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

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
