//go:build linux

package main

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestCPUSinceSharesOfTheTransfer(t *testing.T) {
	start := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	before := cpuCounters{when: start, serverUser: 10, serverSys: 5, machineBusy: 100, machineAll: 400}
	after := cpuCounters{when: start.Add(3 * time.Second), serverUser: 11, serverSys: 5.5, machineBusy: 103, machineAll: 404}
	// The client measured 2 s for 100 MB (the rest was starting it), and
	// used 0.2 s in its own code and 0.6 s in the kernel's.
	got := after.since(before, clientResult{Bytes: 100e6, Seconds: 2, UserSeconds: 0.2, SysSeconds: 0.6})
	assert.InDelta(t, 0.5, got.ServerUser, 1e-9, "server user: 1 s over the client's 2 s")
	assert.InDelta(t, 0.25, got.ServerSys, 1e-9, "server system: 0.5 s over 2 s")
	assert.InDelta(t, 0.1, got.ClientUser, 1e-9, "client user")
	assert.InDelta(t, 0.3, got.ClientSys, 1e-9, "client system")
	assert.InDelta(t, 0.75, got.MachineBusy, 1e-9, "machine busy: 3 of 4 CPU-seconds")
	assert.InDelta(t, 23, got.MillisPerUnit, 1e-9, "2.3 CPU-seconds for 100 MB: 23 ms per MB")

	http := after.since(before, clientResult{Requests: 2000, Seconds: 2})
	assert.InDelta(t, 750, http.MillisPerUnit, 1e-9, "1.5 CPU-seconds of the server for 2,000 requests: 750 ms per 1,000")
}

func TestReadCPUReadsThisProcess(t *testing.T) {
	// Spin until the process has used a clock tick's worth of CPU (10 ms),
	// which /proc counts in; at most 10 s, on a very busy machine.
	c := readCPU(os.Getpid())
	for end := time.Now().Add(10 * time.Second); c.serverUser+c.serverSys == 0 && time.Now().Before(end); {
		c = readCPU(os.Getpid())
	}
	assert.Positive(t, c.serverUser+c.serverSys, "this process's CPU time, from /proc/PID/stat")
	assert.Positive(t, c.machineAll, "the machine's CPU time, from /proc/stat")
	assert.LessOrEqual(t, c.machineBusy, c.machineAll, "busy is part of all")

	gone := readCPU(-1)
	assert.Zero(t, gone.serverUser+gone.serverSys, "no such process: zero, not a failure")
}
