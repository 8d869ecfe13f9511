// Generated from solutions/internal/netns/netns.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/internal/netns/netns.go instead and regenerate; `course check` fails when the two drift.

package netns

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// RunHint says how to run the interop tests.
const RunHint = "run as root (sudo -E go test -run Interop ./solutions/...), or as an ordinary user where Linux allows user namespaces and /dev/net/tun is mode 0666"

// ErrUnsupported is returned on systems other than Linux, which have no
// network namespaces.
var ErrUnsupported = errors.New("netns: network namespaces need Linux")

// cleanupTimeout bounds the commands that tear a namespace down.
const cleanupTimeout = 20 * time.Second

// inCI reports whether the tests run in CI, where interop tests must run
// rather than skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// skipOrFail skips the test, or fails it in CI.
func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true, and interop tests must run in CI, but: %s", msg)
	}
	t.Skip(msg)
}

// RequireRoot skips the test unless it can make network namespaces: it runs
// on Linux, with the `ip` command of iproute2, as root or inside a user
// namespace of its own (an ordinary user's test binary moves into one
// before its tests start, where Linux allows it: see userns_linux.go). The
// skip message says what forbids it and the ways out. With CI=true in the
// environment, a missing privilege or command fails the test instead,
// because CI must run the interop tests; on a system other than Linux the
// test is skipped even in CI, since it could never run there.
func RequireRoot(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("interop tests need Linux (this is %s): %s", runtime.GOOS, RunHint)
	}
	if os.Geteuid() != 0 {
		reason := rootless.reason
		if reason == "" {
			reason = RunHint
		}
		skipOrFail(t, "needs root or a user namespace of its own, but "+reason)
	}
	RequireCommand(t, "ip", "iproute2")
}

// RequireCommand skips the test unless the command name is installed (from
// the package pkg, say "iputils-ping" for ping); with CI=true it fails the
// test instead.
func RequireCommand(t testing.TB, name, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		skipOrFail(t, fmt.Sprintf("needs the %s command: install %s (apt-get install -y %s)", name, pkg, pkg))
	}
}

// UniqueName returns prefix followed by six random hex digits. The result
// is at most 15 bytes, the longest interface name Linux accepts (its
// IFNAMSIZ counts the NUL); a longer prefix is cut.
func UniqueName(prefix string) string {
	const digits = 6
	if len(prefix) > 15-digits {
		prefix = prefix[:15-digits]
	}
	return fmt.Sprintf("%s%0*x", prefix, digits, rand.Uint32()>>8)
}

// NS is a network namespace made for one test.
type NS struct {
	name string
	// In a user namespace (not root), the namespace has no name that `ip`
	// knows: holder is the process that keeps it, and pipe the end of its
	// input whose closing ends it. Both are nil as root.
	holder *exec.Cmd
	pipe   io.Closer
}

// namePrefix starts the name of every namespace New makes as root,
// "camp-PID-TEST-N": the ID of the test process that made it, the test's
// name, and a count. The process ID tells a later run whether the
// namespace is in use or was left behind by a test binary that was killed
// (by go test's -timeout, say) before its cleanups ran.
const namePrefix = "camp-"

var (
	staleOnce sync.Once    // removeStale runs once per test process
	nsCount   atomic.Int64 // the N of the names
)

// nsName returns the name of the next namespace for test.
func nsName(test string) string {
	var b strings.Builder
	for _, r := range test {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_') // a subtest's '/', spaces, …: not in a file name
		}
	}
	short := b.String()
	if len(short) > 40 {
		short = short[:40]
	}
	return fmt.Sprintf("%s%d-%s-%d", namePrefix, os.Getpid(), short, nsCount.Add(1))
}

// creatorPID reads the process ID in a name nsName made.
func creatorPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, namePrefix)
	if !ok {
		return 0, false
	}
	digits, _, _ := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(digits)
	return pid, err == nil && pid > 0
}

