package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHeader(t *testing.T) {
	assert.Equal(t, `// Generated from solutions/stack/device.go by "go run ./tools/course gen".
// Learners: this is your copy for day 3 — write its TODOs here. Course authors: edit
// solutions/stack/device.go instead and regenerate; `+"`course check`"+` fails when the two drift.

`, header("stack/device.go", 3))
	assert.NotContains(t, header("x.go", 1), "DO NOT EDIT", "editors would refuse learners' edits")
	assert.NotContains(t, header("x.go", 1), "TODO(day1)", "grep -rn 'TODO(day1)' must find the TODOs only, not every header")
}

func TestGenIsIdempotentAndRemovesStaleFiles(t *testing.T) {
	root := fixtureRepo(t, map[string]string{
		"day1-device/stale.go":            "package stale\n",   // no longer generated
		"day5-tcp/old/old.go":             "package old\n",     // a stage past the last one
		"day1-device/.keep":               "",                  // hidden files are left alone
		"day2-ip-icmp/stack/stack.go":     "edited by hand\n",  // drift, overwritten
		"notaday/x.go":                    "package notaday\n", // outside day folders
		"solutions/stack/testdata/x.json": "{}\n",              // non-Go file
		"solutions/cmd/tool/main.go":      "package main\n\nfunc main() {}\n",
	})
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdGen(root, nil, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "gen: 3 stages")
	assert.Contains(t, out.String(), "day1-device/")

	assert.NoFileExists(t, filepath.Join(root, "day1-device/stale.go"))
	assert.NoDirExists(t, filepath.Join(root, "day5-tcp"), "empty folders are removed")
	assert.FileExists(t, filepath.Join(root, "day1-device/.keep"))
	assert.FileExists(t, filepath.Join(root, "notaday/x.go"))
	assert.FileExists(t, filepath.Join(root, "day2-ip-icmp/stack/testdata/x.json"))
	assert.FileExists(t, filepath.Join(root, "day3-ethernet-arp/cmd/tool/main.go"))
	assert.NoFileExists(t, filepath.Join(root, "day1-device/README.md"), "a file of no package belongs to no stage")
	assert.NoDirExists(t, filepath.Join(root, "day1-device/_scratch"))

	c, err := loadCourse(root)
	require.NoError(t, err)
	want, err := c.Generate(2, Learner)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(root, "day2-ip-icmp/stack/stack.go"))
	require.NoError(t, err)
	assert.Equal(t, string(want["day2-ip-icmp/stack/stack.go"]), string(got))

	// A second run writes and removes nothing, and leaves modification
	// times alone.
	p := filepath.Join(root, "day1-device/stack/stack.go")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	require.NoError(t, os.Chtimes(p, old, old))
	before := snapshot(t, root)
	out.Reset()
	require.Equal(t, 0, cmdGen(root, nil, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "(0 written, 0 removed)")
	assert.Equal(t, before, snapshot(t, root))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, old, fi.ModTime())
}

// snapshot returns every file under root with its contents.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = string(b)
		return err
	}))
	return out
}

func TestGenRefusesMalformedMarkers(t *testing.T) {
	root := fixtureRepo(t, map[string]string{"solutions/bad/bad.go": "package bad\n\n//camp:nope\n"})
	var out, errOut bytes.Buffer
	assert.Equal(t, 1, cmdGen(root, nil, &out, &errOut))
	assert.Contains(t, errOut.String(), "solutions/bad/bad.go:3: unknown marker //camp:nope")
	assert.NoDirExists(t, filepath.Join(root, "day1-device"), "nothing is written")
}

