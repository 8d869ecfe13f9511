// Generated from solutions/tcp/state.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/tcp/state.go instead and regenerate; `course check` fails when the two drift.

package tcp

import "fmt"

// State is the state of a TCP connection (RFC 9293 §3.3.2):
//
//	                         +---------+ ---------\      active OPEN
//	                         |  CLOSED |            \    -----------
//	                         +---------+<---------\   \   create TCB
//	                           |     ^              \   \  snd SYN
//	              passive OPEN |     |   CLOSE        \   \
//	              ------------ |     | ----------       \   \
//	               create TCB  |     | delete TCB         \   \
//	                           V     |                      \   \
//	       rcv RST (note 1)  +---------+            CLOSE    |    \
//	    -------------------->|  LISTEN |          ---------- |     |
//	   /                     +---------+          delete TCB |     |
//	  /           rcv SYN      |     |     SEND              |     |
//	 /           -----------   |     |    -------            |     V
//	+--------+      snd SYN,ACK  /       \   snd SYN          +--------+
//	|        |<-----------------           ------------------>|        |
//	|  SYN   |                    rcv SYN                     |  SYN   |
//	|  RCVD  |<-----------------------------------------------|  SENT  |
//	|        |                  snd SYN,ACK                   |        |
//	|        |------------------           -------------------|        |
//	+--------+   rcv ACK of SYN  \       /  rcv SYN,ACK       +--------+
//	   |         --------------   |     |   -----------
//	   |                x         |     |     snd ACK
//	   |                          V     V
//	   |  CLOSE                 +---------+
//	   | -------                |  ESTAB  |
//	   | snd FIN                +---------+
//	   |                 CLOSE    |     |    rcv FIN
//	   V                -------   |     |    -------
//	+---------+         snd FIN  /       \   snd ACK         +---------+
//	|  FIN    |<----------------          ------------------>|  CLOSE  |
//	| WAIT-1  |------------------                            |   WAIT  |
//	+---------+          rcv FIN  \                          +---------+
//	  | rcv ACK of FIN   -------   |                          CLOSE  |
//	  | --------------   snd ACK   |                         ------- |
//	  V        x                   V                         snd FIN V
//	+---------+               +---------+                    +---------+
//	|FINWAIT-2|               | CLOSING |                    | LAST-ACK|
//	+---------+               +---------+                    +---------+
//	  |              rcv ACK of FIN |                 rcv ACK of FIN |
//	  |  rcv FIN     -------------- |    Timeout=2MSL -------------- |
//	  |  -------            x       V    ------------        x       V
//	   \ snd ACK              +---------+delete TCB          +---------+
//	     -------------------->|TIME-WAIT|------------------->| CLOSED  |
//	                          +---------+                    +---------+
//
// (The diagram is RFC 9293's Figure 5, drawn again.)
type State int

// The eleven states.
const (
	StateClosed State = iota
	StateListen
	StateSynSent
	StateSynReceived
	StateEstablished
	StateFinWait1
	StateFinWait2
	StateCloseWait
	StateClosing
	StateLastAck
	StateTimeWait
)

var stateNames = [...]string{"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
	"FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"}

// String returns the state's name as the RFC writes it.
func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// GoString is String: a failing test's "expected: FIN-WAIT-2, actual:
// CLOSING" says more than "expected: 6, actual: 8".
func (s State) GoString() string { return s.String() }

// synchronized reports whether the state is one in which both sides'
// sequence numbers are known (RFC 9293 §3.5.2): every state after the
// three-way handshake began on both sides.
func (s State) synchronized() bool {
	return s >= StateEstablished
}
