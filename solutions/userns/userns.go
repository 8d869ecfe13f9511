//camp:file 3

// Package userns says whether a process that is not root may make a user
// namespace with a network namespace inside, and if not, why, naming the
// setting that forbids it and the ways out.
//
// In a user namespace of its own, an ordinary user's ID is mapped to 0: it
// is root there, over the namespaces it owns and nothing else. It can make
// network namespaces and a TAP device, give them addresses and run ping,
// but touch no file or network of the host its own user could not. This is
// how rootless containers work, and how the interop tests
// (solutions/internal/netns) and the lab (go run ./tools/course lab) run
// without root. Linux allows it unless a setting forbids it, and the TAP
// device needs /dev/net/tun mode 0666, as distributions ship it.
//
// The package is not internal, and not a part of the stack, so that both
// can import it: tools/ may not import solutions/internal.
package userns

import "fmt"

// A Command is a program the namespaces need, and the package that has it.
type Command struct{ Name, Package string }

// needed are the commands every caller needs: unshare makes the user
// namespace, ip sets up the network inside it.
var needed = []Command{{"unshare", "util-linux"}, {"ip", "iproute2"}}

// system is what unavailable looks at, as functions so that a test can
// play any system.
type system struct {
	sysctl   func(key string) string                 // a kernel setting, "" if absent
	tun      func() (ok bool, mode string)           // /dev/net/tun readable and writable? its mode
	lookPath func(name string) (string, error)       // exec.LookPath
	try      func(name string, args ...string) error // run a command, its output in the error
}

// unavailable returns why this process cannot make a user namespace with a
// network namespace and a TAP device inside, or "" if it can. Each reason
// names the setting that forbids it and two ways out: change the setting,
// or orSudo (what to run as root instead). more are commands the caller
// needs besides unshare and ip.
func (sys system) unavailable(orSudo string, more ...Command) string {
	// Debian's and older Ubuntu's own switch.
	if sys.sysctl("kernel/unprivileged_userns_clone") == "0" {
		return "kernel.unprivileged_userns_clone=0 forbids user namespaces to ordinary users: " +
			"allow them with sudo sysctl -w kernel.unprivileged_userns_clone=1, " + orSudo
	}
	if sys.sysctl("user/max_user_namespaces") == "0" {
		return "user.max_user_namespaces=0 forbids user namespaces: " +
			"allow them with sudo sysctl -w user.max_user_namespaces=10000, " + orSudo
	}
	if ok, mode := sys.tun(); !ok {
		return fmt.Sprintf("/dev/net/tun is not readable and writable by you (%s; Debian, Ubuntu and Fedora ship it crw-rw-rw-): "+
			"sudo chmod 0666 /dev/net/tun, %s", mode, orSudo)
	}
	for _, c := range append(needed, more...) {
		if _, err := sys.lookPath(c.Name); err != nil {
			return fmt.Sprintf("the %s command is missing: install %s (apt-get install -y %s), %s", c.Name, c.Package, c.Package, orSudo)
		}
	}
	// Try: a user namespace whose root brings a link up in its own network
	// namespace. Ubuntu 24.04's AppArmor lets the user namespace be made
	// but takes every capability away inside it, so it fails here.
	err := sys.try("unshare", "--user", "--map-root-user", "--net", "--", "ip", "link", "set", "dev", "lo", "up")
	if err == nil {
		return ""
	}
	if sys.sysctl("kernel/apparmor_restrict_unprivileged_userns") == "1" {
		return "kernel.apparmor_restrict_unprivileged_userns=1 (AppArmor, Ubuntu 24.04) takes every capability away in a user namespace (unshare -Urn: " + err.Error() + "): " +
			"sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, " + orSudo
	}
	return "unshare --user --map-root-user --net failed (" + err.Error() + "): " + orSudo
}
