package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// sizeUnits are the suffixes parseSize accepts, lower-cased. Like the MB/s
// that `go test -bench` prints, k, M and G are powers of ten (1 MB is
// 1,000,000 bytes); KiB, MiB and GiB are powers of two.
var sizeUnits = []struct {
	suffix string
	bytes  float64
}{
	// Longest suffixes first, so that "kib" is not read as "k" + "ib".
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9},
	{"k", 1e3}, {"m", 1e6}, {"g", 1e9},
	{"b", 1},
}

// parseSize reads a size in bytes: a plain number ("1500"), or a number and
// a unit ("200MB", "1GB", "1.5 GB", "64MiB", "20m"), case-insensitive.
func parseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	for _, u := range sizeUnits {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.bytes
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || t == "" || strings.ContainsAny(t, "einx") { // no 1e9, Inf, NaN, hex
		return 0, fmt.Errorf("bad size %q: want bytes, like 1500, 200MB, 1GB or 64MiB", s)
	}
	n := f * mult
	if n >= 1<<62 {
		return 0, fmt.Errorf("bad size %q: too large", s)
	}
	return int64(n), nil
}

// formatSize writes n bytes the short way a person reads them: "200 MB",
// "1.5 GB", "64 kB", "1500 B" (powers of ten, like parseSize's MB).
func formatSize(n int64) string {
	f := float64(n)
	switch {
	case f >= 1e9:
		return trimFloat(f/1e9) + " GB"
	case f >= 1e6:
		return trimFloat(f/1e6) + " MB"
	case f >= 1e3:
		return trimFloat(f/1e3) + " kB"
	}
	return fmt.Sprintf("%d B", n)
}

// trimFloat writes f with at most three decimals and no trailing zeros.
func trimFloat(f float64) string {
	return strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64)
}
