//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

// cbreak cannot switch the terminal on this system (Windows among others):
// watch reads keys a line at a time, so h or q is followed by Enter.
func cbreak(int) (restore func(), keysNeedEnter bool) { return func() {}, true }
