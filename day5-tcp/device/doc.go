// Generated from solutions/device/doc.go by "go run ./tools/course gen".
// Learners: this is your copy for day 5 — write its TODOs here. Course authors: edit
// solutions/device/doc.go instead and regenerate; `course check` fails when the two drift.

// Package device holds the stack's device drivers: the code that plays
// "the hardware" behind a [stack.Device].
//
// Day 1 has two: [NewDummy], a device that swallows what it is given, and
// [NewLoopback], a device that gives back, as input, what it is given. Both
// follow the interrupt model of package stack: the "hardware" raises an
// interrupt, and the driver's interrupt handler hands received frames to
// [stack.Stack.Input].
package device
