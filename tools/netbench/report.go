package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// A figure is one line of the table: one measurement, made on our stack and
// on the two kernel-to-kernel baselines.
type figure struct {
	Name          string  `json:"name"`  // stable, for scripts: "kernel-to-stack"
	Title         string  `json:"title"` // for people: "kernel → stack, bulk TCP"
	Unit          string  `json:"unit"`  // "MB/s", "ms", "req/s"
	LowerIsBetter bool    `json:"lower_is_better"`
	Stack         summary `json:"stack"`          // our stack, over the TAP
	Kernel        summary `json:"kernel"`         // the kernel, over a veth pair, offloads off
	KernelOffload summary `json:"kernel_offload"` // the kernel, over a veth pair, offloads on
	// Ratio is Stack.Median / Kernel.Median: 0.5 means half the kernel's
	// throughput (or, for a time, half its delay). RatioOffload is the same
	// against KernelOffload.
	Ratio        float64 `json:"ratio"`
	RatioOffload float64 `json:"ratio_offload"`
	// TAPEcho is the same measurement of netbench _tapecho, the least a
	// program on a TAP can do (ping only), and RatioTAPEcho our stack's
	// ratio to it.
	TAPEcho      *summary `json:"tap_echo,omitempty"`
	RatioTAPEcho float64  `json:"ratio_tap_echo,omitempty"`
}

// withTAPEcho adds the samples of netbench _tapecho to f.
func (f *figure) withTAPEcho(samples []float64) {
	s := summarize(samples)
	f.TAPEcho = &s
	if s.Median != 0 {
		f.RatioTAPEcho = f.Stack.Median / s.Median
	}
}

// newFigure builds a figure from the samples of every run.
func newFigure(name, title, unit string, lowerIsBetter bool, stack, kernel, kernelOffload []float64) figure {
	f := figure{Name: name, Title: title, Unit: unit, LowerIsBetter: lowerIsBetter,
		Stack: summarize(stack), Kernel: summarize(kernel), KernelOffload: summarize(kernelOffload)}
	if f.Kernel.Median != 0 {
		f.Ratio = f.Stack.Median / f.Kernel.Median
	}
	if f.KernelOffload.Median != 0 {
		f.RatioOffload = f.Stack.Median / f.KernelOffload.Median
	}
	return f
}

// A cpuShare is the CPU time one measurement cost, each as a share of its
// wall time: 0.5 is half a CPU for the whole transfer.
type cpuShare struct {
	ServerUser  float64 `json:"server_user"` // the server's own code: campd, or netbench _serve
	ServerSys   float64 `json:"server_sys"`  // the kernel, in the server's system calls
	ClientUser  float64 `json:"client_user"`
	ClientSys   float64 `json:"client_sys"`
	MachineBusy float64 `json:"machine_busy"` // every CPU not idle, whoever used it, as a share of all CPUs
	// MillisPerUnit is the CPU time of server and client together, in
	// milliseconds, per MB moved (bulk) or per 1,000 requests (HTTP): what
	// the work cost, whatever share of the CPUs the programs got.
	MillisPerUnit float64 `json:"cpu_ms_per_unit"`
}

// A cpuFigure is the CPU time of one measurement on one network, the
// median of each share over the runs.
type cpuFigure struct {
	Name    string     `json:"name"`    // the measurement: "kernel-to-stack"
	Title   string     `json:"title"`   // "kernel → server, bulk"
	Network string     `json:"network"` // "stack", "kernel" or "kernel-offload"
	Median  cpuShare   `json:"median"`
	Samples []cpuShare `json:"samples"`
}

// newCPUFigure sums up the CPU shares of every run.
func newCPUFigure(name, title, network string, samples []cpuShare) cpuFigure {
	f := cpuFigure{Name: name, Title: title, Network: network, Samples: samples}
	med := func(get func(cpuShare) float64) float64 {
		var v []float64
		for _, s := range samples {
			v = append(v, get(s))
		}
		if len(v) == 0 {
			return 0
		}
		return summarize(v).Median
	}
	f.Median = cpuShare{
		ServerUser:    med(func(s cpuShare) float64 { return s.ServerUser }),
		ServerSys:     med(func(s cpuShare) float64 { return s.ServerSys }),
		ClientUser:    med(func(s cpuShare) float64 { return s.ClientUser }),
		ClientSys:     med(func(s cpuShare) float64 { return s.ClientSys }),
		MachineBusy:   med(func(s cpuShare) float64 { return s.MachineBusy }),
		MillisPerUnit: med(func(s cpuShare) float64 { return s.MillisPerUnit }),
	}
	return f
}

