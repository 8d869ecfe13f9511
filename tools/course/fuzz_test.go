package main

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAndJudgeFuzzRun(t *testing.T) {
	f := fuzzTarget{Pkg: "solutions/ethernet", Name: "FuzzParse", Seeds: 7}
	ran := "=== RUN   FuzzParse\n" +
		"fuzz: elapsed: 0s, gathering baseline coverage: 0/15 completed\n" +
		"fuzz: elapsed: 0s, gathering baseline coverage: 15/15 completed, now fuzzing with 2 workers\n" +
		"fuzz: elapsed: 1s, execs: 5000 (6556/sec), new interesting: 0 (total: 15)\n" +
		"--- PASS: FuzzParse (0.77s)\nPASS\nok  \tm/solutions/ethernet\t0.893s\n"
	r := parseFuzzRun(ran, "FuzzParse")
	assert.Equal(t, fuzzRun{passed: true, baseline: 15, total: 15, execs: 5000}, r)
	assert.Empty(t, judgeFuzz(f, r, 5000))

	t.Run("no test files: exit status 0, nothing ran", func(t *testing.T) {
		r := parseFuzzRun("?   \tm/solutions/device\t[no test files]\n", "FuzzFromVnet")
		assert.True(t, r.noTests)
		assert.Equal(t, []string{
			"FuzzFromVnet did not pass (no \"--- PASS: FuzzFromVnet\" in the output)",
			"FuzzFromVnet replayed 0 of 0 corpus inputs; its source and testdata/fuzz/FuzzFromVnet hold at least 2",
			"FuzzFromVnet ran 0 inputs, not 5000",
		}, judgeFuzz(fuzzTarget{Name: "FuzzFromVnet", Seeds: 2}, r, 5000))
	})
	t.Run("fewer corpus inputs than seeds", func(t *testing.T) {
		r := parseFuzzRun(ran, "FuzzParse")
		assert.Equal(t, []string{"FuzzParse replayed 15 of 15 corpus inputs; its source and testdata/fuzz/FuzzParse hold at least 20"},
			judgeFuzz(fuzzTarget{Name: "FuzzParse", Seeds: 20}, r, 5000))
	})
	t.Run("another target's PASS does not count", func(t *testing.T) {
		r := parseFuzzRun("--- PASS: FuzzParseOptions (0.1s)\n", "FuzzParse")
		assert.False(t, r.passed)
	})
}

func TestFuzzTargetsAndParsers(t *testing.T) {
	other := "windows"
	if runtime.GOOS == "windows" {
		other = "linux"
	}
	root := fixtureRepo(t, map[string]string{
		"solutions/wire/wire.go":                       "package wire\n\n// Parse parses.\nfunc Parse(b []byte) (int, error) { return len(b), nil }\n",
		"solutions/wire/fuzz_" + other + "_test.go":    "package wire\n\nimport \"testing\"\n\nfunc FuzzParse(f *testing.F) {\n\tf.Add([]byte{1})\n\tf.Add([]byte{2})\n\tf.Fuzz(func(t *testing.T, b []byte) { Parse(b) })\n}\n\nfunc FuzzOther(f *testing.F) {\n\tf.Add([]byte{3})\n}\n",
		"solutions/wire/testdata/fuzz/FuzzParse/seed1": "go test fuzz v1\n[]byte(\"x\")\n",
		"solutions/text/text.go":                       "package text\n\n// ParseName parses text, not wire bytes.\nfunc ParseName(s string) string { return s }\n\n// Parse is a method: not counted.\nfunc (T) ParseX(b []byte) {}\n\ntype T struct{}\n",
		"solutions/frames/frames.go":                   "package frames\n\n// UnmarshalFrame decodes.\nfunc UnmarshalFrame(b []byte, n int) error { return nil }\n",
		"solutions/internal/helper/h.go":               "package helper\n\n// DecodeX is internal.\nfunc DecodeX(b []byte) {}\n",
	})
	targets, err := fuzzTargets(root)
	require.NoError(t, err)
	require.Len(t, targets, 2)
	assert.Equal(t, fuzzTarget{Pkg: "solutions/wire", Name: "FuzzOther", File: "solutions/wire/fuzz_" + other + "_test.go", Seeds: 1}, targets[0])
	assert.Equal(t, fuzzTarget{Pkg: "solutions/wire", Name: "FuzzParse", File: "solutions/wire/fuzz_" + other + "_test.go", Seeds: 3}, targets[1],
		"two f.Add and one corpus file")
	assert.False(t, builtHere(root, targets[1].File), "a _%s_test.go file does not build on %s", other, runtime.GOOS)
	assert.True(t, builtHere(root, "solutions/wire/wire.go"))

	pkgs, err := packagesThatParse(root)
	require.NoError(t, err)
	assert.Equal(t, []string{"solutions/frames", "solutions/wire"}, pkgs)

	var out bytes.Buffer
	ck := &checker{root: root, out: &out}
	ck.checkFuzzCoverage(targets)
	assert.Equal(t, 1, ck.failed)
	assert.Contains(t, out.String(), "solutions/frames parses wire bytes (it exports a Parse…, Unmarshal… or Decode… of a []byte) but has no fuzz target")
	assert.NotContains(t, out.String(), "solutions/wire parses")

	ck.checkFuzz(targets[1])
	assert.Contains(t, out.String(), "ok (skipped: solutions/wire/fuzz_"+other+"_test.go does not build on "+runtime.GOOS+")")
	assert.Contains(t, ck.finalLine(), "1 skipped (fuzz: solutions/wire/fuzz_"+other+"_test.go builds only for other systems than "+runtime.GOOS+")")
}

// TestCourseFuzzCoverage: every package of the course that parses wire
// bytes has a fuzz target.
func TestCourseFuzzCoverage(t *testing.T) {
	root, err := findRoot(".")
	require.NoError(t, err)
	targets, err := fuzzTargets(root)
	require.NoError(t, err)
	pkgs, err := packagesThatParse(root)
	require.NoError(t, err)
	assert.Contains(t, pkgs, "solutions/ipv4")
	have := map[string]bool{}
	for _, f := range targets {
		have[f.Pkg] = true
	}
	for _, p := range pkgs {
		assert.True(t, have[p], "%s parses wire bytes but has no fuzz target", p)
	}
}
