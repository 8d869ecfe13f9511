//camp:file 3

//go:build !linux

package userns

import "runtime"

// Unavailable says why there is no user namespace: this is not Linux.
func Unavailable(orSudo string, more ...Command) string {
	return "user namespaces and network namespaces need Linux (this is " + runtime.GOOS + ")"
}
