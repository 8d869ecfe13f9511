//go:build !linux

package main

import (
	"fmt"
	"runtime"
)

// run says why netbench cannot run here: it compares our stack on a TAP
// device with the kernel over a veth pair, inside network namespaces, and
// all three are Linux's.
func run(config) error {
	return fmt.Errorf("needs Linux (this is %s): it runs our stack on a TAP device "+
		"and the kernel in network namespaces; on any system, "+
		"go test -bench Bulk ./solutions/tcp/ measures the stack in memory", runtime.GOOS)
}

// tapEchoMain is netbench _tapecho, which needs a Linux TAP device.
func tapEchoMain([]string) error {
	return fmt.Errorf("_tapecho needs Linux (this is %s)", runtime.GOOS)
}
