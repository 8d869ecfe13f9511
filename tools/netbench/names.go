package main

import (
	"strconv"
	"strings"
)

// The two networks netbench builds (see the package comment), with
// addresses reserved for documentation (RFC 5737), which no real network
// routes.
const (
	// The network under test, TEST-NET-1: the kernel's end of the TAP and
	// our stack at its far end.
	tapLink    = "nbtap0"
	kernelAddr = "192.0.2.1"
	stackAddr  = "192.0.2.2"
	stackMAC   = "02:00:5e:00:53:02" // locally administered
	prefixLen  = "/24"

	// The baseline, TEST-NET-2: two kernels, joined by a veth pair whose
	// ends are both called vethLink, each in its own namespace, with the
	// offloads off.
	vethLink   = "nbveth0"
	clientAddr = "198.51.100.1"
	serverAddr = "198.51.100.2"

	// The upper bound, TEST-NET-3: the same, with the veth pair's offloads
	// left on, as they are by default.
	offloadClientAddr = "203.0.113.1"
	offloadServerAddr = "203.0.113.2"
)

// The networks, by name (the names in the JSON).
const (
	netStack         = "stack"          // our stack, campd on a TAP
	netKernel        = "kernel"         // the kernel over veth, offloads off
	netKernelOffload = "kernel-offload" // the kernel over veth, offloads on
	netTAPEcho       = "tap-echo"       // netbench _tapecho on a TAP: ping only
)

// The measurements, by name (the names in the JSON), in the order of the
// table.
const (
	kernelToStack = "kernel-to-stack"
	stackToKernel = "stack-to-kernel"
	pingMedian    = "ping-median"
	pingP99       = "ping-p99"
	httpRequests  = "http-requests"

	// The bulk transfers again, with lossPercent of the packets dropped
	// each way on the client kernel's side (lossy).
	lossyKernelToStack = "lossy-kernel-to-stack"
	lossyStackToKernel = "lossy-stack-to-kernel"
)

// measurementNames are the measurements -only may name (ping-median
// brings ping-p99 with it).
var measurementNames = []string{kernelToStack, stackToKernel, pingMedian, httpRequests, lossyKernelToStack, lossyStackToKernel}

// lossPercent is the random loss of the lossy rows, and lossySize the most
// they move: at 2 % loss the kernel itself moves some 10 MB/s here.
const (
	lossPercent = 2
	lossySize   = 50e6
)

// namePrefix starts the name of every namespace netbench makes,
// "netbench-PID-role": the process ID says which netbench made it, so a
// later run can tell a namespace left behind from one in use.
const namePrefix = "netbench-"

// creatorPID reads the process ID in the name of a namespace netbench made.
func creatorPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, namePrefix)
	if !ok {
		return 0, false
	}
	digits, _, _ := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(digits)
	return pid, err == nil && pid > 0
}
