package main

import (
	"fmt"
	"regexp"
	"strconv"
)

// The kernel's ping (iputils) prints a line per echo answered, then a
// summary:
//
//	64 bytes from 192.0.2.2: icmp_seq=1 ttl=64 time=0.041 ms
//	…
//	--- 192.0.2.2 ping statistics ---
//	100 packets transmitted, 100 received, 0% packet loss, time 1013ms
//	rtt min/avg/max/mdev = 0.041/0.062/0.180/0.020 ms
var (
	pingCounts = regexp.MustCompile(`(\d+) packets transmitted, (\d+) received`)
	pingTime   = regexp.MustCompile(`icmp_seq=\d+ .*time=([\d.]+) ms`)
)

// parsePing reads, from the output of the kernel's ping, the round-trip
// time of every echo answered, in milliseconds, and how many echoes went
// unanswered. It is an error if none was answered.
func parsePing(out string) (millis []float64, lost int, err error) {
	counts := pingCounts.FindStringSubmatch(out)
	if counts == nil {
		return nil, 0, fmt.Errorf("ping: no summary in its output:\n%s", out)
	}
	sent, _ := strconv.Atoi(counts[1])
	answered, _ := strconv.Atoi(counts[2])
	for _, m := range pingTime.FindAllStringSubmatch(out, -1) {
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return nil, 0, fmt.Errorf("ping: %q: %w", m[0], err)
		}
		millis = append(millis, v)
	}
	if answered == 0 || len(millis) == 0 {
		return nil, sent, fmt.Errorf("ping: %d echoes sent, none answered", sent)
	}
	return millis, sent - answered, nil
}
