package main

import (
	"fmt"
	"regexp"
	"strconv"
)

// The kernel's ping (iputils) ends with a summary like this one, which
// -q makes the whole of its output:
//
//	--- 192.0.2.2 ping statistics ---
//	100 packets transmitted, 100 received, 0% packet loss, time 1013ms
//	rtt min/avg/max/mdev = 0.041/0.062/0.180/0.020 ms
var (
	pingCounts = regexp.MustCompile(`(\d+) packets transmitted, (\d+) received`)
	pingTimes  = regexp.MustCompile(`= ([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+) ms`)
)

// parsePing reads, from the output of the kernel's ping, the average
// round-trip time in milliseconds and how many echoes went unanswered. It
// is an error if none was answered.
func parsePing(out string) (avgMillis float64, lost int, err error) {
	counts := pingCounts.FindStringSubmatch(out)
	if counts == nil {
		return 0, 0, fmt.Errorf("ping: no summary in its output:\n%s", out)
	}
	sent, _ := strconv.Atoi(counts[1])
	answered, _ := strconv.Atoi(counts[2])
	times := pingTimes.FindStringSubmatch(out)
	if answered == 0 || times == nil {
		return 0, sent, fmt.Errorf("ping: %d echoes sent, none answered", sent)
	}
	avgMillis, err = strconv.ParseFloat(times[2], 64)
	return avgMillis, sent - answered, err
}
