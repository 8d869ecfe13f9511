// Generated from solutions/logging/dump.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/logging/dump.go instead and regenerate; `course check` fails when the two drift.

package logging

import (
	"fmt"
	"strings"
)

// Dump logs data as a hex dump at LevelDebug, under a title line, the way
// a learner compares it with Wireshark's bytes pane:
//
//	0000  45 00 00 54 1c 46 40 00  40 01 00 00 7f 00 00 01  |E..T.F@.@.......|
//
// Nothing is formatted unless the logger prints debug lines.
func (l *Logger) Dump(layer Layer, title string, data []byte) {
	if !l.Enabled(LevelDebug) {
		return
	}
	l.mu.Lock()
	skip := l.noDump
	l.mu.Unlock()
	if skip {
		return
	}
	l.logf(LevelDebug, layer, "%s (%d bytes)\n%s", title, len(data), HexDump(data))
}

// HexDump formats data in rows of 16 bytes: offset, bytes in hex (in two
// groups of eight) and the printable ASCII characters. The result has no
// trailing newline.
func HexDump(data []byte) string {
	var b strings.Builder
	for off := 0; off < len(data); off += 16 {
		row := data[off:min(off+16, len(data))]
		fmt.Fprintf(&b, "        %04x  ", off)
		for i := range 16 {
			if i == 8 {
				b.WriteByte(' ')
			}
			if i < len(row) {
				fmt.Fprintf(&b, "%02x ", row[i])
			} else {
				b.WriteString("   ")
			}
		}
		b.WriteString(" |")
		for _, c := range row {
			if c >= 0x20 && c < 0x7f {
				b.WriteByte(c)
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteByte('|')
		if off+16 < len(data) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
