//go:build unix

package forensics

import "syscall"

// cpuNanos is the process's user+system CPU time: on a shared, loaded
// machine it measures the work done where wall time measures the queue.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
