//go:build !unix

package main

import "os/exec"

// asUser does nothing: nobodyCannotRun keeps other systems from needing it.
func asUser(*exec.Cmd, int, int) {}
