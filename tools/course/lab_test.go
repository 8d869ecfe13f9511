package main

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLabStage(t *testing.T) {
	root, err := findRoot(".")
	require.NoError(t, err)
	dir, day, err := labStage(root, "solutions")
	require.NoError(t, err)
	assert.Equal(t, "solutions", dir)
	assert.Equal(t, maxDay, day, "solutions has every day's campd flags")

	dir, day, err = labStage(root, "day3")
	require.NoError(t, err)
	assert.Equal(t, "day3-ethernet-arp", dir)
	assert.Equal(t, 3, day)

	_, _, err = labStage(root, "day2")
	require.Error(t, err, "Day 2 has no TAP device")
	assert.Contains(t, err.Error(), "Day 3")

	assert.NotContains(t, campdFlags(3, "/tmp/x"), "-serve", "Day 3's campd has no services")
	assert.Contains(t, strings.Join(campdFlags(5, "/tmp/x"), " "), "-serve echo,discard,chargen,http")
}

func TestShellQuote(t *testing.T) {
	out, err := exec.Command("sh", "-c", "printf '[%s]' "+shellQuote("a b", "it's", `$HOME`)).Output()
	require.NoError(t, err)
	assert.Equal(t, "[a b][it's][$HOME]", string(out), "each word reaches the command as it was")
}

// TestInteropLab runs `course lab solutions -- ping -c 1 192.0.2.2`: the
// kernel in the lab's namespace pings campd. As root it runs twice: as
// root (a named namespace) and as nobody (a user namespace).
func TestInteropLab(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the lab needs Linux")
	}
	if _, err := exec.LookPath("ping"); err != nil {
		labSkip(t, "needs ping: apt-get install -y iputils-ping")
	}
	if why := labUnavailable(); why != "" {
		labSkip(t, why)
	}
	root, err := findRoot(".")
	require.NoError(t, err)
	bin := t.TempDir()
	for _, d := range []string{filepath.Dir(bin), bin} { // t.TempDir makes both 0700
		require.NoError(t, os.Chmod(d, 0o755), "nobody runs the binaries")
	}
	course, campd := filepath.Join(bin, "course"), filepath.Join(bin, "campd")
	for _, b := range [][]string{{course, "./tools/course"}, {campd, "./solutions/cmd/campd"}} {
		build := exec.Command("go", "build", "-o", b[0], b[1])
		build.Dir = root
		out, err := build.CombinedOutput()
		require.NoError(t, err, "go build %s: %s", b[1], out)
	}

	lab := func(t *testing.T, as func(*exec.Cmd)) {
		cmd := exec.Command(course, "lab", "-campd", campd, "solutions", "--", "ping", "-c", "1", "-W", "2", "192.0.2.2")
		cmd.Dir = root
		cmd.WaitDelay = time.Second
		if as != nil {
			as(cmd)
		}
		start := time.Now()
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "course lab failed:\n%s", out)
		assert.Contains(t, string(out), "1 packets transmitted, 1 received", "the kernel's ping of campd in the lab")
		assert.Contains(t, string(out), "campd's log:", "the banner names the log")
		assert.Less(t, time.Since(start), 30*time.Second)
	}
	t.Run("as me", func(t *testing.T) { lab(t, nil) })
	if os.Geteuid() != 0 {
		return
	}
	t.Run("as nobody", func(t *testing.T) {
		if fi, err := os.Stat("/dev/net/tun"); err != nil || fi.Mode().Perm()&0o006 != 0o006 {
			labSkip(t, "/dev/net/tun is not mode 0666 (sudo chmod 0666 /dev/net/tun; .ci/run does)")
		}
		nobody, err := user.Lookup("nobody")
		require.NoError(t, err)
		uid, _ := strconv.Atoi(nobody.Uid)
		gid, _ := strconv.Atoi(nobody.Gid)
		if !othersMayRead(root) {
			t.Skipf("nobody cannot read %s", root)
		}
		lab(t, func(cmd *exec.Cmd) {
			asUser(cmd, uid, gid)
			cmd.Env = append(os.Environ(), "HOME="+os.TempDir())
		})
	})
}

// labSkip skips, or in CI (CI=true) fails: CI must run the lab.
func labSkip(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true, and the lab must run in CI, but: " + why)
	}
	t.Skip(why)
}
