//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import "golang.org/x/sys/unix"

// cbreak puts the terminal on fd in cbreak mode: each key is read as soon
// as it is pressed, without echo, while Ctrl-C still interrupts and output
// is still processed (so "\n" still starts a new line). It returns the
// function that restores the terminal, and whether keys still need Enter
// (when the terminal cannot be switched).
func cbreak(fd int) (restore func(), keysNeedEnter bool) {
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return func() {}, true
	}
	t := *old
	t.Lflag &^= unix.ICANON | unix.ECHO
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &t); err != nil {
		return func() {}, true
	}
	return func() { unix.IoctlSetTermios(fd, ioctlSetTermios, old) }, false
}
