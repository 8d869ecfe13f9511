//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// runner runs commands, saying each one first when verbose.
type runner struct {
	verbose bool
	log     io.Writer
}

// command prepares the command name with args. It runs in a process group
// of its own, so that Ctrl-C in the terminal reaches netbench alone, which
// then stops its commands in order and cleans up; cancelling ctx kills it.
func (r *runner) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = time.Second // do not wait for a grandchild holding a pipe
	if r.verbose {
		fmt.Fprintf(r.log, "+ %s\n", strings.Join(cmd.Args, " "))
	}
	return cmd
}

// run runs the command name with args and returns its standard output. If
// it fails, the error names the command and ends with all it printed.
func (r *runner) run(ctx context.Context, name string, args ...string) (string, error) {
	cmd := r.command(ctx, name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s: %w\n%s%s", strings.Join(cmd.Args, " "), err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.String(), nil
}

// A namespace is a network namespace that netbench made. In a new one the
// only interface is the loopback, and nothing else of the host's network
// is visible or reachable.
type namespace struct {
	name string
	r    *runner
}

// newNamespace makes the namespace netbench-PID-role, with its loopback
// up.
func newNamespace(ctx context.Context, r *runner, role string) (*namespace, error) {
	ns := &namespace{name: fmt.Sprintf("%s%d-%s", namePrefix, os.Getpid(), role), r: r}
	if _, err := r.run(ctx, "ip", "netns", "add", ns.name); err != nil {
		return nil, err
	}
	return ns, ns.ip(ctx, "link", "set", "dev", "lo", "up")
}

// ip runs `ip -n NAME args…`: the ip command, acting on the namespace.
func (ns *namespace) ip(ctx context.Context, args ...string) error {
	_, err := ns.r.run(ctx, "ip", append([]string{"-n", ns.name}, args...)...)
	return err
}

// command prepares the command name with args to run inside the namespace,
// under `ip netns exec`, which enters the namespace and then executes the
// command in its own place (same process, so killing it kills the command).
func (ns *namespace) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	return ns.r.command(ctx, "ip", append([]string{"netns", "exec", ns.name, name}, args...)...)
}

// run runs the command name with args inside the namespace and returns its
// standard output.
func (ns *namespace) run(ctx context.Context, name string, args ...string) (string, error) {
	return ns.r.run(ctx, "ip", append([]string{"netns", "exec", ns.name, name}, args...)...)
}

// prepareLink readies the interface link of the namespace for a
// measurement: IPv6 off, so that the kernel does not chatter on it (router
// and neighbour solicitations), the address cidr, and up.
func (ns *namespace) prepareLink(ctx context.Context, link, cidr string) error {
	// A nicety: a kernel without IPv6 has nothing to turn off.
	_, _ = ns.run(ctx, "sh", "-c", `echo 1 > "/proc/sys/net/ipv6/conf/$1/disable_ipv6"`, "sh", link)
	if err := ns.ip(ctx, "addr", "add", cidr, "dev", link); err != nil {
		return err
	}
	return ns.ip(ctx, "link", "set", "dev", link, "up")
}

// offloadsOff turns off the offloads of link, with which the kernel would
// hand the veth 64 KB "frames" and skip the checksums: a veth carries
// frames from memory to memory, and with offloads on the baseline would
// move a whole TSO segment for the cost of one frame. With them off, the
// kernel cuts data into 1500-byte frames and checksums each, the work our
// stack does for every frame it sends and receives on the TAP.
func (ns *namespace) offloadsOff(ctx context.Context, link string) error {
	_, err := ns.run(ctx, "ethtool", "-K", link, "tso", "off", "gso", "off", "gro", "off", "tx", "off", "rx", "off")
	return err
}

// addVeth joins ns and other with a veth pair — a virtual Ethernet cable
// whose two ends are interfaces — named link in both, with offloads off
// unless offloads, addresses ourCIDR and theirCIDR, and up. Each namespace has its own
// interface names, so the two ends can share a name.
func (ns *namespace) addVeth(ctx context.Context, other *namespace, link, ourCIDR, theirCIDR string, offloads bool) error {
	if err := ns.ip(ctx, "link", "add", link, "type", "veth", "peer", "name", link, "netns", other.name); err != nil {
		return err
	}
	for _, end := range []struct {
		ns   *namespace
		cidr string
	}{{ns, ourCIDR}, {other, theirCIDR}} {
		if !offloads {
			if err := end.ns.offloadsOff(ctx, link); err != nil {
				return err
			}
		}
		if err := end.ns.prepareLink(ctx, link, end.cidr); err != nil {
			return err
		}
	}
	return nil
}

// remove kills every process still in the namespace, then deletes it with
// its interfaces (a veth pair goes with either end, a TAP with the process
// that holds it). It uses a context of its own: it also runs after Ctrl-C
// has cancelled everything else.
func (ns *namespace) remove() error {
	return removeNamespace(ns.r, ns.name)
}

// removeNamespace is namespace.remove, by name.
func removeNamespace(r *runner, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if out, err := r.run(ctx, "ip", "netns", "pids", name); err == nil {
		for _, f := range strings.Fields(out) {
			if pid, err := strconv.Atoi(f); err == nil {
				_ = syscall.Kill(pid, syscall.SIGKILL) // it runs in our namespace, so it is ours
			}
		}
	}
	_, err := r.run(ctx, "ip", "netns", "del", name)
	return err
}

// removeStale removes what a netbench that could not clean up (killed
// with SIGKILL, say) left behind: the namespaces, and the processes in
// them, and the temporary folders, of netbench processes that are gone.
func removeStale(ctx context.Context, r *runner) {
	gone := func(name string) bool {
		pid, ok := creatorPID(name)
		return ok && !running(pid)
	}
	if out, err := r.run(ctx, "ip", "netns", "list"); err == nil {
		for line := range strings.Lines(out) {
			name, _, _ := strings.Cut(strings.TrimSpace(line), " ") // "NAME (id: 3)"
			if gone(name) {
				fmt.Fprintf(r.log, "netbench: removing namespace %s, left behind by an earlier run\n", name)
				if err := removeNamespace(r, name); err != nil {
					fmt.Fprintln(r.log, "netbench:", err)
				}
			}
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), namePrefix+"*"))
	for _, dir := range dirs {
		if gone(filepath.Base(dir)) {
			_ = os.RemoveAll(dir)
		}
	}
}

// running reports whether the process pid runs: it exists, and is not a
// zombie (killed, but not yet waited for by its parent), whose state in
// /proc/PID/stat, after the command in parentheses, is Z.
func running(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && !bytes.HasPrefix(b[i+1:], []byte(" Z"))
}
