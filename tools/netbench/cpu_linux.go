//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// cpuCounters are the CPU times a measurement is charged with, read before
// and after it: the server's process (from /proc/PID/stat) and the whole
// machine (from /proc/stat). The client measures its own (clientResult).
type cpuCounters struct {
	when                    time.Time
	serverUser, serverSys   float64 // seconds, since the server started
	machineBusy, machineAll float64 // seconds, all CPUs together, since boot
}

// clockTick is the unit of the times in /proc: USER_HZ, 100 per second on
// every Linux the course runs on (sysconf(_SC_CLK_TCK)).
const clockTick = 0.01

// readCPU reads the counters now, for the server process pid. A counter it
// cannot read stays 0: the report then shows 0 %, never a failure.
func readCPU(pid int) cpuCounters {
	c := cpuCounters{when: time.Now()}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		// The fields after the command's name, which is in parentheses
		// and may hold spaces: state is field 3, utime 14, stime 15.
		if i := bytes.LastIndexByte(b, ')'); i >= 0 {
			f := strings.Fields(string(b[i+1:]))
			if len(f) > 12 {
				c.serverUser = ticks(f[11])
				c.serverSys = ticks(f[12])
			}
		}
	}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := strings.Cut(string(b), "\n") // cpu user nice system idle iowait irq softirq steal …
		f := strings.Fields(line)
		for i, v := range f[1:min(len(f), 9)] {
			t := ticks(v)
			c.machineAll += t
			if i != 3 && i != 4 { // idle, iowait
				c.machineBusy += t
			}
		}
	}
	return c
}

// ticks reads a count of clock ticks as seconds.
func ticks(s string) float64 {
	n, _ := strconv.ParseFloat(s, 64)
	return n * clockTick
}

// since returns the CPU time spent between before and c, with the client's
// own from r, as shares of the time the client measured (the transfer's,
// without starting the client): the server works only while it runs.
func (c cpuCounters) since(before cpuCounters, r clientResult) cpuShare {
	wall := r.Seconds
	if wall <= 0 {
		wall = c.when.Sub(before.when).Seconds()
	}
	if wall <= 0 {
		return cpuShare{}
	}
	s := cpuShare{
		ServerUser: (c.serverUser - before.serverUser) / wall,
		ServerSys:  (c.serverSys - before.serverSys) / wall,
		ClientUser: r.UserSeconds / max(r.Seconds, 1e-9),
		ClientSys:  r.SysSeconds / max(r.Seconds, 1e-9),
	}
	// The work done, in the unit the cost is given per: MB for a bulk
	// transfer, thousands of requests for HTTP.
	work := float64(r.Bytes) / 1e6
	if r.Requests > 0 {
		work = float64(r.Requests) / 1e3
	}
	if work > 0 {
		s.MillisPerUnit = (s.ServerUser + s.ServerSys + s.ClientUser + s.ClientSys) * wall * 1e3 / work
	}
	if all := c.machineAll - before.machineAll; all > 0 {
		s.MachineBusy = (c.machineBusy - before.machineBusy) / all
	}
	return s
}
