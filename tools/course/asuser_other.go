//go:build !unix

package main

import "os/exec"

// asUser does nothing: nobodyCannotRun keeps other systems from needing it.
func asUser(*exec.Cmd, int, int) {}

// readWritable is false: the lab, its only user, needs Linux.
func readWritable(string) bool { return false }
