//camp:file solutions

package userns

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUserNSUnavailableSaysWhy plays systems that forbid an ordinary
// user's interop tests, one way each: the reason must name what forbids it
// and give both ways out (change it, or sudo).
func TestUserNSUnavailableSaysWhy(t *testing.T) {
	const orSudo = "or run the tests as root: sudo -E go test -run Interop ./..."
	nsenter := Command{"nsenter", "util-linux"} // as the interop tests need it
	open := system{
		sysctl:   func(string) string { return "" },
		tun:      func() (bool, string) { return true, "crw-rw-rw-, 0666" },
		lookPath: func(name string) (string, error) { return "/usr/bin/" + name, nil },
		try:      func(string, ...string) error { return nil },
	}
	assert.Empty(t, open.unavailable(orSudo, nsenter), "a system that allows it")

	sysctls := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	denied := func(string, ...string) error {
		return errors.New("exit status 1: unshare: write failed /proc/self/uid_map: Operation not permitted")
	}
	for _, c := range []struct {
		name   string
		change func(*system)
		want   []string
	}{
		{"Debian's switch", func(s *system) { s.sysctl = sysctls(map[string]string{"kernel/unprivileged_userns_clone": "0"}) },
			[]string{"kernel.unprivileged_userns_clone=0", "sudo sysctl -w kernel.unprivileged_userns_clone=1"}},
		{"no user namespaces at all", func(s *system) { s.sysctl = sysctls(map[string]string{"user/max_user_namespaces": "0"}) },
			[]string{"user.max_user_namespaces=0", "sudo sysctl -w user.max_user_namespaces="}},
		{"Ubuntu 24.04's AppArmor", func(s *system) {
			s.sysctl = sysctls(map[string]string{"kernel/apparmor_restrict_unprivileged_userns": "1"})
			s.try = denied
		}, []string{"kernel.apparmor_restrict_unprivileged_userns=1", "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0", "uid_map"}},
		{"a TAP device root only may open", func(s *system) { s.tun = func() (bool, string) { return false, "crw-------, 0600" } },
			[]string{"/dev/net/tun", "crw-------, 0600", "sudo chmod 0666 /dev/net/tun"}},
		{"no unshare", func(s *system) {
			s.lookPath = func(name string) (string, error) {
				if name == "unshare" {
					return "", fmt.Errorf("exec: %q: executable file not found in $PATH", name)
				}
				return "/usr/bin/" + name, nil
			}
		}, []string{"the unshare command is missing", "util-linux"}},
		{"something else", func(s *system) { s.try = denied }, []string{"unshare --user --map-root-user --net failed", "uid_map"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sys := open
			c.change(&sys)
			why := sys.unavailable(orSudo, nsenter)
			for _, w := range append(c.want, "sudo -E go test") {
				assert.Contains(t, why, w, "the reason names what forbids it and the ways out")
			}
		})
	}
}