// A report is everything one run of netbench found, and where.
type report struct {
	Date      time.Time     `json:"date"`
	CPU       string        `json:"cpu"`  // the model name, as lscpu and /proc/cpuinfo say
	CPUs      int           `json:"cpus"` // logical CPUs
	Kernel    string        `json:"kernel"`
	Load      string        `json:"load"` // the load averages at the start, from /proc/loadavg: others' work on the machine
	Go        string        `json:"go"`
	Size      int64         `json:"size_bytes"`
	Runs      int           `json:"runs"`
	Pings     int           `json:"pings"`
	Conns     int           `json:"http_conns"`
	Duration  time.Duration `json:"http_duration_ns"`
	Figures   []figure      `json:"figures"`
	CPUTime   []cpuFigure   `json:"cpu_time"`
	Notes     []string      `json:"notes,omitempty"` // what went wrong without spoiling a figure
	TotalTime time.Duration `json:"total_ns"`        // the whole run, set-up included
}

// writeJSON writes r as indented JSON.
func writeJSON(w io.Writer, r report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// writeTable writes r as a few lines saying where it was measured, then a
// table in Markdown, which reads well in a terminal and can be pasted into
// docs/performance.md as it is.
func writeTable(w io.Writer, r report) error {
	fmt.Fprintf(w, "netbench %s: %s (%d CPUs), Linux %s, %s; load average %s\n",
		r.Date.UTC().Format("2006-01-02 15:04 MST"), r.CPU, r.CPUs, r.Kernel, r.Go, r.Load)
	runs := fmt.Sprintf("%d runs, median (min–max)", r.Runs)
	if r.Runs == 1 {
		runs = "one run"
	}
	fmt.Fprintf(w, "bulk %s each way; %s; took %v\n\n", formatSize(r.Size), runs, r.TotalTime.Round(time.Second))

	rows := [][]string{{"measurement", "our stack (TAP)", "kernel, veth, offloads off", "÷ off", "kernel, veth, offloads on", "÷ on"}}
	for _, f := range r.Figures {
		unit := f.Unit
		if f.LowerIsBetter {
			unit += ", lower is better"
		}
		rows = append(rows, []string{
			fmt.Sprintf("%s (%s)", f.Title, unit),
			formatSummary(f.Stack),
			formatSummary(f.Kernel),
			formatValue(f.Ratio) + "×",
			formatSummary(f.KernelOffload),
			formatValue(f.RatioOffload) + "×",
		})
	}
	_, err := io.WriteString(w, markdownTable(rows))
	for _, f := range r.Figures {
		if f.TAPEcho != nil {
			fmt.Fprintf(w, "%s, the floor (netbench _tapecho: answers in the frame it read, no stack): %s ms; our stack ÷ floor %s×\n",
				f.Title, formatSummary(*f.TAPEcho), formatValue(f.RatioTAPEcho))
		}
	}
	if len(r.CPUTime) > 0 {
		fmt.Fprintf(w, "\nCPU time, as a share of the measurement's wall time (100 %% = one CPU busy throughout; median of the runs):\n\n")
		rows = [][]string{{"measurement", "network", "server user", "server system", "client user", "client system", "CPU ms per MB or 1000 req", "machine busy"}}
		for _, f := range r.CPUTime {
			m := f.Median
			rows = append(rows, []string{f.Title, f.Network,
				formatPercent(m.ServerUser), formatPercent(m.ServerSys),
				formatPercent(m.ClientUser), formatPercent(m.ClientSys),
				formatValue(m.MillisPerUnit),
				fmt.Sprintf("%s of %d CPUs", formatPercent(m.MachineBusy), r.CPUs)})
		}
		io.WriteString(w, markdownTable(rows))
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
	return err
}

// formatPercent writes a share as a whole percentage: 0.237 is "24 %".
func formatPercent(v float64) string { return fmt.Sprintf("%.0f %%", v*100) }

// formatSummary writes a summary as "median (min–max)", or just the value
// when there was one run.
func formatSummary(s summary) string {
	if len(s.Samples) == 1 {
		return formatValue(s.Median)
	}
	return fmt.Sprintf("%s (%s–%s)", formatValue(s.Median), formatValue(s.Min), formatValue(s.Max))
}

// formatValue writes v with about three significant digits, never in
// exponent form: 1234, 123, 12.3, 1.23, 0.123, 0.012.
func formatValue(v float64) string {
	switch {
	case v >= 100 || v <= -100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10 || v <= -10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1 || v <= -1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

// markdownTable lays rows out as a Markdown table, the first row being the
// header, every column padded to its widest cell.
func markdownTable(rows [][]string) string {
	width := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		for i, cell := range cells {
			fmt.Fprintf(&b, "| %s%s ", cell, strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell)))
		}
		b.WriteString("|\n")
	}
	line(rows[0])
	rule := make([]string, len(width))
	for i, n := range width {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, row := range rows[1:] {
		line(row)
	}
	return b.String()
}
