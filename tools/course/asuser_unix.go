//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// asUser makes cmd run as uid:gid with no supplementary groups, in a
// process group of its own (so that killGroup stops what it started).
// Only root may do this.
func asUser(cmd *exec.Cmd, uid, gid int) {
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid:    true,
		Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}},
	}
}
