//camp:file 5

package tcp_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-tcpip-camp/camp/solutions/internal/camptest"
	"github.com/go-tcpip-camp/camp/solutions/todo"
)

// TestEveryRetransmissionIsAcknowledged: our ACK of a segment is lost,
// and the peer sends the segment again three times within 30 ms (a tail
// loss probe, then retransmissions). Each copy lies wholly before RCV.NXT,
// is not acceptable, and is answered with an ACK: the rate limit of
// challenge ACKs (one per ChallengeACKInterval, 500 ms) is for RSTs, SYNs
// and bare ACKs. Limited, the second and third copies met silence, and at
// 5 % loss a sender whose ACK was lost retransmitted into it, backing off,
// for up to a second (docs/performance.md).
func TestEveryRetransmissionIsAcknowledged(t *testing.T) {
	todo.Covers(t, 5, "tcp-seq-check")
	synctest.Test(t, func(t *testing.T) {
		h, port := scripted(t)
		iss, ln := handshake(t, h, port)
		accept(t, ln)
		hello := seg(1001, iss+1, camptest.TCPSegment{Payload: []byte("hello")})
		send(t, port, hello)
		assert.Equal(t, uint32(1006), only(t, port, "the data is acknowledged").Ack, "ACK field after 5 bytes from 1001")
		for i := range 3 {
			time.Sleep(10 * time.Millisecond)
			send(t, port, hello)
			segs := answers(t, port)
			require.Len(t, segs, 1, "copy %d of the segment (SEQ 1001–1005, wholly before RCV.NXT 1006), %v after the first, is answered with an ACK",
				i+1, time.Duration(i+1)*10*time.Millisecond)
			assert.Equal(t, uint32(1006), segs[0].Ack, "ACK field of the answer to copy %d", i+1)
		}
	})
}