// New makes a new network namespace with a unique name, with its loopback
// interface up, for the test t. It calls [RequireRoot] first, so it skips
// (or, in CI, fails) a test that cannot have one.
//
// As root it is a named namespace (`ip netns add camp-PID-TEST-N`); the
// first New of a test process also removes the namespaces of this prefix
// whose process is gone. In a user namespace (an ordinary user's test) it
// is an unnamed namespace held by a child process: nothing there can be
// left behind, since the kernel removes it with its last process.
//
// When the test ends, passed or failed, the namespace is removed with
// everything in it: processes started with [NS.Start] or still running in
// it are killed, its links deleted (a veth pair goes with either end), then
// the namespace itself. Close wires (a TAP moved in with [NS.AddTAP]) in
// cleanups registered after New, so that they run first.
func New(t testing.TB) *NS {
	t.Helper()
	RequireRoot(t)
	ns := &NS{name: nsName(t.Name())}
	if insideUserNS() {
		holder, pipe, err := newHolder()
		if err != nil {
			t.Fatalf("netns: making a namespace in our user namespace: %v", err)
		}
		ns.holder, ns.pipe = holder, pipe
	} else {
		staleOnce.Do(func() { removeStale(t) })
		if out, err := ip(t.Context(), "netns", "add", ns.name); err != nil {
			t.Fatalf("netns: making a namespace: %v\n%s", err, out)
		}
	}
	t.Cleanup(func() { ns.remove(t) })
	ns.mustIP(t, "link", "set", "dev", "lo", "up")
	return ns
}

// removeStale removes the namespaces of our prefix whose test process is
// gone: a test binary killed before its cleanups ran leaves them behind.
func removeStale(t testing.TB) {
	out, err := ip(t.Context(), "netns", "list")
	if err != nil {
		return // New reports what is wrong with ip
	}
	for line := range strings.Lines(out) {
		name, _, _ := strings.Cut(strings.TrimSpace(line), " ") // "camp-1-T-1 (id: 3)"
		pid, ok := creatorPID(name)
		if !ok || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		stale := &NS{name: name}
		if err := stale.removeNamed(); err != nil {
			t.Logf("netns: removing %s, left behind by test process %d, which is gone: %v", name, pid, err)
		} else {
			t.Logf("netns: removed %s, left behind by test process %d, which is gone", name, pid)
		}
	}
}

// Name returns the namespace's name: as root, the name `ip netns list`
// shows; in a user namespace, a name for messages only.
func (ns *NS) Name() string { return ns.name }

// Path returns a file that names the namespace, for a program that enters
// it itself with setns(2) (a raw socket made inside it, say):
// /var/run/netns/NAME as root, /proc/PID/ns/net of the holder process in
// a user namespace.
func (ns *NS) Path() string {
	if ns.holder != nil {
		return "/proc/" + strconv.Itoa(ns.holder.Process.Pid) + "/ns/net"
	}
	return "/var/run/netns/" + ns.name
}

// command returns the command line that runs name with args inside the
// namespace: `ip netns exec NAME …` as root, `nsenter -t PID -n …` (enter
// the network namespace of the holder process) in a user namespace.
func (ns *NS) command(name string, args ...string) []string {
	if ns.holder != nil {
		return append([]string{"nsenter", "-t", strconv.Itoa(ns.holder.Process.Pid), "-n", "--", name}, args...)
	}
	return append([]string{"ip", "netns", "exec", ns.name, name}, args...)
}

// target returns how `ip link set … netns TARGET` names the namespace:
// its name, or the ID of a process inside it.
func (ns *NS) target() string {
	if ns.holder != nil {
		return strconv.Itoa(ns.holder.Process.Pid)
	}
	return ns.name
}

// Run runs the command name with args inside the namespace (`ip netns exec
// NAME name args…`) and returns its output, standard output and standard
// error interleaved. The error, if any, says which command failed and ends
// with the output.
func (ns *NS) Run(ctx context.Context, name string, args ...string) (output string, err error) {
	if runtime.GOOS != "linux" {
		return "", ErrUnsupported
	}
	line := ns.command(name, args...)
	cmd := exec.CommandContext(ctx, line[0], line[1:]...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("netns %s: %s: %w\n%s", ns.name, strings.Join(append([]string{name}, args...), " "), err, out)
	}
	return string(out), nil
}

