//go:build unix

package main

import "syscall"

// cpuTime returns the user and system CPU time this process has used so
// far, in seconds, all its threads together.
func cpuTime() (user, sys float64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	seconds := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return seconds(ru.Utime), seconds(ru.Stime)
}
