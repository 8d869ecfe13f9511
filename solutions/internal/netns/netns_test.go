//camp:file solutions

package netns

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUniqueName(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		n := UniqueName("camp")
		assert.Len(t, n, len("camp")+6)
		assert.True(t, strings.HasPrefix(n, "camp"), n)
		assert.False(t, seen[n], "%s twice", n)
		seen[n] = true
	}
	long := UniqueName("averyveryverylongprefix")
	assert.Len(t, long, 15, "an interface name has at most 15 bytes")
	assert.True(t, strings.HasPrefix(long, "averyvery"), long)
}

func TestLinkNames(t *testing.T) {
	out := "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n" +
		"2: vethab12cd@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 2a:5e:1c:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns camp123456\n" +
		"3: camp0a0b0c: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel state DOWN mode DEFAULT group default qlen 1000\\    link/ether 2a:5e:1c:00:00:02 brd ff:ff:ff:ff:ff:ff\n"
	assert.Equal(t, []string{"lo", "vethab12cd", "camp0a0b0c"}, linkNames(out))
}

func TestNamespaceNames(t *testing.T) {
	pid := strconv.Itoa(os.Getpid())
	a, b := nsName("TestInteropX/sub test"), nsName("TestInteropX/sub test")
	assert.True(t, strings.HasPrefix(a, "camp-"+pid+"-TestInteropX_sub_test-"), "the name says which process and test made it: %s", a)
	assert.NotEqual(t, a, b, "two namespaces of one test")

	got, ok := creatorPID(a)
	assert.True(t, ok, a)
	assert.Equal(t, os.Getpid(), got, "the creator's process ID, read back from %s", a)
	for _, other := range []string{"camp1a2b3c", "netbench-12-server", "camp-x-T-1", "camp--T-1"} {
		_, ok := creatorPID(other)
		assert.False(t, ok, "%s is not a name of ours", other)
	}
	long := nsName(strings.Repeat("T", 100))
	assert.LessOrEqual(t, len(long), len("camp-"+pid+"--")+40+20, "the test's name is cut: %s", long)
}

// exists reports whether ns still exists: as root, whether `ip netns list`
// shows it; in a user namespace, whether the process that holds it runs.
func exists(t *testing.T, ns *NS) bool {
	t.Helper()
	if ns.holder != nil {
		return ns.holder.ProcessState == nil
	}
	out, err := exec.Command("ip", "netns", "list").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return strings.Contains(string(out), ns.Name())
}

// TestInteropStaleNamespaceRemoved leaves a namespace behind as a killed
// test binary would (named after a process that is gone), and checks that
// the first New of a run removes it. Named namespaces are root's: in a
// user namespace New names nothing, so nothing can be left behind (the
// kernel removes an unnamed namespace with its last process); there the
// test checks that New named nothing.
func TestInteropStaleNamespaceRemoved(t *testing.T) {
	RequireRoot(t)
	if insideUserNS() {
		ns := New(t)
		out, _ := exec.Command("ip", "netns", "list").CombinedOutput() // fails if no one ever named one: fine
		assert.NotContains(t, string(out), ns.Name(), "in a user namespace New must not name a namespace")
		assert.NotNil(t, ns.holder, "in a user namespace a process holds the namespace")
		return
	}
	gone := exec.Command("true")
	require.NoError(t, gone.Run())
	stale := fmt.Sprintf("camp-%d-TestKilled-1", gone.Process.Pid)
	out, err := exec.Command("ip", "netns", "add", stale).CombinedOutput()
	require.NoError(t, err, "%s", out)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", stale).Run() })

	staleOnce = sync.Once{} // as at the start of a run
	New(t)
	out, err = exec.Command("ip", "netns", "list").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.NotContains(t, string(out), stale, "a namespace of a test process that is gone (process %d) stays behind", gone.Process.Pid)
}

// TestInteropNamespace joins two namespaces with a veth pair, pings across
// with the kernel's ping, and checks that the namespaces, their links and
// their processes are gone when the test that made them ends.
func TestInteropNamespace(t *testing.T) {
	RequireRoot(t)
	RequireCommand(t, "ping", "iputils-ping")

	var a, b *NS
	var ours string
	var sleeper *exec.Cmd
	t.Run("ping", func(t *testing.T) {
		a, b = New(t), New(t)
		ours, _ = a.AddVethPeer(t, b, "192.0.2.1/24", "192.0.2.2/24")

		assert.True(t, exists(t, a), "namespace %s made", a.Name())
		assert.True(t, exists(t, b), "namespace %s made", b.Name())
		assert.Contains(t, a.MustRun(t, "ip", "-o", "link", "show"), ours)

		out := a.MustRun(t, "ping", "-c", "1", "-W", "2", "192.0.2.2")
		assert.Contains(t, out, "1 received")

		// The host's network is out of reach: the namespace has no route
		// to it.
		_, err := a.Run(t.Context(), "ping", "-c", "1", "-W", "1", "198.51.100.1")
		assert.Error(t, err, "a namespace must reach nothing but its own links")

		sleeper = b.Start(t, "sleep", "600")
	})

	assert.False(t, exists(t, a), "namespace %s left behind", a.Name())
	assert.False(t, exists(t, b), "namespace %s left behind", b.Name())
	out, _ := exec.Command("ip", "-o", "link", "show").CombinedOutput()
	assert.NotContains(t, string(out), ours, "veth left behind")
	require.NotNil(t, sleeper.ProcessState, "background process not waited for")
	assert.False(t, sleeper.ProcessState.Success(), "background process not killed")
}

// TestInteropForwarding routes between two namespaces through a third whose
// kernel forwards: a — r — b, with TEST-NET-1 cut in two subnets.
func TestInteropForwarding(t *testing.T) {
	RequireRoot(t)
	RequireCommand(t, "ping", "iputils-ping")

	a, r, b := New(t), New(t), New(t)
	a.AddVethPeer(t, r, "192.0.2.1/26", "192.0.2.2/26")
	r.AddVethPeer(t, b, "192.0.2.65/26", "192.0.2.66/26")
	a.MustRun(t, "ip", "route", "add", "default", "via", "192.0.2.2")
	b.MustRun(t, "ip", "route", "add", "default", "via", "192.0.2.65")

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := a.Run(ctx, "ping", "-c", "1", "-W", "1", "192.0.2.66")
	require.Error(t, err, "r forwards before forwarding is on")

	r.EnableForwarding(t)
	out := a.MustRun(t, "ping", "-c", "1", "-W", "2", "192.0.2.66")
	assert.Contains(t, out, "1 received")
}