// MustRun is [NS.Run] for the test t: it fails the test if the command
// fails.
func (ns *NS) MustRun(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := ns.Run(t.Context(), name, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Start starts the command name with args inside the namespace, in the
// background, and returns it running. When t ends the command is killed,
// and if t failed its output is logged. You may Wait for it yourself,
// from the test's goroutine, before the test ends.
func (ns *NS) Start(t testing.TB, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd, _ := ns.StartWatched(t, name, args...)
	return cmd
}

// StartWatched is Start, and also returns what the command prints
// (standard output and error together), readable while it runs: a test can
// give up early when the command says it cannot go on.
func (ns *NS) StartWatched(t testing.TB, name string, args ...string) (*exec.Cmd, *Output) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Fatal(ErrUnsupported)
	}
	line := ns.command(name, args...)
	cmd := exec.Command(line[0], line[1:]...)
	out := &Output{}
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.WaitDelay = time.Second // do not wait for a grandchild holding the output pipe
	if err := cmd.Start(); err != nil {
		t.Fatalf("netns %s: starting %s: %v", ns.name, name, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // os.ErrProcessDone if it has exited: fine
		if cmd.ProcessState == nil {
			_ = cmd.Wait()
		}
		if t.Failed() {
			t.Logf("netns %s: %s %s (%s) said:\n%s", ns.name, name, strings.Join(args, " "), cmd.ProcessState, out.String())
		}
	})
	return cmd, out
}

// Output collects what a started command prints; it is safe to read while
// the command writes.
type Output struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

// String returns everything printed so far.
func (o *Output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// AddTAP moves the existing link tap (the TAP device the test opened) into
// the namespace, gives it the address cidr ("192.0.2.1/24") and brings it
// up. IPv6 is turned off on it first, so the kernel does not chatter
// (router and neighbour solicitations) on the wire under test.
func (ns *NS) AddTAP(t testing.TB, tap, cidr string) {
	t.Helper()
	if out, err := ip(t.Context(), "link", "set", "dev", tap, "netns", ns.target()); err != nil {
		t.Fatalf("netns %s: moving %s in: %v\n%s", ns.name, tap, err, out)
	}
	ns.disableIPv6(t, tap)
	ns.mustIP(t, "addr", "add", cidr, "dev", tap)
	ns.mustIP(t, "link", "set", "dev", tap, "up")
}

// AddVethPeer joins ns and other by a veth pair — a virtual Ethernet cable
// whose two ends are interfaces — with address ourCIDR on ns's end and
// theirCIDR on other's, both up. It returns the names of the two ends.
// The pair is deleted with either namespace.
func (ns *NS) AddVethPeer(t testing.TB, other *NS, ourCIDR, theirCIDR string) (ours, theirs string) {
	t.Helper()
	ours, theirs = UniqueName("veth"), UniqueName("veth")
	ns.mustIP(t, "link", "add", ours, "type", "veth", "peer", "name", theirs, "netns", other.target())
	for _, end := range []struct {
		ns         *NS
		link, cidr string
	}{{ns, ours, ourCIDR}, {other, theirs, theirCIDR}} {
		end.ns.disableIPv6(t, end.link)
		end.ns.mustIP(t, "addr", "add", end.cidr, "dev", end.link)
		end.ns.mustIP(t, "link", "set", "dev", end.link, "up")
	}
	return ours, theirs
}

// EnableForwarding makes the namespace's kernel a router: it forwards IPv4
// packets between its interfaces (net.ipv4.ip_forward=1).
func (ns *NS) EnableForwarding(t testing.TB) {
	t.Helper()
	if err := ns.sysctl(t.Context(), "1", "net", "ipv4", "ip_forward"); err != nil {
		t.Fatal(err)
	}
}

// disableIPv6 turns IPv6 off on link. It is a nicety: failure is ignored
// (a kernel without IPv6 has nothing to turn off).
func (ns *NS) disableIPv6(t testing.TB, link string) {
	_ = ns.sysctl(t.Context(), "1", "net", "ipv6", "conf", link, "disable_ipv6")
}

// sysctl sets a kernel setting of the namespace, like `sysctl -w
// net.ipv4.ip_forward=1`, by writing its file under /proc/sys. Network
// settings are per namespace, so the write is done from inside it. The
// path is given in parts, not with dots, because interface names may
// contain dots; and not every system has the sysctl command.
func (ns *NS) sysctl(ctx context.Context, value string, key ...string) error {
	file := path.Join(append([]string{"/proc/sys"}, key...)...)
	_, err := ns.Run(ctx, "sh", "-c", `echo "$1" > "$2"`, "sh", value, file)
	return err
}

// mustIP runs `ip args…` in the namespace, failing the test if it fails.
func (ns *NS) mustIP(t testing.TB, args ...string) {
	t.Helper()
	if out, err := ns.ip(t.Context(), args...); err != nil {
		t.Fatalf("netns %s: %v\n%s", ns.name, err, out)
	}
}

// ip runs `ip args…` in the namespace: `ip -n NAME args…` as root.
func (ns *NS) ip(ctx context.Context, args ...string) (string, error) {
	if ns.holder != nil {
		return ns.Run(ctx, "ip", args...)
	}
	return ip(ctx, append([]string{"-n", ns.name}, args...)...)
}

// remove kills what runs in the namespace, deletes its links, then the
// namespace. The kernel would delete virtual links itself when the
// namespace goes, but later, in the background; deleting them first makes
// the teardown finished when the test is.
func (ns *NS) remove(t testing.TB) {
	t.Helper()
	var err error
	if ns.holder != nil {
		err = ns.removeHeld()
	} else {
		err = ns.removeNamed()
	}
	if err != nil {
		t.Errorf("netns: removing namespace %s: %v", ns.name, err)
	}
}

// removeNamed removes a named namespace (as root).
func (ns *NS) removeNamed() error {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if out, err := ip(ctx, "netns", "pids", ns.name); err == nil {
		killAll(out, 0)
	}
	ns.deleteLinks(ctx)
	if out, err := ip(ctx, "netns", "del", ns.name); err != nil {
		return fmt.Errorf("%w\n%s", err, out)
	}
	return nil
}

// removeHeld removes a namespace held by a process (in a user namespace):
// once its processes are killed and the holder has ended, the kernel frees
// it.
func (ns *NS) removeHeld() error {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	holder := ns.holder.Process.Pid
	// The processes whose network namespace is the holder's, found as
	// `ip netns pids` finds them: by the namespace /proc/PID/ns/net names.
	if self, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", holder)); err == nil {
		if dirs, err := os.ReadDir("/proc"); err == nil {
			var pids []string
			for _, d := range dirs {
				if l, err := os.Readlink("/proc/" + d.Name() + "/ns/net"); err == nil && l == self {
					pids = append(pids, d.Name())
				}
			}
			killAll(strings.Join(pids, " "), holder)
		}
	}
	ns.deleteLinks(ctx)
	_ = ns.pipe.Close() // cat reads the end of its input and exits
	_ = ns.holder.Process.Kill()
	err := ns.holder.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		err = nil // killed, as meant
	}
	return err
}

