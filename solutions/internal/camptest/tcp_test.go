//camp:file solutions

package camptest

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-tcpip-camp/camp/solutions/logging"
	"github.com/go-tcpip-camp/camp/solutions/seqnum"
	"github.com/go-tcpip-camp/camp/solutions/stack"
	"github.com/go-tcpip-camp/camp/solutions/tcp"
	"github.com/go-tcpip-camp/camp/solutions/todo"
)

// failingTB is a recorder that can fail, and keeps what it logs.
type failingTB struct {
	recorder
	failed bool
	logs   []string
}

func (f *failingTB) Failed() bool    { return f.failed }
func (f *failingTB) Log(args ...any) { f.logs = append(f.logs, fmt.Sprint(args...)) }

// watchOne runs WatchTCP for a test that sends one SYN and ends, failed or
// not, with its stack having hit a TODO or not; it returns what the test
// logged.
func watchOne(t *testing.T, failed, hitTODO bool) string {
	tb := &failingTB{}
	s := stack.New(stack.Options{Logger: logging.Discard()})
	trace := WatchTCP(tb, s)
	a, b := netip.MustParseAddrPort("192.0.2.10:49152"), netip.MustParseAddrPort("192.0.2.11:80")
	trace(tcp.TraceEvent{Kind: tcp.TraceSend, Local: a, Remote: b, State: tcp.StateSynSent,
		Header: tcp.Header{SrcPort: a.Port(), DstPort: b.Port(), Seq: seqnum.Value(7), Flags: tcp.FlagSYN, Window: 65535}})
	if hitTODO {
		s.Report(todo.New(5, "tcp-options"))
	}
	tb.failed = failed
	tb.runCleanups()
	return strings.Join(tb.logs, "\n")
}

func TestWatchTCPPrintsTheLadderOfAFailedTest(t *testing.T) {
	out := watchOne(t, true, false)
	assert.Contains(t, out, "The ladder of the TCP connection active last", "what a failed test logs")
	assert.Contains(t, out, "── SYN SEQ=0 WND=65535 LEN=0", "the ladder's arrow for the SYN")
}

func TestWatchTCPIsQuiet(t *testing.T) {
	assert.Empty(t, watchOne(t, false, false), "a test that passed logs no ladder")
	assert.Empty(t, watchOne(t, true, true), "a test whose stack hit a TODO logs no ladder: the TODO comes first")
}
