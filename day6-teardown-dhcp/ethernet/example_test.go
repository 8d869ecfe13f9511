// Generated from solutions/ethernet/example_test.go by "go run ./tools/course gen".
// Learners: this is your copy for day 6 — write its TODOs here. Course authors: edit
// solutions/ethernet/example_test.go instead and regenerate; `course check` fails when the two drift.

package ethernet_test

import (
	"fmt"

	"github.com/go-tcpip-camp/camp/day6-teardown-dhcp/ethernet"
)

func ExampleParse() {
	frame := []byte{
		0x02, 0x00, 0x00, 0x00, 0x00, 0x02, // destination
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // source
		0x08, 0x00, // EtherType IPv4
		0x45, 0x00, 0x00, 0x14, // the start of an IPv4 header …
	}
	h, payload, err := ethernet.Parse(frame)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h)
	fmt.Printf("payload: % x\n", payload)
	// Output:
	// 02:00:00:00:00:01 > 02:00:00:00:00:02 type=ipv4
	// payload: 45 00 00 14
}

func ExampleAppendFrame() {
	h := ethernet.Header{
		Dst:  ethernet.Broadcast(),
		Src:  ethernet.MustParseMAC("02:00:00:00:00:01"),
		Type: ethernet.EtherTypeARP,
	}
	payload := []byte("a short payload")

	frame := make([]byte, 0, ethernet.MaxFrameLen) // no allocation in AppendFrame
	frame, err := ethernet.AppendFrame(frame, h, payload)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h)
	fmt.Println(len(frame), "bytes:", len(payload), "of payload and", len(frame)-ethernet.HeaderLen-len(payload), "of padding")
	fmt.Printf("% x\n", frame[:ethernet.HeaderLen])
	// Output:
	// 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff type=arp
	// 60 bytes: 15 of payload and 31 of padding
	// ff ff ff ff ff ff 02 00 00 00 00 01 08 06
}

func ExampleParseMAC() {
	m, err := ethernet.ParseMAC("01-00-5E-00-00-FB")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m, m.IsMulticast(), m.IsBroadcast())

	_, err = ethernet.ParseMAC("0100.5e00.00fb")
	fmt.Println(err)
	// Output:
	// 01:00:5e:00:00:fb true false
	// ethernet: bad MAC address "0100.5e00.00fb": want six hex bytes like 02:00:00:00:00:01
}

// A MAC is a comparable value, so it can key a map.
func ExampleMAC_mapKey() {
	seen := map[ethernet.MAC]int{}
	for _, s := range []string{"02:00:00:00:00:01", "02:00:00:00:00:02", "02-00-00-00-00-01"} {
		seen[ethernet.MustParseMAC(s)]++
	}
	fmt.Println(len(seen), seen[ethernet.MustParseMAC("02:00:00:00:00:01")])
	// Output:
	// 2 2
}