// killAll kills the processes whose IDs are the fields of list, except
// spare: they run in our namespace, so they are ours.
func killAll(list string, spare int) {
	for _, f := range strings.Fields(list) {
		if pid, err := strconv.Atoi(f); err == nil && pid != spare {
			if p, err := os.FindProcess(pid); err == nil {
				_ = p.Kill()
			}
		}
	}
}

// deleteLinks deletes the namespace's links but its loopback.
func (ns *NS) deleteLinks(ctx context.Context) {
	if out, err := ns.ip(ctx, "-o", "link", "show"); err == nil {
		for _, link := range linkNames(out) {
			if link != "lo" {
				_, _ = ns.ip(ctx, "link", "del", "dev", link) // gone with its peer: fine
			}
		}
	}
}

// linkNames returns the interface names in the output of `ip -o link
// show`, whose lines look like
//
//	2: vethab12cd@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 …
func linkNames(out string) []string {
	var names []string
	for line := range strings.Lines(out) {
		_, rest, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		name, _, _ := strings.Cut(rest, ": ")
		name, _, _ = strings.Cut(name, "@")
		names = append(names, name)
	}
	return names
}

// ip runs the ip command with args in the root namespace.
func ip(ctx context.Context, args ...string) (output string, err error) {
	if runtime.GOOS != "linux" {
		return "", ErrUnsupported
	}
	out, err := exec.CommandContext(ctx, "ip", args...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("ip %s: %w", strings.Join(args, " "), err)
	}
	return string(out), nil
}
