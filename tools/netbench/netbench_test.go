package main

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests cover what runs without root or Linux: reading the command
// line, the statistics, and the table and JSON. The benchmark itself is
// run by hand (see docs/performance.md).

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
	}{
		{"1500", 1500},
		{"200MB", 200_000_000},
		{"200mb", 200_000_000},
		{"200M", 200_000_000},
		{"1GB", 1_000_000_000},
		{"1.5 GB", 1_500_000_000},
		{"64kB", 64_000},
		{"64KiB", 64 << 10},
		{"20MiB", 20 << 20},
		{"1GiB", 1 << 30},
		{"512B", 512},
		{" 3 MB ", 3_000_000},
	} {
		got, err := parseSize(tt.in)
		if assert.NoError(t, err, tt.in) {
			assert.Equal(t, tt.want, got, tt.in)
		}
	}
	for _, bad := range []string{"", "MB", "-1MB", "ten", "1e9", "0x10", "Inf", "NaN", "5 TB", "1e30GB"} {
		_, err := parseSize(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestFormatSize(t *testing.T) {
	assert.Equal(t, "200 MB", formatSize(200_000_000))
	assert.Equal(t, "1.5 GB", formatSize(1_500_000_000))
	assert.Equal(t, "20.972 MB", formatSize(20<<20))
	assert.Equal(t, "64 kB", formatSize(64_000))
	assert.Equal(t, "999 B", formatSize(999))
}

func TestParseFlags(t *testing.T) {
	c, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, int64(200e6), c.size, "200 MB by default")
	assert.Equal(t, 3, c.runs)

	c, err = parseFlags([]string{"-size", "1GB", "-runs", "5", "-json", "-campd", "/tmp/campd"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, int64(1e9), c.size)
	assert.Equal(t, 5, c.runs)
	assert.True(t, c.json)
	assert.Equal(t, "/tmp/campd", c.campd)
	assert.True(t, c.measures(kernelToStack), "no -only: every measurement")

	c, err = parseFlags([]string{"-only", "kernel-to-stack,ping-median"}, io.Discard)
	require.NoError(t, err)
	assert.True(t, c.measures(kernelToStack), "-only names it")
	assert.True(t, c.measures(pingMedian), "-only names it")
	assert.False(t, c.measures(stackToKernel), "-only leaves it out")

	for _, bad := range [][]string{
		{"-size", "lots"}, {"-size", "0"}, {"-runs", "0"}, {"-conns", "0"}, {"-pings", "0"},
		{"-duration", "0s"}, {"-stall", "-1s"}, {"extra"}, {"-only", "kernel-to-stak"},
	} {
		_, err := parseFlags(bad, io.Discard)
		assert.Error(t, err, "%q", bad)
	}
}

func TestSummarize(t *testing.T) {
	s := summarize([]float64{52, 48, 61})
	assert.Equal(t, summary{Median: 52, Min: 48, Max: 61, Samples: []float64{52, 48, 61}}, s,
		"odd count: the middle one; samples kept in run order")
	assert.Equal(t, 50.0, summarize([]float64{40, 60, 45, 55}).Median, "even count: the mean of the middle two")
	assert.Equal(t, summary{Median: 7, Min: 7, Max: 7, Samples: []float64{7}}, summarize([]float64{7}))
}

func TestFormatValue(t *testing.T) {
	for v, want := range map[float64]string{
		1234.6: "1235", 123.4: "123", 12.34: "12.3", 1.234: "1.23", 0.1234: "0.123", 0.0123: "0.012", 0: "0.000",
	} {
		assert.Equal(t, want, formatValue(v), "%v", v)
	}
}

func TestParsePing(t *testing.T) {
	out := "PING 192.0.2.2 (192.0.2.2) 56(84) bytes of data.\n" +
		"64 bytes from 192.0.2.2: icmp_seq=1 ttl=64 time=0.041 ms\n" +
		"64 bytes from 192.0.2.2: icmp_seq=2 ttl=64 time=0.180 ms\n" +
		"64 bytes from 192.0.2.2: icmp_seq=3 ttl=64 time=0.062 ms\n\n" +
		"--- 192.0.2.2 ping statistics ---\n" +
		"3 packets transmitted, 3 received, 0% packet loss, time 5ms\n" +
		"rtt min/avg/max/mdev = 0.041/0.094/0.180/0.061 ms\n"
	times, lost, err := parsePing(out)
	require.NoError(t, err)
	assert.Equal(t, []float64{0.041, 0.180, 0.062}, times, "every echo's time, in order")
	assert.Zero(t, lost, "echoes unanswered")

	out = "64 bytes from 192.0.2.2: icmp_seq=2 ttl=64 time=0.070 ms\n" +
		"3 packets transmitted, 1 received, 66% packet loss, time 5ms\n" +
		"rtt min/avg/max/mdev = 0.070/0.070/0.070/0.000 ms\n"
	times, lost, err = parsePing(out)
	require.NoError(t, err)
	assert.Equal(t, []float64{0.070}, times)
	assert.Equal(t, 2, lost, "echoes unanswered")

	_, _, err = parsePing("100 packets transmitted, 0 received, 100% packet loss, time 1013ms\n")
	assert.ErrorContains(t, err, "none answered")
	_, _, err = parsePing("ping: connect: Network is unreachable\n")
	assert.ErrorContains(t, err, "no summary")
}

func TestPercentile(t *testing.T) {
	samples := []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	assert.Equal(t, 10.0, percentile(samples, 0.99), "99th percentile of 10 samples: the largest")
	assert.Equal(t, 9.0, percentile(samples, 0.9), "90th percentile of 10 samples: the 9th smallest")
	assert.Equal(t, 5.0, percentile(samples, 0.5), "50th percentile of 10 samples: the 5th smallest")
	assert.Equal(t, 3.0, percentile([]float64{3}, 0.01), "one sample")
}

func TestCreatorPID(t *testing.T) {
	pid, ok := creatorPID("netbench-4242-stack")
	assert.True(t, ok)
	assert.Equal(t, 4242, pid)
	for _, other := range []string{"camp1a2b3c", "netbench-", "netbench-x-a", "netbench--1-a", "mynetbench-12-a"} {
		_, ok := creatorPID(other)
		assert.False(t, ok, other)
	}
}

// testReport is a report as netbench would make it after three runs.
func testReport() report {
	return report{
		Date: time.Date(2026, 11, 25, 14, 3, 0, 0, time.UTC), CPU: "AMD EPYC 7B13", CPUs: 2, Kernel: "6.8.0", Go: "go1.26.8", Load: "0.52 0.40 0.33",
		Size: 200e6, Runs: 3, Pings: 100, Conns: 32, Duration: 3 * time.Second, TotalTime: 95 * time.Second,
		Figures: []figure{
			newFigure(kernelToStack, "kernel → stack, bulk TCP, 200 MB", "MB/s", false, []float64{52, 48, 61}, []float64{800, 820, 780}, []float64{1600, 1640, 1560}),
			newFigure(pingMedian, "ping round trip, median of 100", "ms", true, []float64{0.4, 0.41, 0.39}, []float64{0.05, 0.06, 0.04}, []float64{0.05, 0.05, 0.05}),
		},
		CPUTime: []cpuFigure{newCPUFigure(kernelToStack, "kernel → server, bulk", netStack, []cpuShare{
			{ServerUser: 0.5, ServerSys: 0.25, ClientUser: 0.01, ClientSys: 0.5, MachineBusy: 0.75, MillisPerUnit: 20},
			{ServerUser: 0.7, ServerSys: 0.35, ClientUser: 0.03, ClientSys: 0.7, MachineBusy: 0.95, MillisPerUnit: 30},
		})},
		Notes: []string{"run 2, HTTP requests, our stack: 1 of 32 HTTP connections stalled"},
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, writeTable(&b, testReport()))
	want := `netbench 2026-11-25 14:03 UTC: AMD EPYC 7B13 (2 CPUs), Linux 6.8.0, go1.26.8; load average 0.52 0.40 0.33
bulk 200 MB each way; 3 runs, median (min–max); took 1m35s

| measurement                                          | our stack (TAP)     | kernel, veth, offloads off | ÷ off  | kernel, veth, offloads on | ÷ on   |
| ---------------------------------------------------- | ------------------- | -------------------------- | ------ | ------------------------- | ------ |
| kernel → stack, bulk TCP, 200 MB (MB/s)              | 52.0 (48.0–61.0)    | 800 (780–820)              | 0.065× | 1600 (1560–1640)          | 0.033× |
| ping round trip, median of 100 (ms, lower is better) | 0.400 (0.390–0.410) | 0.050 (0.040–0.060)        | 8.00×  | 0.050 (0.050–0.050)       | 8.00×  |

CPU time, as a share of the measurement's wall time (100 % = one CPU busy throughout; median of the runs):

| measurement           | network | server user | server system | client user | client system | CPU ms per MB or 1000 req | machine busy   |
| --------------------- | ------- | ----------- | ------------- | ----------- | ------------- | ------------------------- | -------------- |
| kernel → server, bulk | stack   | 60 %        | 30 %          | 2 %         | 60 %          | 25.0                      | 85 % of 2 CPUs |

Notes:
- run 2, HTTP requests, our stack: 1 of 32 HTTP connections stalled
`
	assert.Equal(t, want, b.String())
}

func TestWriteTableOneRun(t *testing.T) {
	r := testReport()
	r.Runs = 1
	r.Notes = nil
	r.CPUTime = nil
	r.Figures = []figure{newFigure(httpRequests, "HTTP GET /, 32 keep-alive connections", "requests/s", false, []float64{9500}, []float64{41000}, []float64{40000})}
	var b bytes.Buffer
	require.NoError(t, writeTable(&b, r))
	assert.Contains(t, b.String(), "each way; one run; took")
	assert.Contains(t, b.String(), "| HTTP GET /, 32 keep-alive connections (requests/s) | 9500            | 41000                      | 0.232× | 40000                     | 0.237× |\n")
	assert.NotContains(t, b.String(), "Notes")
	assert.NotContains(t, b.String(), "CPU time", "no CPU table without CPU figures")
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, writeJSON(&b, testReport()))
	var got struct {
		Date    time.Time
		CPU     string
		Size    int64 `json:"size_bytes"`
		Figures []struct {
			Name          string
			Unit          string
			LowerIsBetter bool `json:"lower_is_better"`
			Stack, Kernel summary
			KernelOffload summary `json:"kernel_offload"`
			Ratio         float64
			RatioOffload  float64 `json:"ratio_offload"`
		}
		CPUTime []struct {
			Network string
			Median  struct {
				ServerUser float64 `json:"server_user"`
			}
		} `json:"cpu_time"`
		Notes []string
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &got), b.String())
	assert.Equal(t, "AMD EPYC 7B13", got.CPU)
	assert.Equal(t, int64(200e6), got.Size)
	require.Len(t, got.Figures, 2)
	f := got.Figures[0]
	assert.Equal(t, "kernel-to-stack", f.Name)
	assert.Equal(t, "MB/s", f.Unit)
	assert.Equal(t, summary{Median: 52, Min: 48, Max: 61, Samples: []float64{52, 48, 61}}, f.Stack)
	assert.Equal(t, 800.0, f.Kernel.Median)
	assert.InDelta(t, 0.065, f.Ratio, 1e-9)
	assert.Equal(t, 1600.0, f.KernelOffload.Median)
	assert.InDelta(t, 0.0325, f.RatioOffload, 1e-9)
	require.Len(t, got.CPUTime, 1)
	assert.Equal(t, "stack", got.CPUTime[0].Network)
	assert.InDelta(t, 0.6, got.CPUTime[0].Median.ServerUser, 1e-9, "the median of two samples: their mean")
	assert.True(t, got.Figures[1].LowerIsBetter)
	assert.Len(t, got.Notes, 1)
}
