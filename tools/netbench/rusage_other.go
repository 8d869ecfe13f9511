//go:build !unix

package main

// cpuTime returns 0, 0: this system has no getrusage.
func cpuTime() (user, sys float64) { return 0, 0 }
