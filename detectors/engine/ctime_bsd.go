//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package engine

import "syscall"

func ctimeNanos(s *syscall.Stat_t) int64 { return s.Ctimespec.Nano() }