func TestFixImports(t *testing.T) {
	ctx := &importContext{
		stagePrefix: "github.com/go-tcpip-camp/camp/day2-ip-icmp",
		stagePkgs:   map[string]string{"todo": "todo", "stack": "stack", "net/ipv4": "ipv4", "x": "renamed"},
		allPkgs:     map[string]string{"todo": "todo", "stack": "stack", "net/ipv4": "ipv4", "x": "renamed", "udp": "udp"},
		ownDir:      "stack",
	}
	tests := []struct {
		name, src, want string
	}{
		{
			"unused imports pruned, grouping kept",
			"package a\n\nimport (\n\t\"errors\"\n\t\"fmt\" // for Sprint\n\n\t\"github.com/go-tcpip-camp/camp/solutions/net/ipv4\"\n\t\"github.com/go-tcpip-camp/camp/solutions/udp\"\n)\n\nvar _ = fmt.Sprint(ipv4.X)\n",
			"package a\n\nimport (\n\t\"fmt\" // for Sprint\n\n\t\"github.com/go-tcpip-camp/camp/day2-ip-icmp/net/ipv4\"\n)\n\nvar _ = fmt.Sprint(ipv4.X)\n",
		},
		{
			"all imports unused: the declaration goes",
			"package a\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n\nvar x = 1\n",
			"package a\n\nvar x = 1\n",
		},
		{
			"single import unused",
			"package a\n\nimport \"fmt\"\n\nvar x = 1\n",
			"package a\n\nvar x = 1\n",
		},
		{
			"_ and . imports kept, named import judged by its name",
			"package a\n\nimport (\n\t_ \"embed\"\n\t. \"fmt\"\n\tstr \"strings\"\n\tunused \"bytes\"\n)\n\nvar _ = str.ToUpper(Sprint())\n",
			"package a\n\nimport (\n\t_ \"embed\"\n\t. \"fmt\"\n\tstr \"strings\"\n)\n\nvar _ = str.ToUpper(Sprint())\n",
		},
		{
			"package name from the package clause, not the path",
			"package a\n\nimport \"github.com/go-tcpip-camp/camp/solutions/x\"\n\nvar _ = renamed.Y\n",
			"package a\n\nimport \"github.com/go-tcpip-camp/camp/day2-ip-icmp/x\"\n\nvar _ = renamed.Y\n",
		},
		{
			"version suffixes and go- prefixes",
			"package a\n\nimport (\n\t\"example.com/m/v2\"\n\t\"github.com/mattn/go-isatty\"\n\t\"gopkg.in/yaml.v3\"\n\t\"math/rand/v2\"\n)\n\nvar _ = m.A + isatty.B + yaml.C + rand.D\n",
			"package a\n\nimport (\n\t\"example.com/m/v2\"\n\t\"github.com/mattn/go-isatty\"\n\t\"gopkg.in/yaml.v3\"\n\t\"math/rand/v2\"\n)\n\nvar _ = m.A + isatty.B + yaml.C + rand.D\n",
		},
		{
			"missing stage imports added after the standard library",
			"package a\n\nimport (\n\t\"fmt\"\n)\n\nfunc f() error { fmt.Println(); return todo.New(2, \"x\") }\n\nvar _ = ipv4.X\n",
			"package a\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/go-tcpip-camp/camp/day2-ip-icmp/net/ipv4\"\n\t\"github.com/go-tcpip-camp/camp/day2-ip-icmp/todo\"\n)\n\nfunc f() error { fmt.Println(); return todo.New(2, \"x\") }\n\nvar _ = ipv4.X\n",
		},
		{
			"added into the last group of our own packages",
			"package a\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/go-tcpip-camp/camp/solutions/net/ipv4\"\n)\n\nvar _ = fmt.Sprint(ipv4.X, todo.New)\n",
			"package a\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/go-tcpip-camp/camp/day2-ip-icmp/net/ipv4\"\n\t\"github.com/go-tcpip-camp/camp/day2-ip-icmp/todo\"\n)\n\nvar _ = fmt.Sprint(ipv4.X, todo.New)\n",
		},
		{
			"single import becomes a group",
			"package a\n\nimport \"github.com/go-tcpip-camp/camp/solutions/net/ipv4\"\n\nvar _ = ipv4.X(todo.New)\n",
			"package a\n\nimport (\n\t\"github.com/go-tcpip-camp/camp/day2-ip-icmp/net/ipv4\"\n\t\"github.com/go-tcpip-camp/camp/day2-ip-icmp/todo\"\n)\n\nvar _ = ipv4.X(todo.New)\n",
		},
		{
			"no imports at all",
			"package a\n\nfunc f() error { return todo.New(2, \"x\") }\n",
			"package a\n\nimport \"github.com/go-tcpip-camp/camp/day2-ip-icmp/todo\"\n\nfunc f() error { return todo.New(2, \"x\") }\n",
		},
		{
			"emptied group filled with the added import",
			"package a\n\nimport (\n\t\"fmt\"\n)\n\nfunc f() error { return todo.New(2, \"x\") }\n",
			"package a\n\nimport (\n\t\"github.com/go-tcpip-camp/camp/day2-ip-icmp/todo\"\n)\n\nfunc f() error { return todo.New(2, \"x\") }\n",
		},
		{
			"locals, own package, later-day and unknown packages are not imported",
			"package a\n\nfunc f(stack S) { stack.Push(); udp.Send(); nope.X() }\n",
			"package a\n\nfunc f(stack S) { stack.Push(); udp.Send(); nope.X() }\n",
		},
		{
			"the file's own package is not imported",
			"package stack\n\nvar _ = stack.X\n",
			"package stack\n\nvar _ = stack.X\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fixImports([]byte(tt.src), ctx)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestFindRoot(t *testing.T) {
	root := fixtureRepo(t, map[string]string{"solutions/stack/deep/x.txt": ""})
	got, err := findRoot(filepath.Join(root, "solutions/stack/deep"))
	require.NoError(t, err)
	assert.Equal(t, root, got)

	other := t.TempDir()
	writeTree(t, other, map[string]string{"go.mod": "module example.com/other\n", "sub/x": ""})
	_, err = findRoot(filepath.Join(other, "sub"))
	assert.ErrorContains(t, err, "no go.mod of module github.com/go-tcpip-camp/camp")
}

func TestParseDay(t *testing.T) {
	for _, s := range []string{"3", "day3", "day3-ethernet-arp"} {
		d, err := parseDay(s)
		require.NoError(t, err)
		assert.Equal(t, 3, d)
	}
	_, err := parseDay("day7")
	assert.Error(t, err)
}

func TestGenFilledWritesAModuleOfFilledStages(t *testing.T) {
	root := fixtureRepo(t, nil)
	dir := filepath.Join(t.TempDir(), "filled")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, cmdGen(root, []string{"-filled", dir}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "gen -filled: 3 stages")
	assert.FileExists(t, filepath.Join(dir, "go.mod"), "the folder is a module of its own")

	c, err := loadCourse(root)
	require.NoError(t, err)
	want, err := c.Generate(2, Filled)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(dir, "day2-ip-icmp/stack/stack.go"))
	require.NoError(t, err)
	assert.Equal(t, string(want["day2-ip-icmp/stack/stack.go"]), string(got), "stage 2 as check tests it filled")

	errOut.Reset()
	assert.Equal(t, 2, cmdGen(root, []string{"-filled", dir}, &out, &errOut), "a folder that is not empty is refused")
	assert.Contains(t, errOut.String(), "not empty")
	errOut.Reset()
	assert.Equal(t, 2, cmdGen(root, []string{"-filled", filepath.Join(root, "x")}, &out, &errOut), "a folder inside the repository is refused")
	assert.Contains(t, errOut.String(), "inside the repository")
}

func TestCheckEnvAddsTrimpath(t *testing.T) {
	t.Setenv("GOFLAGS", "-count=1")
	assert.Equal(t, []string{"GOWORK=off", "GOFLAGS=-count=1 -mod=mod -trimpath"}, checkEnv("GOWORK=off", "GOFLAGS=-mod=mod"))
	assert.Equal(t, []string{"GOOS=windows", "GOFLAGS=-count=1 -trimpath"}, checkEnv("GOOS=windows"))
	t.Setenv("GOFLAGS", "-trimpath")
	assert.Equal(t, []string{"GOFLAGS=-trimpath"}, checkEnv(), "given once")
}
